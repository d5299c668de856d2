// SPDX-License-Identifier: Apache-2.0
// Small pieces every page uses: the page heading, state badges, loading and error notes, and a
// button that runs an API call with its own busy state and error toast.
import { ApiError } from "../core/api";
import { h, type Child } from "../core/dom";
import { toast } from "./toast";

export function heading(title: string, ...extra: Child[]): HTMLElement {
  return h("header", { class: "page-head" }, h("h1", null, title), ...extra);
}

export function badge(text: string, tone: "ok" | "warn" | "bad" | "muted" = "muted"): HTMLElement {
  return h("span", { class: `badge ${tone}` }, text);
}

export function healthBadge(health: string): HTMLElement {
  const tone = health === "ok" ? "ok" : health === "degraded" ? "warn" : "bad";
  return badge(health, tone);
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message || e.code;
  return e instanceof Error ? e.message : String(e);
}

export function failure(e: unknown): HTMLElement {
  return h("p", { class: "error", role: "alert" }, errorText(e));
}

export function loading(): HTMLElement {
  return h("p", { class: "muted" }, "Loading…");
}

// A button that runs `run` once per click, disabled while it runs; the API's error becomes a
// toast. `run` returns the message to show on success, if any.
export function actionButton(
  label: string,
  run: () => Promise<string | void>,
  attrs: Record<string, string | boolean> = {},
): HTMLButtonElement {
  const btn = h("button", { type: "button", ...attrs }, label);
  btn.addEventListener("click", async () => {
    btn.disabled = true;
    try {
      const done = await run();
      if (done) toast(done);
    } catch (e) {
      toast(errorText(e), "error");
    } finally {
      btn.disabled = false;
    }
  });
  return btn;
}

export function table(head: string[], rows: Child[][], attrs: Record<string, string> = {}): HTMLElement {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      attrs,
      h("thead", null, h("tr", null, head.map((c) => h("th", { scope: "col" }, c)))),
      h(
        "tbody",
        null,
        rows.length
          ? rows.map((r) => h("tr", null, r.map((c, i) => h("td", { "data-label": head[i] ?? "" }, c))))
          : h("tr", null, h("td", { colspan: head.length, class: "muted" }, "Nothing here.")),
      ),
    ),
  );
}

// SPDX-License-Identifier: Apache-2.0
// The Lua bots: each with its state, and enable, disable and reload.
import { api, enc } from "../core/api";
import { fill, h } from "../core/dom";
import { href, type Visit } from "../core/router";
import { canChange } from "../core/session";
import type { BotRow } from "../core/types";
import { actionButton, badge, failure, heading, loading, table } from "../ui/parts";

export async function botsPage(root: HTMLElement, visit: Visit): Promise<void> {
  const list = h("div", null, loading());
  root.append(heading("Bots"), list);

  async function load(): Promise<void> {
    try {
      const res = await api.get<{ bots: BotRow[] }>("/bots");
      if (visit.signal.aborted) return;
      const act = (b: BotRow, what: "enable" | "disable" | "reload", label: string) =>
        actionButton(label, async () => {
          await api.post(`/bots/${enc(b.name)}/${what}`);
          await load();
          return `${b.name}: ${label.toLowerCase()}d`;
        });
      fill(
        list,
        table(
          ["Bot", "State", "Health", ""],
          res.bots.map((b) => [
            h("a", { href: href(`/bots/${encodeURIComponent(b.name)}`), "data-bot": b.name }, b.name),
            b.enabled ? badge("enabled", "ok") : badge("disabled"),
            h("span", null, b.healthy ? badge("healthy", "ok") : badge("failing", "bad"), b.reason ? h("div", { class: "muted small" }, b.reason) : null),
            canChange()
              ? h("span", { class: "row-actions" }, b.enabled ? act(b, "disable", "Disable") : act(b, "enable", "Enable"), act(b, "reload", "Reload"))
              : "",
          ]),
          { "aria-label": "Bots" },
        ),
      );
    } catch (e) {
      fill(list, failure(e));
    }
  }
  await load();
}

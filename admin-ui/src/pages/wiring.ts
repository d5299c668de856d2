// SPDX-License-Identifier: Apache-2.0
// The event bus wiring (GET /v1/admin/wiring): the graph drawn, and the same as a table of
// event → handlers in order with priority, deadline and failure mode.
import { api } from "../core/api";
import { fill, h } from "../core/dom";
import type { Visit } from "../core/router";
import type { WiringEvent } from "../core/types";
import { badge, failure, heading, loading, table } from "../ui/parts";
import { wiringGraph } from "../widgets/wiring_graph";

export async function wiringPage(root: HTMLElement, visit: Visit): Promise<void> {
  const body = h("div", null, loading());
  root.append(heading("Wiring"), body);
  try {
    const res = await api.get<{ events: WiringEvent[] }>("/wiring");
    if (visit.signal.aborted) return;
    const events = res.events.filter((e) => e.handlers.length > 0);
    const rows = events.flatMap((e) =>
      e.handlers.map((x, i) => [
        i === 0 ? h("strong", null, e.event) : "",
        String(i + 1),
        x.excluded ? h("span", null, h("s", null, x.instance), " ", badge("excluded")) : x.instance,
        badge(x.mode, x.mode === "interceptor" ? "warn" : "muted"),
        x.priority === undefined || x.priority === null ? "—" : String(x.priority),
        x.mode === "interceptor" ? `${x.deadline_ms ?? "—"} ms` : "—",
        x.mode === "interceptor" ? (x.failure_mode ?? "—") : "—",
      ]),
    );
    fill(
      body,
      events.length ? wiringGraph(events) : h("p", { class: "muted" }, "No handler is wired."),
      h("h2", null, "In order"),
      table(["Event", "#", "Instance", "Mode", "Priority", "Deadline", "On failure"], rows, {
        "aria-label": "Wiring",
      }),
    );
  } catch (e) {
    fill(body, failure(e));
  }
}

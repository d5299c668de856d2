// SPDX-License-Identifier: Apache-2.0
// The dashboard: the server's figures as cards and live charts of each (connections per
// transport, online users, messages/s, deliveries/s, latency percentiles, store queue, push,
// bus handler latency and errors) from GET /v1/admin/dashboard, whose history holds the last
// hour of every figure; polled every few seconds while the page is open.
import { api } from "../core/api";
import { fill, h } from "../core/dom";
import { dateTime, num } from "../core/format";
import type { Visit } from "../core/router";
import type { Dashboard, HandlerFigure, Series } from "../core/types";
import { badge, errorText, heading, table } from "../ui/parts";
import { lineChart } from "../widgets/chart";
import { flatten, handlerLines, type History, lines } from "./figures";

const POLL_MS = 3000;
// Lines per bus handler chart: the busiest handlers.
const HANDLER_LINES = 7;

type Pick = (history: History) => Record<string, Series>;
const figure = (name: string, self: string): Pick => (history) => lines(history, name, self);

const CHARTS: Array<{ id: string; title: string; unit: string; pick: Pick }> = [
  { id: "connections", title: "Connections per transport", unit: "open", pick: figure("connections", "all") },
  { id: "online", title: "Online users", unit: "users", pick: figure("online_users", "online") },
  { id: "messages", title: "Messages", unit: "per second", pick: figure("messages_per_s", "messages/s") },
  { id: "deliveries", title: "Deliveries", unit: "per second", pick: figure("deliveries_per_s", "deliveries/s") },
  { id: "latency", title: "Send → deliver latency", unit: "ms", pick: figure("latency_ms", "latency") },
  { id: "store-queue", title: "Store queue", unit: "waiting writes", pick: figure("store_queue", "queued") },
  { id: "push", title: "Push notifications", unit: "since start", pick: figure("push", "push") },
  {
    id: "handler-latency",
    title: "Bus handler latency, p95 per interval",
    unit: "ms",
    pick: (history) => handlerLines(history, "p95_ms", HANDLER_LINES),
  },
  {
    id: "handler-errors",
    title: "Bus handler errors per interval",
    unit: "errors",
    pick: (history) => handlerLines(history, "errors", HANDLER_LINES),
  },
];

const CARD_LABELS: Record<string, string> = {
  online_users: "Online users",
  messages_per_s: "Messages/s",
  deliveries_per_s: "Deliveries/s",
  store_queue: "Store queue",
};

function cardLabel(name: string): string {
  if (CARD_LABELS[name]) return CARD_LABELS[name];
  if (name.startsWith("connections.")) return `Connections: ${name.slice(12)}`;
  if (name.startsWith("latency_ms.")) return `Latency ${name.slice(11)} (ms)`;
  if (name.startsWith("push.")) return `Push ${name.slice(5)}`;
  return name.replace(/_/g, " ");
}

export function dashboardPage(root: HTMLElement, visit: Visit): void {
  const status = h("p", { class: "muted small", "aria-live": "polite" }, "Loading…");
  const cards = h("div", { class: "cards" });
  const charts = CHARTS.map((c) => ({ ...c, chart: lineChart(c.id, c.title, c.unit) }));
  const handlers = h("section", { class: "handlers" });
  root.append(
    heading("Dashboard", status),
    cards,
    h("div", { class: "charts" }, charts.map((c) => c.chart.element)),
    handlers,
  );

  function show(d: Dashboard): void {
    const figures = flatten({ ...d.figures, handlers: undefined });
    fill(
      cards,
      Object.entries(figures).map(([name, value]) =>
        h(
          "div",
          { class: "card", "data-figure": name },
          h("span", { class: "card-label" }, cardLabel(name)),
          h("span", { class: "card-value" }, num(value)),
        ),
      ),
    );
    for (const c of charts) c.chart.update(c.pick(d.history ?? {}));
    const latency = (x: HandlerFigure, which: "mean" | "p95") =>
      typeof x.latency_ms === "number" ? (which === "mean" ? x.latency_ms : undefined) : x.latency_ms?.[which];
    const rows = (d.figures.handlers ?? []).map((x) => [
      x.instance,
      x.event,
      x.kind ?? "",
      num(x.calls),
      num(latency(x, "mean"), 3),
      num(latency(x, "p95"), 3),
      x.errors ? badge(num(x.errors), "bad") : "0",
    ]);
    fill(
      handlers,
      h("h2", null, "Bus handlers"),
      table(["Instance", "Event", "Kind", "Calls", "Mean (ms)", "p95 (ms)", "Errors"], rows, {
        "aria-label": "Bus handlers",
      }),
    );
    status.textContent = `Updated ${dateTime(d.now || Date.now())}; refreshes every ${POLL_MS / 1000} s.`;
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  async function poll(): Promise<void> {
    try {
      const d = await api.get<Dashboard>("/dashboard");
      if (visit.signal.aborted) return;
      show(d);
    } catch (e) {
      status.textContent = `Could not refresh: ${errorText(e)}`;
    }
    if (!visit.signal.aborted) timer = setTimeout(() => void poll(), POLL_MS);
  }
  visit.signal.addEventListener("abort", () => {
    clearTimeout(timer);
    for (const c of charts) c.chart.destroy();
  });
  void poll();
}

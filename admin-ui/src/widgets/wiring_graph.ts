// SPDX-License-Identifier: Apache-2.0
// Draws the bus wiring as SVG: events on the left, plugin instances on the right, one edge
// per handler numbered in dispatch order (solid: interceptor, dashed: observer). Pointing at
// a node highlights its edges.
import { h, svg } from "../core/dom";
import type { WiringEvent } from "../core/types";

const ROW = 30;
const BOX_H = 22;
const LEFT_X = 8;
const LEFT_W = 250;
const RIGHT_X = 520;
const RIGHT_W = 220;
const WIDTH = RIGHT_X + RIGHT_W + 8;

export function wiringGraph(events: WiringEvent[]): HTMLElement {
  const instances = [...new Set(events.flatMap((e) => e.handlers.map((x) => x.instance)))].sort();
  const rows = Math.max(events.length, instances.length, 1);
  const height = rows * ROW + 16;
  const evY = (i: number) => 8 + i * ROW + ((rows - events.length) * ROW) / 2;
  const inY = (i: number) => 8 + i * ROW + ((rows - instances.length) * ROW) / 2;

  const edges: SVGElement[] = [];
  const edgeOf = new Map<string, SVGElement[]>();
  const remember = (key: string, el: SVGElement) => edgeOf.set(key, [...(edgeOf.get(key) ?? []), el]);

  events.forEach((ev, i) => {
    ev.handlers.forEach((hd, order) => {
      const j = instances.indexOf(hd.instance);
      const y1 = evY(i) + BOX_H / 2;
      const y2 = inY(j) + BOX_H / 2;
      const x1 = LEFT_X + LEFT_W;
      const x2 = RIGHT_X;
      const mid = (x1 + x2) / 2;
      const details = [
        `${ev.event} → ${hd.instance}`,
        `#${order + 1} ${hd.mode}${hd.priority === undefined || hd.priority === null ? "" : `, priority ${hd.priority}`}`,
        hd.excluded ? "excluded by [bus.handlers] events" : "",
        hd.mode === "interceptor" ? `deadline ${hd.deadline_ms ?? "default"} ms, fails ${hd.failure_mode ?? "default"}` : "",
      ].filter(Boolean);
      const edge = svg(
        "g",
        {
          class: `edge ${hd.mode}${hd.excluded ? " excluded" : ""}`,
          "data-event": ev.event,
          "data-instance": hd.instance,
        },
        svg("title", null, details.join("\n")),
        svg("path", { d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}` }),
        svg("text", { x: x1 + 6 + order * 14, y: y1 - 3, class: "order" }, String(order + 1)),
      );
      edges.push(edge);
      remember(`e:${ev.event}`, edge);
      remember(`i:${hd.instance}`, edge);
    });
  });

  const node = (key: string, label: string, x: number, y: number, w: number, kind: string, tip: string) => {
    const g = svg(
      "g",
      { class: `node ${kind}`, tabindex: "0", "data-node": label },
      svg("title", null, tip),
      svg("rect", { x, y, width: w, height: BOX_H, rx: 4 }),
      svg("text", { x: x + 8, y: y + 15 }, label.length > 34 ? `${label.slice(0, 33)}…` : label),
    );
    const on = (lit: boolean) => {
      for (const e of edgeOf.get(key) ?? []) e.classList.toggle("lit", lit);
      g.classList.toggle("lit", lit);
    };
    g.addEventListener("mouseenter", () => on(true));
    g.addEventListener("mouseleave", () => on(false));
    g.addEventListener("focus", () => on(true));
    g.addEventListener("blur", () => on(false));
    return g;
  };

  const graph = svg(
    "svg",
    {
      class: "wiring-graph",
      viewBox: `0 0 ${WIDTH} ${height}`,
      width: WIDTH,
      role: "img",
      "aria-label": `Wiring: ${events.length} events, ${instances.length} instances`,
    },
    svg("g", { class: "edges" }, edges),
    events.map((ev, i) =>
      node(`e:${ev.event}`, ev.event, LEFT_X, evY(i), LEFT_W, "event", `${ev.event}: ${ev.handlers.length} handler(s)`),
    ),
    instances.map((name, j) => node(`i:${name}`, name, RIGHT_X, inY(j), RIGHT_W, "instance", name)),
  );
  return h(
    "div",
    { class: "graph-wrap" },
    h(
      "p",
      { class: "legend small" },
      h("span", { class: "key interceptor" }, "interceptor (before commit, can veto)"),
      h("span", { class: "key observer" }, "observer (after commit)"),
      "Numbers give the order in which handlers run.",
    ),
    graph,
  );
}

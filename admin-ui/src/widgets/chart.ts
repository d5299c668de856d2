// SPDX-License-Identifier: Apache-2.0
// A live time-series chart (uPlot, bundled): one line per series, redrawn with new data on
// every dashboard poll and resized with its box. Its data-points and data-latest attributes
// say what it shows, for people inspecting the page and for the browser tests.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { h } from "../core/dom";
import type { Series } from "../core/types";
import { align } from "./align";

const COLORS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#4b5563"];

export interface LineChart {
  element: HTMLElement;
  update(series: Record<string, Series>): void;
  destroy(): void;
}

export function lineChart(id: string, title: string, unit: string): LineChart {
  const box = h("div", { class: "chart-box" });
  const empty = h("p", { class: "muted small chart-empty" }, "No samples yet.");
  const element = h(
    "figure",
    { class: "chart", "data-chart": id, "data-points": "0" },
    h("figcaption", null, title, h("span", { class: "muted" }, ` (${unit})`)),
    box,
    empty,
  );
  let plot: uPlot | null = null;
  let names: string[] = [];

  const width = () => Math.max(240, Math.floor(box.clientWidth || 480));
  const resize = new ResizeObserver(() => plot?.setSize({ width: width(), height: 180 }));
  resize.observe(box);

  function build(keys: string[]): void {
    plot?.destroy();
    names = keys;
    plot = new uPlot(
      {
        width: width(),
        height: 180,
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), Math.max(1, max)] } },
        // Wider spacing keeps the time labels from running into each other on a phone.
        axes: [{ space: 80 }, { size: 50 }],
        series: [
          {},
          ...keys.map((k, i) => ({
            label: k,
            stroke: COLORS[i % COLORS.length],
            width: 2,
            spanGaps: true,
            // Dots only while a line is short: one sample alone draws no line.
            points: { show: (_u: uPlot, _s: number, i0: number, i1: number) => i1 - i0 < 30, size: 5 },
          })),
        ],
      },
      [[]],
      box,
    );
  }

  return {
    element,
    update(series) {
      const keys = Object.keys(series).sort();
      if (!plot || keys.join("\n") !== names.join("\n")) build(keys);
      const data = align(keys.map((k) => series[k] ?? []));
      plot?.setData(data as uPlot.AlignedData);
      const latest: Record<string, number | null> = {};
      for (const k of keys) latest[k] = series[k]?.at(-1)?.[1] ?? null;
      element.dataset.points = String(data[0].length);
      element.dataset.latest = JSON.stringify(latest);
      empty.hidden = data[0].length > 0;
    },
    destroy() {
      resize.disconnect();
      plot?.destroy();
      plot = null;
    },
  };
}

// SPDX-License-Identifier: Apache-2.0
// Reads the dashboard's figures: nested objects become dotted names ("connections.ws",
// "latency_ms.p95") so cards and charts can pick figures by prefix. The server keeps an hour
// of history for some figures only (totals); the others are recorded here from each poll, so
// a chart of them fills while the page is open.
import type { Series } from "../core/types";

export function flatten(value: unknown, prefix = "", out: Record<string, number> = {}): Record<string, number> {
  if (typeof value === "number") out[prefix] = value;
  else if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

const KEEP_MS = 60 * 60 * 1000;

export class LiveHistory {
  private readonly series = new Map<string, Series>();

  record(now: number, figures: Record<string, number>): void {
    for (const [name, value] of Object.entries(figures)) {
      const s = this.series.get(name) ?? [];
      if (s.at(-1)?.[0] !== now) s.push([now, value]);
      while (s.length > 0 && (s[0]?.[0] ?? now) < now - KEEP_MS) s.shift();
      this.series.set(name, s);
    }
  }

  get(name: string): Series | undefined {
    return this.series.get(name);
  }
}

// Other names the server's history uses for a figure ("latency_p95_ms" for "latency_ms.p95").
function historyNames(figure: string): string[] {
  const [base, sub] = figure.split(".", 2);
  if (!sub || !base) return [figure];
  const unit = /_(ms|s)$/.exec(base)?.[0] ?? "";
  return [figure, `${base}_${sub}`, `${base.slice(0, base.length - unit.length)}_${sub}${unit}`];
}

export interface ChartLines {
  history: Record<string, Series>;
  live: LiveHistory;
  figures: Record<string, number>;
}

// The lines of a chart of `prefix`: the figure itself (named `self`) or each of its members
// (named by what follows the prefix), from the server's history where it keeps one, else from
// what this page recorded. A total the server keeps for an object figure is the line "all".
export function lines(src: ChartLines, prefix: string, self: string): Record<string, Series> {
  const out: Record<string, Series> = {};
  const pick = (figure: string): Series | undefined => {
    for (const name of historyNames(figure)) {
      const s = src.history[name];
      if (s && s.length > 0) return s;
    }
    return src.live.get(figure);
  };
  if (prefix in src.figures) {
    const s = pick(prefix);
    if (s) out[self] = s;
    return out;
  }
  for (const name of Object.keys(src.figures)) {
    if (!name.startsWith(`${prefix}.`)) continue;
    const s = pick(name);
    if (s) out[name.slice(prefix.length + 1)] = s;
  }
  const total = src.history[prefix];
  if (total && total.length > 0) out.all = total;
  return out;
}

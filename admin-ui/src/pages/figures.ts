// SPDX-License-Identifier: Apache-2.0
// Reads the dashboard's figures: nested objects become dotted names ("connections.ws",
// "latency_ms.p95") so cards and charts can pick figures by prefix. The server's history uses
// the same names (and "handlers.<instance>/<event>.p95_ms|errors" for the bus handlers), so a
// chart opened now shows the last hour at once.
import type { Series } from "../core/types";

export function flatten(value: unknown, prefix = "", out: Record<string, number> = {}): Record<string, number> {
  if (typeof value === "number") out[prefix] = value;
  else if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

export type History = Record<string, Series>;

// The lines of a chart of `prefix`: the series itself (named `self`) or each of its members
// (named by what follows the prefix); for an object figure with a total (connections), `self`
// names the total's line ("all").
export function lines(history: History, prefix: string, self: string): Record<string, Series> {
  const out: Record<string, Series> = {};
  for (const [name, s] of Object.entries(history)) {
    if (s.length === 0) continue;
    if (name === prefix) out[self] = s;
    else if (name.startsWith(`${prefix}.`)) out[name.slice(prefix.length + 1)] = s;
  }
  return out;
}

// The bus handlers' series ending in `.${suffix}`, named "<instance>/<event>": the `max`
// handlers with the highest values in the window (a chart of every handler is unreadable),
// leaving out handlers that were all zero.
export function handlerLines(history: History, suffix: string, max: number): Record<string, Series> {
  const ranked: Array<[string, Series, number]> = [];
  for (const [name, s] of Object.entries(history)) {
    if (!name.startsWith("handlers.") || !name.endsWith(`.${suffix}`)) continue;
    const peak = Math.max(0, ...s.map(([, v]) => v));
    if (peak > 0) ranked.push([name.slice(9, name.length - suffix.length - 1), s, peak]);
  }
  ranked.sort((a, b) => b[2] - a[2]);
  return Object.fromEntries(ranked.slice(0, max).map(([name, s]) => [name, s]));
}

// SPDX-License-Identifier: Apache-2.0
// Reads the dashboard's figures: nested objects become dotted names ("connections.ws",
// "latency_ms.p95") so cards and charts can pick figures by prefix.
import type { Series } from "../core/types";

export function flatten(value: unknown, prefix = "", out: Record<string, number> = {}): Record<string, number> {
  if (typeof value === "number") out[prefix] = value;
  else if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

// The history series whose names start with `prefix`, named by what follows it; a series
// named `prefix` itself is named `self`.
export function pick(history: Record<string, Series>, prefix: string, self: string): Record<string, Series> {
  const out: Record<string, Series> = {};
  for (const [name, series] of Object.entries(history)) {
    if (name === prefix) out[self] = series;
    else if (name.startsWith(`${prefix}.`)) out[name.slice(prefix.length + 1)] = series;
  }
  return out;
}

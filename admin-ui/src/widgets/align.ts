// SPDX-License-Identifier: Apache-2.0
// Puts several [t_ms, value] series on one time axis for uPlot: the union of their times
// (in seconds, uPlot's unit), with null where a series has no sample at that time.
import type { Series } from "../core/types";

export type Aligned = [number[], ...Array<Array<number | null>>];

export function align(series: Series[]): Aligned {
  const times = new Set<number>();
  for (const s of series) for (const [t] of s) times.add(t);
  const xs = [...times].sort((a, b) => a - b);
  const columns = series.map((s) => {
    const at = new Map(s.map(([t, v]) => [t, v] as const));
    return xs.map((t) => at.get(t) ?? null);
  });
  return [xs.map((t) => t / 1000), ...columns];
}

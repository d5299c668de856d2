// SPDX-License-Identifier: Apache-2.0
// Small inline SVG icons: emoji glyphs depend on the fonts a system has, these do not.
import { svg } from "../core/dom";

const PATHS = {
  clip: "M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5",
  unlock: "M7 11V7a5 5 0 0 1 9.6-2M5 11h14v10H5z",
  lock: "M7 11V7a5 5 0 0 1 10 0v4M5 11h14v10H5z",
  clock: "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 2",
  info: "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 11v6M12 7.5v.5",
  group: "M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM3 20a6 6 0 0 1 12 0M16 11a3 3 0 1 0 0-6M17 14a6 6 0 0 1 4 6",
};

export type IconName = keyof typeof PATHS;

export function icon(name: IconName, label?: string): SVGSVGElement {
  return svg(
    "svg",
    {
      class: `icon icon-${name}`,
      viewBox: "0 0 24 24",
      width: "1em",
      height: "1em",
      fill: "none",
      stroke: "currentColor",
      "stroke-width": 2,
      "stroke-linecap": "round",
      "stroke-linejoin": "round",
      role: label ? "img" : null,
      "aria-label": label ?? null,
      "aria-hidden": label ? null : "true",
    },
    svg("path", { d: PATHS[name] }),
  );
}

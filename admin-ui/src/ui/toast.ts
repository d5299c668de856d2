// SPDX-License-Identifier: Apache-2.0
// Short messages after an action ("user banned", or the API's error), read out by screen
// readers through a live region.
import { h } from "../core/dom";

let region: HTMLElement | null = null;

export function toast(text: string, kind: "ok" | "error" = "ok"): void {
  if (!region) {
    region = h("div", { class: "toasts", role: "status", "aria-live": "polite" });
    document.body.appendChild(region);
  }
  const item = h("div", { class: `toast ${kind}` }, text);
  region.appendChild(item);
  setTimeout(() => item.remove(), kind === "error" ? 8000 : 4000);
}

// SPDX-License-Identifier: Apache-2.0
// Short notices at the bottom of the screen (a failed send, a changed safety number).
import { h } from "../core/dom";

let box: HTMLElement | null = null;

export function toast(text: string, ms = 5000): void {
  if (!box) {
    box = h("div", { class: "toasts", role: "status", "aria-live": "polite" });
    document.body.append(box);
  }
  const t = h("div", { class: "toast" }, text);
  box.append(t);
  setTimeout(() => t.remove(), ms);
}

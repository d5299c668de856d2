// SPDX-License-Identifier: Apache-2.0
// Cursor paging for lists the API pages with {"next"}: remembers the cursors of the pages
// already seen so "Previous" goes back without the API having to page backwards.
import { h } from "../core/dom";

export interface Pager {
  element: HTMLElement;
  cursor(): string | undefined;
  // Records what the API answered for the current page.
  loaded(next: string | null | undefined, count: number): void;
  reset(): void;
}

export function pager(onMove: () => void): Pager {
  const stack: Array<string | undefined> = [undefined];
  let next: string | null | undefined;
  const prev = h("button", { type: "button", "data-page": "prev" }, "Previous");
  const more = h("button", { type: "button", "data-page": "next" }, "Next");
  const where = h("span", { class: "muted small" });
  prev.addEventListener("click", () => {
    if (stack.length > 1) stack.pop();
    onMove();
  });
  more.addEventListener("click", () => {
    if (!next) return;
    stack.push(next);
    onMove();
  });
  return {
    element: h("div", { class: "pager" }, prev, where, more),
    cursor: () => stack[stack.length - 1],
    loaded(n, count) {
      next = n;
      prev.disabled = stack.length <= 1;
      more.disabled = !n;
      where.textContent = `page ${stack.length} · ${count} shown`;
    },
    reset() {
      stack.length = 1;
    },
  };
}

// SPDX-License-Identifier: Apache-2.0
// A plain code editor: a textarea with line numbers, Tab inserting spaces, and one line that
// can be marked (where the Lua syntax error is). No editor library: bots are short scripts.
import { h } from "../core/dom";

export interface CodeEditor {
  element: HTMLElement;
  textarea: HTMLTextAreaElement;
  value(): string;
  setValue(text: string): void;
  markLine(line: number | null): void;
}

export function codeEditor(text: string, label: string, readOnly: boolean): CodeEditor {
  const gutter = h("div", { class: "gutter", "aria-hidden": "true" });
  const textarea = h("textarea", {
    class: "code",
    spellcheck: "false",
    autocapitalize: "off",
    autocomplete: "off",
    wrap: "off",
    "aria-label": label,
    readonly: readOnly,
  });
  textarea.value = text;
  let marked: number | null = null;

  function numbers(): void {
    const count = textarea.value.split("\n").length;
    // Lua reports an unclosed block at <eof>, which may be past the last line.
    const bad = marked === null ? 0 : Math.min(marked, count);
    gutter.replaceChildren(
      ...Array.from({ length: count }, (_, i) =>
        h("div", { class: i + 1 === bad ? "bad" : "" }, String(i + 1)),
      ),
    );
    gutter.scrollTop = textarea.scrollTop;
  }
  textarea.addEventListener("input", numbers);
  textarea.addEventListener("scroll", () => {
    gutter.scrollTop = textarea.scrollTop;
  });
  textarea.addEventListener("keydown", (ev) => {
    if (ev.key !== "Tab" || ev.shiftKey || readOnly) return;
    ev.preventDefault();
    textarea.setRangeText("  ", textarea.selectionStart, textarea.selectionEnd, "end");
    numbers();
  });
  numbers();
  return {
    element: h("div", { class: "editor" }, gutter, textarea),
    textarea,
    value: () => textarea.value,
    setValue(t) {
      textarea.value = t;
      numbers();
    },
    markLine(line) {
      marked = line;
      numbers();
      if (line) {
        const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 18;
        textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
      }
    },
  };
}

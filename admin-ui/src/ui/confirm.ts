// SPDX-License-Identifier: Apache-2.0
// Asks before a destructive action. With `typeToConfirm` the button stays disabled until the
// admin types that text (the target's id), as the API's own confirm field expects.
import { h } from "../core/dom";

export interface ConfirmOptions {
  title: string;
  message: string;
  action: string;
  typeToConfirm?: string;
}

export function confirmAction(opts: ConfirmOptions): Promise<boolean> {
  return new Promise((resolve) => {
    const typed = opts.typeToConfirm
      ? h("input", {
          type: "text",
          name: "confirm",
          autocomplete: "off",
          spellcheck: "false",
          "aria-label": `Type ${opts.typeToConfirm} to confirm`,
        })
      : null;
    const ok = h("button", { type: "submit", class: "danger", value: "yes" }, opts.action);
    const cancel = h("button", { type: "button", value: "no" }, "Cancel");
    const form = h(
      "form",
      { method: "dialog" },
      h("h2", null, opts.title),
      h("p", null, opts.message),
      typed
        ? h("label", null, h("span", null, "Type ", h("code", null, opts.typeToConfirm ?? ""), " to confirm"), typed)
        : null,
      h("div", { class: "actions" }, cancel, ok),
    );
    const dialog = h("dialog", { class: "confirm", "aria-label": opts.title }, form);
    let answer = false;
    if (typed) {
      ok.disabled = true;
      typed.addEventListener("input", () => {
        ok.disabled = typed.value.trim() !== opts.typeToConfirm;
      });
    }
    form.addEventListener("submit", () => {
      answer = !ok.disabled;
    });
    cancel.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(answer);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    (typed ?? cancel).focus();
  });
}

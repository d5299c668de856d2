// SPDX-License-Identifier: Apache-2.0
// Logging in: a phone number, the code the server texts (or a test number's fixed code),
// then this browser becomes a new device of that account.
import { h } from "../core/dom";
import { deviceName, requestCode, verify, type Login } from "../net/auth";

export function loginView(onLogin: (login: Login) => Promise<void>): HTMLElement {
  const phone = h("input", { id: "phone", type: "tel", autocomplete: "tel", placeholder: "+15551230001", required: true });
  const code = h("input", { id: "code", inputmode: "numeric", autocomplete: "one-time-code", required: true });
  const error = h("p", { class: "error", role: "alert" });
  const codeStep = h(
    "form",
    { class: "step", hidden: true },
    h("label", { for: "code" }, "Code"),
    code,
    h("button", { type: "submit" }, "Log in"),
  );
  const phoneStep = h(
    "form",
    { class: "step" },
    h("label", { for: "phone" }, "Phone number"),
    phone,
    h("button", { type: "submit" }, "Send code"),
  );
  phoneStep.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    try {
      await requestCode(phone.value.trim());
      codeStep.hidden = false;
      code.focus();
    } catch (err) {
      error.textContent = (err as Error).message;
    }
  });
  codeStep.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    const button = codeStep.querySelector("button")!;
    button.disabled = true;
    try {
      await onLogin(await verify(phone.value.trim(), code.value.trim(), deviceName()));
    } catch (err) {
      error.textContent = (err as Error).message;
    } finally {
      button.disabled = false;
    }
  });
  return h(
    "div",
    { class: "login" },
    h("h1", null, "Switchboard"),
    h("p", { class: "muted" }, "Messages are end-to-end encrypted: this browser keeps the keys."),
    phoneStep,
    codeStep,
    error,
  );
}

// SPDX-License-Identifier: Apache-2.0
// The login form: POST /v1/admin/login sets the session cookie and answers the CSRF token.
import { api, ApiError } from "../core/api";
import { h } from "../core/dom";
import { navigate, type Visit } from "../core/router";
import { signedIn } from "../core/session";
import type { Me } from "../core/types";

// Only paths inside the UI, so a crafted ?next= cannot send the admin elsewhere.
function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login")
    ? next
    : "/";
}

export function loginPage(root: HTMLElement, visit: Visit): void {
  const name = h("input", { name: "name", autocomplete: "username", required: true });
  const password = h("input", {
    name: "password",
    type: "password",
    autocomplete: "current-password",
    required: true,
  });
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", class: "primary" }, "Log in");
  const form = h(
    "form",
    { class: "login" },
    h("h1", null, "Switchboard admin"),
    h("label", null, "Name", name),
    h("label", null, "Password", password),
    error,
    submit,
    h(
      "p",
      { class: "muted small" },
      "No account yet? On the server: ",
      h("code", null, "switchboard admin add <name>"),
    ),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    try {
      const who = await api.post<Me>("/login", { name: name.value.trim(), password: password.value });
      signedIn(who);
      navigate(safeNext(visit.query.get("next")), { replace: true });
    } catch (e) {
      error.textContent =
        e instanceof ApiError && e.status === 401
          ? "Wrong name or password."
          : e instanceof Error
            ? e.message
            : String(e);
      error.hidden = false;
      password.select();
    } finally {
      submit.disabled = false;
    }
  });
  root.append(h("div", { class: "login-page" }, form));
  name.focus();
}

// SPDX-License-Identifier: Apache-2.0
// Admin accounts (add, change role, delete) and API tokens for scripts (create — shown once —
// and delete). Only owners change these; the API refuses removing the last owner or oneself.
import { api, enc } from "../core/api";
import { add, fill, h } from "../core/dom";
import { dateTime } from "../core/format";
import type { Visit } from "../core/router";
import { canManageAdmins, me } from "../core/session";
import type { AdminRow, Role, TokenRow } from "../core/types";
import { confirmAction } from "../ui/confirm";
import { actionButton, badge, errorText, failure, heading, loading, table } from "../ui/parts";
import { toast } from "../ui/toast";

const ROLES: Role[] = ["viewer", "operator", "owner"];

function roleSelect(name: string, value: Role = "viewer"): HTMLSelectElement {
  const sel = h("select", { name, "aria-label": "Role" }, ROLES.map((r) => h("option", { value: r }, r)));
  sel.value = value;
  return sel;
}

export function adminsPage(root: HTMLElement, visit: Visit): void {
  const owner = canManageAdmins();
  const admins = h("section", null, loading());
  const tokens = h("section", null, loading());
  add(
    root,
    heading("Admins & tokens"),
    owner ? null : h("p", { class: "muted" }, "Only owners change admin accounts and tokens."),
    admins,
    tokens,
  );

  async function loadAdmins(): Promise<void> {
    let list: AdminRow[];
    try {
      list = (await api.get<{ admins: AdminRow[] }>("/admins")).admins;
    } catch (e) {
      fill(admins, h("h2", null, "Admin accounts"), failure(e));
      return;
    }
    if (visit.signal.aborted) return;
    const rows = list.map((a) => {
      const self = a.name === me()?.name;
      const role = roleSelect(`role-${a.name}`, a.role);
      // Nobody changes their own role (the API refuses it too).
      role.disabled = !owner || self;
      role.addEventListener("change", async () => {
        try {
          await api.put(`/admins/${enc(a.name)}`, { role: role.value });
          toast(`${a.name} is now ${role.value}`);
        } catch (e) {
          toast(errorText(e), "error");
          role.value = a.role;
        }
      });
      const del = actionButton(
        "Delete",
        async () => {
          const ok = await confirmAction({ title: `Delete admin ${a.name}?`, message: "They can no longer log in; their tokens stop working.", action: "Delete" });
          if (!ok) return;
          await api.del(`/admins/${enc(a.name)}`);
          await loadAdmins();
          return `${a.name} deleted`;
        },
        { class: "danger" },
      );
      return [h("span", null, a.name, self ? h("span", { class: "muted small" }, " (you)") : null), role, dateTime(a.created), owner && !self ? del : ""];
    });
    const form = addAdminForm();
    fill(admins, h("h2", null, "Admin accounts"), table(["Name", "Role", "Created", ""], rows, { "aria-label": "Admins" }), owner ? form : null);
  }

  function addAdminForm(): HTMLFormElement {
    const name = h("input", { name: "name", required: true, autocomplete: "off", "aria-label": "Name" , placeholder: "name" });
    const password = h("input", { name: "password", type: "password", required: true, minlength: 10, autocomplete: "new-password", "aria-label": "Password", placeholder: "password (10+ characters)" });
    const role = roleSelect("role");
    const form = h("form", { class: "toolbar" }, name, password, role, h("button", { type: "submit" }, "Add admin"));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      try {
        await api.post("/admins", { name: name.value.trim(), role: role.value, password: password.value });
        toast(`${name.value} added`);
        await loadAdmins();
      } catch (e) {
        toast(errorText(e), "error");
      }
    });
    return form;
  }

  async function loadTokens(): Promise<void> {
    let list: TokenRow[];
    try {
      list = (await api.get<{ tokens: TokenRow[] }>("/tokens")).tokens;
    } catch (e) {
      fill(tokens, h("h2", null, "API tokens"), failure(e));
      return;
    }
    if (visit.signal.aborted) return;
    const rows = list.map((t) => [
      t.name,
      t.role,
      dateTime(t.created),
      t.expired ? badge("expired", "bad") : t.expires ? dateTime(t.expires) : "never",
      t.created_by ?? "",
      owner
        ? actionButton(
            "Delete",
            async () => {
              const ok = await confirmAction({ title: `Delete token ${t.name}?`, message: "Scripts using it are refused from now on.", action: "Delete" });
              if (!ok) return;
              await api.del(`/tokens/${enc(t.id)}`);
              await loadTokens();
              return `token ${t.name} deleted`;
            },
            { class: "danger" },
          )
        : "",
    ]);
    const shown = h("div", { class: "token-shown", hidden: true });
    const name = h("input", { name: "token-name", required: true, placeholder: "name (what uses it)", "aria-label": "Token name" });
    const role = roleSelect("token-role");
    const days = h("input", { name: "expires_in_days", type: "number", min: 1, value: "90", "aria-label": "Expires in days" });
    const form = h("form", { class: "toolbar" }, name, role, h("label", { class: "inline" }, "expires in ", days, " days"), h("button", { type: "submit" }, "Create token"));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      try {
        const res = await api.post<{ token: string }>("/tokens", { name: name.value.trim(), role: role.value, expires_in_days: Number(days.value) });
        await loadTokens();
        // Shown once: the server keeps only a hash.
        const box = tokens.querySelector<HTMLElement>(".token-shown");
        if (box) {
          fill(box, h("p", null, "Copy this token now; it is not shown again:"), h("code", { class: "secret" }, res.token));
          box.hidden = false;
        }
      } catch (e) {
        toast(errorText(e), "error");
      }
    });
    fill(
      tokens,
      h("h2", null, "API tokens"),
      h("p", { class: "muted small" }, "For scripts: send ", h("code", null, "Authorization: Bearer <token>"), "; no CSRF header is needed."),
      table(["Name", "Role", "Created", "Expires", "Created by", ""], rows, { "aria-label": "Tokens" }),
      shown,
      owner ? form : null,
    );
  }

  void loadAdmins();
  void loadTokens();
}

// SPDX-License-Identifier: Apache-2.0
// Users: search by phone, id or name; filter online / inactive for N days / banned; page
// through; select several and ban, unban, revoke all their devices or delete them.
import { api, query } from "../core/api";
import { fill, h } from "../core/dom";
import { ago } from "../core/format";
import { href, type Visit } from "../core/router";
import { canChange } from "../core/session";
import type { UserRow } from "../core/types";
import { confirmAction } from "../ui/confirm";
import { badge, errorText, failure, heading, loading } from "../ui/parts";
import { pager } from "../ui/pager";
import { toast } from "../ui/toast";

type Bulk = "ban" | "unban" | "revoke_all" | "delete";
const BULK: Array<[Bulk, string]> = [
  ["ban", "Ban"],
  ["unban", "Unban"],
  ["revoke_all", "Revoke all devices"],
  ["delete", "Delete"],
];

export function userStatus(u: Pick<UserRow, "banned" | "online">): HTMLElement[] {
  const out = [u.online ? badge("online", "ok") : badge("offline")];
  if (u.banned) out.push(badge("banned", "bad"));
  return out;
}

export function usersPage(root: HTMLElement, visit: Visit): void {
  const q = h("input", {
    type: "search",
    name: "q",
    placeholder: "Phone, id or name",
    value: visit.query.get("q") ?? "",
    "aria-label": "Search users",
  });
  const filter = h(
    "select",
    { name: "filter", "aria-label": "Filter" },
    h("option", { value: "" }, "All users"),
    h("option", { value: "online" }, "Online"),
    h("option", { value: "inactive" }, "Inactive"),
    h("option", { value: "banned" }, "Banned"),
  );
  filter.value = visit.query.get("filter") ?? "";
  const days = h("input", {
    type: "number",
    name: "inactive_days",
    min: 1,
    value: visit.query.get("inactive_days") ?? "30",
    "aria-label": "Inactive for at least this many days",
  });
  const daysLabel = h("label", { class: "inline" }, "for ", days, " days");
  const search = h(
    "form",
    { class: "toolbar", role: "search" },
    q,
    filter,
    daysLabel,
    h("button", { type: "submit" }, "Search"),
  );
  const selected = new Set<string>();
  const count = h("span", { class: "muted small" });
  const bulkButtons = BULK.map(([action, label]) => {
    const b = h("button", { type: "button", "data-bulk": action, class: action === "delete" ? "danger" : "" }, label);
    b.addEventListener("click", () => void bulk(action, label));
    return b;
  });
  const bulkBar = h("div", { class: "bulk", hidden: !canChange() }, count, bulkButtons);
  const list = h("div", { class: "list" }, loading());
  const pages = pager(() => void load());
  root.append(heading("Users"), search, bulkBar, list, pages.element);

  function syncBulk(): void {
    count.textContent = `${selected.size} selected`;
    for (const b of bulkButtons) b.disabled = selected.size === 0;
  }

  function row(u: UserRow): HTMLElement {
    const pick = h("input", { type: "checkbox", "aria-label": `Select ${u.id}`, value: u.id });
    pick.checked = selected.has(u.id);
    pick.addEventListener("change", () => {
      if (pick.checked) selected.add(u.id);
      else selected.delete(u.id);
      syncBulk();
    });
    return h(
      "tr",
      { "data-user": u.id },
      canChange() ? h("td", { class: "pick" }, pick) : null,
      h("td", { "data-label": "User" }, h("a", { href: href(`/users/${encodeURIComponent(u.id)}`) }, u.name || u.id), h("div", { class: "muted small" }, u.id)),
      h("td", { "data-label": "Phone" }, u.phone),
      h("td", { "data-label": "Status" }, userStatus(u)),
      h("td", { "data-label": "Last seen" }, u.online ? "now" : ago(u.last_seen)),
    );
  }

  async function load(): Promise<void> {
    daysLabel.hidden = filter.value !== "inactive";
    fill(list, loading());
    try {
      const res = await api.get<{ users: UserRow[]; next?: string | null }>(
        "/users" +
          query({
            q: q.value.trim(),
            filter: filter.value,
            inactive_days: filter.value === "inactive" ? days.value : undefined,
            limit: 50,
            cursor: pages.cursor(),
          }),
      );
      if (visit.signal.aborted) return;
      const all = h("input", { type: "checkbox", "aria-label": "Select all on this page" });
      all.addEventListener("change", () => {
        for (const u of res.users) {
          if (all.checked) selected.add(u.id);
          else selected.delete(u.id);
        }
        for (const box of list.querySelectorAll<HTMLInputElement>("td.pick input")) box.checked = all.checked;
        syncBulk();
      });
      fill(
        list,
        h(
          "div",
          { class: "table-wrap" },
          h(
            "table",
            { class: "users", "aria-label": "Users" },
            h(
              "thead",
              null,
              h(
                "tr",
                null,
                canChange() ? h("th", { class: "pick" }, h("label", { class: "select-all" }, all, h("span", { class: "phone-only" }, " Select all"))) : null,
                ["User", "Phone", "Status", "Last seen"].map((c) => h("th", { scope: "col" }, c)),
              ),
            ),
            h(
              "tbody",
              null,
              res.users.length
                ? res.users.map(row)
                : h("tr", null, h("td", { colspan: 5, class: "muted" }, "No user matches.")),
            ),
          ),
        ),
      );
      pages.loaded(res.next, res.users.length);
      syncBulk();
    } catch (e) {
      fill(list, failure(e));
    }
  }

  async function bulk(action: Bulk, label: string): Promise<void> {
    const users = [...selected];
    const ok = await confirmAction({
      title: `${label}: ${users.length} user${users.length === 1 ? "" : "s"}`,
      message:
        action === "delete"
          ? "Deletes these users with their messages, devices, keys and media references. This cannot be undone."
          : `${label} for: ${users.slice(0, 10).join(", ")}${users.length > 10 ? ", …" : ""}`,
      action: label,
      typeToConfirm: action === "delete" ? "delete" : undefined,
    });
    if (!ok) return;
    try {
      const res = await api.post<{ done?: string[]; missing?: string[] }>("/users/bulk", { action, users, confirm: true });
      const missing = res.missing?.length ?? 0;
      toast(`${label}: done for ${res.done?.length ?? users.length}${missing ? `; ${missing} not found` : ""}`);
      selected.clear();
      await load();
    } catch (e) {
      toast(errorText(e), "error");
    }
  }

  search.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const params = query({ q: q.value.trim(), filter: filter.value, inactive_days: filter.value === "inactive" ? days.value : undefined });
    history.replaceState(null, "", href("/users") + params);
    pages.reset();
    selected.clear();
    void load();
  });
  filter.addEventListener("change", () => search.requestSubmit());
  void load();
}

// SPDX-License-Identifier: Apache-2.0
// Groups: search and page through them; and a server notice to every user or to a list.
import { api, query } from "../core/api";
import { add, fill, h } from "../core/dom";
import { dateTime } from "../core/format";
import { href, type Visit } from "../core/router";
import { canChange } from "../core/session";
import type { GroupRow } from "../core/types";
import { failure, heading, loading, table } from "../ui/parts";
import { pager } from "../ui/pager";
import { noticeForm } from "./notice_form";

export function groupsPage(root: HTMLElement, visit: Visit): void {
  const q = h("input", {
    type: "search",
    name: "q",
    placeholder: "Group id or name",
    value: visit.query.get("q") ?? "",
    "aria-label": "Search groups",
  });
  const search = h("form", { class: "toolbar", role: "search" }, q, h("button", { type: "submit" }, "Search"));
  const list = h("div", { class: "list" }, loading());
  const pages = pager(() => void load());
  add(
    root,
    heading("Groups"),
    search,
    list,
    pages.element,
    canChange()
      ? h(
          "section",
          null,
          h("h2", null, "Server notice"),
          h("p", { class: "muted small" }, "Sent as a message from the system account. Leave the list empty to reach every user."),
          noticeForm(null),
        )
      : null,
  );

  async function load(): Promise<void> {
    fill(list, loading());
    try {
      const res = await api.get<{ groups: GroupRow[]; next?: string | null }>(
        "/groups" + query({ q: q.value.trim(), limit: 50, cursor: pages.cursor() }),
      );
      if (visit.signal.aborted) return;
      fill(
        list,
        table(
          ["Group", "Policy", "Members", "Created"],
          res.groups.map((g) => [
            h("span", null, h("a", { href: href(`/groups/${encodeURIComponent(g.id)}`) }, g.name || g.id), h("div", { class: "muted small" }, g.id)),
            g.policy,
            g.members === undefined ? "—" : String(g.members),
            dateTime(g.created),
          ]),
          { "aria-label": "Groups" },
        ),
      );
      pages.loaded(res.next, res.groups.length);
    } catch (e) {
      fill(list, failure(e));
    }
  }
  search.addEventListener("submit", (ev) => {
    ev.preventDefault();
    history.replaceState(null, "", href("/groups") + query({ q: q.value.trim() }));
    pages.reset();
    void load();
  });
  void load();
}

// SPDX-License-Identifier: Apache-2.0
// One group: its policy, members and roles, a notice to its members, and disband after typing
// the group's id.
import { api, enc } from "../core/api";
import { fill, h } from "../core/dom";
import { dateTime } from "../core/format";
import { href, navigate, type Visit } from "../core/router";
import { canChange } from "../core/session";
import type { GroupRow, Member } from "../core/types";
import { confirmAction } from "../ui/confirm";
import { actionButton, badge, failure, heading, loading, table } from "../ui/parts";
import { noticeForm } from "./notice_form";

export async function groupPage(root: HTMLElement, visit: Visit): Promise<void> {
  const id = visit.params.id ?? "";
  const body = h("div", null, loading());
  root.append(heading(`Group ${id}`), body);
  let d: { group: GroupRow & { created_by?: string }; members: Member[] };
  try {
    d = await api.get(`/groups/${enc(id)}`);
  } catch (e) {
    fill(body, failure(e));
    return;
  }
  if (visit.signal.aborted) return;
  const g = d.group;
  const disband = actionButton(
    "Disband",
    async () => {
      const ok = await confirmAction({
        title: `Disband ${g.name || id}?`,
        message: "Every member is removed and the group is gone. This cannot be undone.",
        action: "Disband",
        typeToConfirm: id,
      });
      if (!ok) return;
      await api.post(`/groups/${enc(id)}/disband`, { confirm: id });
      navigate("/groups");
      return `${id} disbanded`;
    },
    { class: "danger" },
  );
  const roleTone = (r: string) => (r === "owner" ? "ok" : r === "admin" ? "warn" : "muted");
  fill(
    body,
    h(
      "dl",
      { class: "facts" },
      h("dt", null, "Name"),
      h("dd", null, g.name),
      h("dt", null, "Policy"),
      h("dd", null, g.policy),
      h("dt", null, "Created"),
      h("dd", null, dateTime(g.created)),
      h("dt", null, "Members"),
      h("dd", null, String(d.members.length)),
    ),
    canChange() ? h("div", { class: "actions" }, disband) : null,
    h("h2", null, "Members"),
    table(
      ["User", "Role"],
      d.members.map((m) => [h("a", { href: href(`/users/${encodeURIComponent(m.user)}`) }, m.user), badge(m.role, roleTone(m.role))]),
      { "aria-label": "Members" },
    ),
    canChange() ? [h("h2", null, "Notice to the members"), noticeForm(d.members.map((m) => m.user))] : null,
  );
}

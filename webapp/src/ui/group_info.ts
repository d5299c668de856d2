// SPDX-License-Identifier: Apache-2.0
// A group's members and the group operations (add, remove, rename, leave); the server's
// policy decides who may do what, and its refusal is shown as it comes.
import { h } from "../core/dom";
import type { Model } from "../chat/model";
import { toast } from "./toast";

export function groupInfoView(model: Model, chat: string): HTMLElement {
  const list = h("ul", { class: "members", "aria-label": "Members" });
  const name = h("input", { id: "group-rename", maxlength: 100 });
  const add = h("input", { id: "group-add", placeholder: "+1555… or u_…" });
  const section = h(
    "section",
    { class: "page" },
    h("a", { href: `#/chat/${encodeURIComponent(chat)}`, class: "back" }, "‹ Back to the chat"),
    h("h2", null, "Group info"),
    h("form", { class: "row", onsubmit: (e: Event) => void rename(e) }, h("label", { for: "group-rename" }, "Name"), name, h("button", { type: "submit" }, "Rename")),
    h("h3", null, "Members"),
    list,
    h("form", { class: "row", onsubmit: (e: Event) => void addMember(e) }, h("label", { for: "group-add" }, "Add member"), add, h("button", { type: "submit" }, "Add")),
    h("button", { class: "danger", onclick: () => void leave() }, "Leave group"),
  );
  const draw = async () => {
    const info = await model.groupInfo(chat).catch((e) => {
      toast((e as Error).message);
      return null;
    });
    if (!info) {
      list.replaceChildren(h("li", null, "You are not in this group."));
      return;
    }
    name.value = info.name;
    list.replaceChildren(
      ...info.members.map((m) =>
        h(
          "li",
          null,
          h("span", null, model.nameOf(m.user)),
          h("span", { class: "muted" }, m.role),
          m.user !== model.me.user
            ? h("button", { class: "link", onclick: () => void op("group.remove", { users: [m.user] }) }, "Remove")
            : null,
        ),
      ),
    );
  };
  const op = async (which: "group.add" | "group.remove" | "group.rename", fields: Record<string, unknown>) => {
    try {
      await model.groupOp(which, chat, fields);
      await draw();
    } catch (e) {
      toast((e as Error).message);
    }
  };
  const rename = async (e: Event) => {
    e.preventDefault();
    await op("group.rename", { name: name.value.trim() });
  };
  const addMember = async (e: Event) => {
    e.preventDefault();
    const v = add.value.trim();
    try {
      const user = v.startsWith("+") ? await model.lookupPhone(v) : v;
      if (!user) throw new Error(`${v} is not on this server`);
      add.value = "";
      await op("group.add", { users: [user] });
    } catch (x) {
      toast((x as Error).message);
    }
  };
  const leave = async () => {
    if (!confirm("Leave this group?")) return;
    try {
      await model.groupOp("group.leave", chat, {});
      location.hash = "#/";
    } catch (e) {
      toast((e as Error).message);
    }
  };
  void draw();
  return section;
}

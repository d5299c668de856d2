// SPDX-License-Identifier: Apache-2.0
// Starting a chat with a phone number or a user id, and creating a group from several.
import { h } from "../core/dom";
import type { Model } from "../chat/model";

// "+1555..." is looked up (contact discovery); anything else is taken as a user id.
async function resolve(model: Model, who: string): Promise<string> {
  const v = who.trim();
  if (/^\+\d{8,15}$/.test(v)) {
    const u = await model.lookupPhone(v);
    if (!u) throw new Error(`${v} is not on this server`);
    return u;
  }
  if (!v) throw new Error("give a phone number or a user id");
  return v;
}

export function newChatView(model: Model): HTMLElement {
  const who = h("input", { id: "new-who", placeholder: "+15551230002 or u_…", required: true });
  const err1 = h("p", { class: "error", role: "alert" });
  const direct = h(
    "form",
    { class: "card" },
    h("h2", null, "New chat"),
    h("label", { for: "new-who" }, "Phone number or user id"),
    who,
    h("button", { type: "submit" }, "Start chat"),
    err1,
  );
  direct.addEventListener("submit", async (e) => {
    e.preventDefault();
    err1.textContent = "";
    try {
      const chat = await model.startDirect(await resolve(model, who.value));
      location.hash = `#/chat/${encodeURIComponent(chat)}`;
    } catch (x) {
      err1.textContent = (x as Error).message;
    }
  });

  const name = h("input", { id: "group-name", maxlength: 100, required: true });
  const members = h("textarea", { id: "group-members", rows: 3, placeholder: "one phone number or user id per line" });
  const err2 = h("p", { class: "error", role: "alert" });
  const group = h(
    "form",
    { class: "card" },
    h("h2", null, "New group"),
    h("label", { for: "group-name" }, "Group name"),
    name,
    h("label", { for: "group-members" }, "Members"),
    members,
    h("button", { type: "submit" }, "Create group"),
    err2,
  );
  group.addEventListener("submit", async (e) => {
    e.preventDefault();
    err2.textContent = "";
    try {
      const lines = members.value.split(/[\n,]/).map((s) => s.trim()).filter(Boolean).slice(0, 255);
      const users = [];
      for (const l of lines) users.push(await resolve(model, l));
      const chat = await model.createGroup(name.value.trim(), users);
      location.hash = `#/chat/${encodeURIComponent(chat)}`;
    } catch (x) {
      err2.textContent = (x as Error).message;
    }
  });
  return h("section", { class: "page" }, h("a", { href: "#/", class: "back" }, "‹ Chats"), direct, group);
}

// SPDX-License-Identifier: Apache-2.0
// The list of chats, newest activity first, each with its last line and unread count.
import { h } from "../core/dom";
import type { Model } from "../chat/model";
import { clock } from "./format";
import { icon } from "./icons";

export function chatList(model: Model, selected: () => string | null): { element: HTMLElement; dispose: () => void } {
  const list = h("ul", { class: "chat-list", "aria-label": "Chats" });
  const draw = () => {
    const chats = model.sortedChats();
    list.replaceChildren(
      ...chats.map((c) => {
        const name = model.chatName(c);
        const typers = model.typers(c.chat);
        const line = typers.length ? "typing…" : c.lastText;
        return h(
          "li",
          null,
          h(
            "a",
            {
              class: "chat-item" + (selected() === c.chat ? " selected" : ""),
              href: `#/chat/${encodeURIComponent(c.chat)}`,
              "data-chat": c.chat,
            },
            h("span", { class: "avatar", "aria-hidden": "true" }, c.type === "group" ? icon("group") : name.slice(0, 1).toUpperCase()),
            h(
              "span",
              { class: "chat-text" },
              h("span", { class: "chat-name" }, name),
              h("span", { class: "chat-last" + (typers.length ? " typing" : "") }, line),
            ),
            h(
              "span",
              { class: "chat-meta" },
              c.lastTs ? h("time", null, clock(c.lastTs)) : null,
              c.unread > 0 ? h("span", { class: "unread", "aria-label": `${c.unread} unread` }, String(c.unread)) : null,
            ),
          ),
        );
      }),
    );
    if (chats.length === 0) list.append(h("li", { class: "empty muted" }, "No chats yet: start one with ✎."));
  };
  const offs = [model.events.on("chats", draw), model.events.on("typing", draw), model.events.on("names", draw)];
  draw();
  return { element: list, dispose: () => offs.forEach((f) => f()) };
}

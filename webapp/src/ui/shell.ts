// SPDX-License-Identifier: Apache-2.0
// The frame: chats on the left (the whole screen on phones), the open page on the right,
// chosen by the URL's hash (#/chat/<id>, #/new, #/status, #/settings, #/group/<id>).
import { h } from "../core/dom";
import type { Model } from "../chat/model";
import type { Connection, LinkState } from "../net/connection";
import { chatList } from "./chat_list";

export interface Page {
  element: HTMLElement;
  dispose?: () => void;
}

export type Router = (route: string[]) => Page;

const STATE_TEXT: Record<LinkState, string> = {
  online: "",
  connecting: "Connecting…",
  offline: "Offline — messages will go out when the connection is back",
};

export function shell(model: Model, conn: Connection, router: Router): HTMLElement {
  const state = h("div", { class: "link-state", role: "status", "data-state": conn.state });
  const pane = h("main", { class: "pane" });
  const retry = h("button", { class: "link", type: "button", onclick: () => conn.retryNow() }, "Retry");
  const drawState = (s: LinkState) => {
    state.dataset.state = s;
    state.replaceChildren(STATE_TEXT[s], s === "offline" ? retry : "");
  };
  conn.events.on("state", drawState);
  drawState(conn.state);

  let current: Page | null = null;
  let selected: string | null = null;
  const list = chatList(model, () => selected);
  const root = h(
    "div",
    { class: "app" },
    h(
      "aside",
      { class: "side" },
      h(
        "header",
        { class: "side-head" },
        h("h1", null, "Chats"),
        h(
          "nav",
          { class: "side-actions" },
          h("a", { href: "#/status", class: "icon-link", title: "Status" }, "◎"),
          h("a", { href: "#/new", class: "icon-link", title: "New chat" }, "✎"),
          h("a", { href: "#/settings", class: "icon-link", title: "Settings" }, "⚙"),
        ),
      ),
      state,
      list.element,
    ),
    pane,
  );

  const go = () => {
    const route = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
    current?.dispose?.();
    current = router(route);
    selected = route[0] === "chat" ? (route[1] ?? null) : null;
    root.classList.toggle("pane-open", route[0] !== "" && route[0] !== undefined);
    pane.replaceChildren(current.element);
    model.events.emit("chats", undefined); // redraw the selection
  };
  window.addEventListener("hashchange", go);
  go();
  return root;
}

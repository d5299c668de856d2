// SPDX-License-Identifier: Apache-2.0
// The frame around every page once logged in: the navigation (a menu button on phones), who
// is logged in with which role, and the logout button.
import { api } from "../core/api";
import { h } from "../core/dom";
import { href, navigate } from "../core/router";
import { me, signedIn } from "../core/session";

const SECTIONS: Array<[string, string]> = [
  ["dashboard", "Dashboard"],
  ["users", "Users"],
  ["groups", "Groups"],
  ["plugins", "Plugins"],
  ["wiring", "Wiring"],
  ["bots", "Bots"],
  ["audit", "Audit log"],
  ["admins", "Admins & tokens"],
];

export interface Shell {
  element: HTMLElement;
  main: HTMLElement;
  select(section: string): void;
}

export function shell(): Shell {
  const links = SECTIONS.map(([id, label]) =>
    h("a", { href: href(id === "dashboard" ? "/" : `/${id}`), "data-section": id }, label),
  );
  const nav = h("nav", { id: "nav", "aria-label": "Sections" }, links);
  const menu = h(
    "button",
    { type: "button", class: "menu", "aria-controls": "nav", "aria-expanded": "false" },
    "Menu",
  );
  menu.addEventListener("click", () => {
    const open = document.body.classList.toggle("nav-open");
    menu.setAttribute("aria-expanded", String(open));
  });
  const who = me();
  const logout = h("button", { type: "button", class: "link" }, "Log out");
  logout.addEventListener("click", async () => {
    try {
      await api.post("/logout");
    } finally {
      signedIn(null);
      navigate("/login");
    }
  });
  const bar = h(
    "header",
    { class: "topbar" },
    menu,
    h("a", { class: "brand", href: href("/") }, "Switchboard"),
    h(
      "div",
      { class: "who" },
      h("span", { class: "who-name" }, who?.name ?? ""),
      h("span", { class: "badge muted", "data-role": who?.role ?? "" }, who?.role ?? ""),
      logout,
    ),
  );
  const main = h("main", { id: "main", tabindex: "-1" });
  const element = h("div", { class: "shell" }, bar, nav, main);
  return {
    element,
    main,
    select(section: string) {
      document.body.classList.remove("nav-open");
      menu.setAttribute("aria-expanded", "false");
      for (const a of links) {
        if (a.dataset.section === section) a.setAttribute("aria-current", "page");
        else a.removeAttribute("aria-current");
      }
    },
  };
}

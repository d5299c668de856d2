// SPDX-License-Identifier: Apache-2.0
// Settings: the profile name others see, notifications (Web Push), this device's safety
// number material, and logging out (which forgets everything this browser kept).
import { h } from "../core/dom";
import type { Model } from "../chat/model";
import type { Connection } from "../net/connection";
import type { Db } from "../store/db";
import { disablePush, enablePush, pushEnabled, pushSupported } from "../push/push";
import { toast } from "./toast";

export function settingsView(model: Model, conn: Connection, db: Db, logout: () => Promise<void>): HTMLElement {
  const name = h("input", { id: "display-name", maxlength: 64 });
  const pushState = h("p", { class: "push-state", "data-push": "unknown" }, "…");
  const pushButton = h("button", { type: "button" }, "Turn on notifications");
  const drawPush = async () => {
    const on = await pushEnabled(db);
    pushState.dataset.push = on ? "on" : "off";
    pushState.textContent = !pushSupported()
      ? "This browser has no Web Push."
      : on
        ? "Notifications are on for this browser."
        : "Notifications are off.";
    pushButton.textContent = on ? "Turn off notifications" : "Turn on notifications";
    pushButton.disabled = !pushSupported();
  };
  pushButton.addEventListener("click", async () => {
    pushButton.disabled = true;
    try {
      if (await pushEnabled(db)) await disablePush(conn, db);
      else await enablePush(conn, db);
    } catch (e) {
      toast(`notifications: ${(e as Error).message}`);
    }
    await drawPush();
  });
  const profile = h(
    "form",
    { class: "card" },
    h("h3", null, "Profile"),
    h("label", { for: "display-name" }, "Your name"),
    name,
    h("button", { type: "submit" }, "Save"),
  );
  profile.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await conn.call("profile.set", { display_name: name.value.trim() });
      toast("saved");
    } catch (x) {
      toast((x as Error).message);
    }
  });
  void conn
    .call<{ display_name?: string }>("profile.get", { user: model.me.user })
    .then((p) => {
      // Typed before the answer came: what was typed wins.
      if (!name.value) name.value = p.display_name ?? "";
    })
    .catch(() => undefined);
  void drawPush();
  return h(
    "section",
    { class: "page" },
    h("a", { href: "#/", class: "back" }, "‹ Chats"),
    h("h2", null, "Settings"),
    profile,
    h("div", { class: "card" }, h("h3", null, "Notifications"), pushState, pushButton),
    h(
      "div",
      { class: "card" },
      h("h3", null, "This device"),
      h("p", { class: "muted" }, `User ${model.me.user}, device ${model.me.device}`),
      h("button", { class: "danger", type: "button", onclick: () => void logout() }, "Log out"),
    ),
  );
}

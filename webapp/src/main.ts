// SPDX-License-Identifier: Apache-2.0
// Starts the web app: one tab at a time (two tabs decrypting the same inbox would corrupt
// the Signal sessions), the login or the saved account, then the connection and the views.
import "./styles/app.css";
import { h } from "./core/dom";
import { Model } from "./chat/model";
import { Envelopes } from "./e2ee/envelope";
import { KeyManager } from "./e2ee/keys";
import { E2eeSender } from "./e2ee/sender";
import { SignalStore } from "./e2ee/signal_store";
import { Tokens, type Login } from "./net/auth";
import { Connection } from "./net/connection";
import { refreshPush, registerWorker } from "./push/push";
import { Db } from "./store/db";
import { conversation } from "./ui/conversation";
import { groupInfoView } from "./ui/group_info";
import { loginView } from "./ui/login";
import { newChatView } from "./ui/new_chat";
import { settingsView } from "./ui/settings";
import { shell } from "./ui/shell";
import { statusView } from "./ui/status";
import { toast } from "./ui/toast";

const root = document.getElementById("app")!;

async function start(): Promise<void> {
  void registerWorker();
  const db = await Db.open();
  const login = await db.get<Login>("kv", "login");
  if (!login) {
    root.replaceChildren(
      loginView(async (l) => {
        await db.put("kv", l, "login");
        await run(db, l);
      }),
    );
    return;
  }
  await run(db, login);
}

async function run(db: Db, login: Login): Promise<void> {
  root.replaceChildren(h("p", { class: "boot" }, "Preparing encryption keys…"));
  const store = new SignalStore(db);
  const keys = new KeyManager(db, store);
  await keys.ensure();
  const logout = async (why?: string) => {
    conn.stop();
    await db.destroy().catch(() => undefined);
    if (why) sessionStorage.setItem("sb-logout", why);
    location.replace("/app/");
  };
  const tokens = new Tokens(db, login, (why) => void logout(why));
  let model: Model | null = null;
  const conn = new Connection(tokens, (ev) => model?.handle(ev) ?? Promise.resolve());
  const envelopes = new Envelopes(store);
  const sender = new E2eeSender(db, envelopes, (op, f) => conn.call(op, f));
  model = new Model({ db, conn, tokens, envelopes, sender, keys }, { user: login.user_id, device: login.device_id });
  const m = model;
  await m.load();
  store.onIdentityChanged = (name) => toast(`The security code of ${m.nameOf(name.split(":")[0] ?? name)} changed.`);
  m.events.on("notice", (t) => toast(t));
  conn.events.on("connected", () => {
    void m.onConnected();
    void refreshPush(conn, db);
  });
  conn.events.on("loggedOut", (why) => void logout(why));
  const revokeAndLogout = async () => {
    await conn.call("devices.revoke", { device: login.device_id }).catch(() => undefined);
    await logout();
  };
  root.replaceChildren(
    shell(m, conn, (route) => {
      switch (route[0]) {
        case "chat":
          return conversation(m, route[1] ?? "");
        case "new":
          return { element: newChatView(m) };
        case "group":
          return { element: groupInfoView(m, route[1] ?? "") };
        case "status":
          return statusView(m, conn, tokens);
        case "settings":
          return { element: settingsView(m, conn, db, revokeAndLogout) };
        default:
          return { element: h("div", { class: "empty-pane" }, h("p", null, "Choose a chat, or start one with ✎.")) };
      }
    }),
  );
  conn.start();
}

function boot(): void {
  const why = sessionStorage.getItem("sb-logout");
  if (why) {
    sessionStorage.removeItem("sb-logout");
    queueMicrotask(() => toast(`Logged out: ${why}`));
  }
  const go = () =>
    start().catch((e) => {
      console.error(e);
      root.replaceChildren(h("p", { class: "error" }, `The app could not start: ${(e as Error).message}`));
    });
  if (!navigator.locks) {
    void go();
    return;
  }
  void navigator.locks.request("sb-app-tab", { ifAvailable: true }, async (lock) => {
    if (!lock) {
      root.replaceChildren(h("p", { class: "boot" }, "Switchboard is open in another tab of this browser. Use that one, or close it and reload."));
      return;
    }
    await go();
    // Held for as long as this tab lives.
    await new Promise<never>(() => undefined);
  });
}

boot();

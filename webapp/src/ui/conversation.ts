// SPDX-License-Identifier: Apache-2.0
// One chat: its messages with ticks (sent, delivered, read), images shown inline once
// fetched and decrypted, other files as downloads, who is typing or online, and the composer.
import { h } from "../core/dom";
import type { Model } from "../chat/model";
import { inlineImage, type Chat, type Msg, type Tick } from "../chat/types";
import type { FileRef } from "../media/seal";
import { bytes, clock, lastSeen } from "./format";
import { icon } from "./icons";
import { toast } from "./toast";

const SHOWN = 300; // newest messages drawn; older ones stay in IndexedDB

const TICKS: Record<Tick, { mark: string; label: string }> = {
  pending: { mark: "", label: "sending" },
  sent: { mark: "✓", label: "sent" },
  delivered: { mark: "✓✓", label: "delivered" },
  read: { mark: "✓✓", label: "read" },
  failed: { mark: "⚠", label: "not sent" },
};

export function conversation(model: Model, chat: string): { element: HTMLElement; dispose: () => void } {
  const c0 = model.chats.get(chat);
  if (!c0) {
    return { element: h("div", { class: "empty-pane" }, h("p", null, "No such chat.")), dispose: () => undefined };
  }
  const title = h("h2", { class: "conv-name" });
  const sub = h("p", { class: "conv-sub", "aria-live": "polite" });
  const list = h("ol", { class: "messages", "aria-label": "Messages" });
  const older = h("button", { type: "button", class: "link older" }, "Load earlier messages");
  let more = true;
  older.addEventListener("click", async () => {
    older.disabled = true;
    try {
      more = (await model.loadOlder(chat)).more;
    } catch (e) {
      toast((e as Error).message);
    }
    older.disabled = false;
    void drawMessages();
  });
  const text = h("textarea", { id: "message", rows: 1, placeholder: "Message", "aria-label": "Message" });
  const file = h("input", { id: "attach", type: "file", class: "visually-hidden", "aria-label": "Attach file" });
  const sendButton = h("button", { type: "submit", class: "send", "aria-label": "Send" }, "➤");
  const form = h(
    "form",
    { class: "composer" },
    h("label", { for: "attach", class: "attach", title: "Attach a photo or file" }, icon("clip")),
    file,
    text,
    sendButton,
  );
  const infoLink =
    c0.type === "group" ? h("a", { href: `#/group/${encodeURIComponent(chat)}`, class: "icon-link", title: "Group info" }, icon("info")) : null;
  const element = h(
    "section",
    { class: "conversation", "aria-label": "Conversation" },
    h("header", { class: "conv-head" }, h("a", { href: "#/", class: "back", "aria-label": "Back to chats" }, "‹"), h("div", { class: "conv-title" }, title, sub), infoLink),
    list,
    form,
  );

  const drawHead = () => {
    const c = model.chats.get(chat) ?? c0;
    title.textContent = model.chatName(c);
    const typers = model.typers(chat);
    if (typers.length) {
      sub.textContent = c.type === "group" ? `${typers.map((u) => model.nameOf(u)).join(", ")} typing…` : "typing…";
      sub.className = "conv-sub typing";
      return;
    }
    sub.className = "conv-sub";
    if (c.type === "direct" && c.user) {
      const p = model.presence.get(c.user);
      sub.textContent = p?.state === "online" ? "online" : p?.last_seen ? lastSeen(p.last_seen) : "";
    } else {
      sub.textContent = (c.members ?? []).map((u) => model.nameOf(u)).join(", ");
    }
  };

  let drawn = 0;
  const drawMessages = async () => {
    const c = model.chats.get(chat);
    if (!c) return;
    const msgs = (await model.messages(chat)).slice(-SHOWN);
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    // Nothing comes before a chat's first message.
    const earlier = more && !msgs.some((m) => m.seq === 1);
    list.replaceChildren(earlier ? h("li", { class: "more" }, older) : "", ...msgs.map((m) => bubble(model, c, m)));
    if (atBottom || msgs.length !== drawn) list.scrollTop = list.scrollHeight;
    drawn = msgs.length;
  };

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = text.value.trim();
    if (!body) return;
    text.value = "";
    try {
      await model.sendText(chat, body);
    } catch (err) {
      toast(`not sent: ${(err as Error).message}`);
    }
  });
  text.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  text.addEventListener("input", () => (text.value ? model.typingOn(chat) : model.typingOff(chat)));
  text.addEventListener("blur", () => model.typingOff(chat));
  file.addEventListener("change", async () => {
    const f = file.files?.[0];
    file.value = "";
    if (!f) return;
    const caption = text.value.trim();
    text.value = "";
    sendButton.disabled = true;
    toast(`encrypting and uploading ${f.name}…`, 2500);
    try {
      await model.sendFile(chat, f, caption);
    } catch (err) {
      toast(`${f.name} was not sent: ${(err as Error).message}`);
    } finally {
      sendButton.disabled = false;
    }
  });

  const offs = [
    model.events.on("messages", (which) => which === chat && void drawMessages()),
    model.events.on("typing", (which) => which === chat && drawHead()),
    model.events.on("presence", drawHead),
    model.events.on("names", () => {
      drawHead();
      void drawMessages();
    }),
    model.events.on("chats", drawHead),
  ];
  const onVisible = () => document.visibilityState === "visible" && void model.markRead(chat);
  document.addEventListener("visibilitychange", onVisible);
  model.openChat = chat;
  drawHead();
  void drawMessages().then(async () => {
    // A chat this browser holds nothing of (a new device, a plain chat kept by the server).
    if ((await model.messages(chat)).length === 0 && model.chats.get(chat)?.lastSeq) {
      more = (await model.loadOlder(chat).catch(() => ({ more: true }))).more;
      await drawMessages();
    }
    await model.markRead(chat);
  });
  if (c0.type === "group") void model.groupInfo(chat).catch(() => undefined);
  queueMicrotask(() => text.focus());
  return {
    element,
    dispose: () => {
      offs.forEach((f) => f());
      document.removeEventListener("visibilitychange", onVisible);
      model.typingOff(chat);
      if (model.openChat === chat) model.openChat = null;
    },
  };
}

function bubble(model: Model, c: Chat, m: Msg): HTMLElement {
  if (m.system) return h("li", { class: "system", "data-seq": m.seq }, model.describe(m.system));
  const tick = m.mine ? model.tick(c, m) : null;
  const t = tick ? TICKS[tick] : null;
  return h(
    "li",
    { class: "msg" + (m.mine ? " mine" : ""), "data-seq": m.seq, "data-id": m.id },
    c.type === "group" && !m.mine ? h("span", { class: "from" }, model.nameOf(m.from)) : null,
    m.file ? attachment(model, m.file) : null,
    m.error ? h("p", { class: "undecryptable" }, icon("lock"), " ", m.error) : null,
    m.text ? h("p", { class: "text" }, m.text) : null,
    h(
      "span",
      { class: "meta" },
      m.enc === "none" && !m.system ? h("span", { class: "plain", title: "not end-to-end encrypted" }, icon("unlock", "not end-to-end encrypted")) : null,
      h("time", null, clock(m.ts)),
      t ? h("span", { class: `tick ${tick}`, "data-tick": tick, title: t.label, "aria-label": t.label }, tick === "pending" ? icon("clock") : t.mark) : null,
    ),
    m.state === "failed"
      ? h(
          "span",
          { class: "failed" },
          m.error ?? "not sent",
          " ",
          h("button", { type: "button", class: "link", onclick: () => void model.retry(m.id) }, "Retry"),
        )
      : null,
  );
}

function attachment(model: Model, f: FileRef): HTMLElement {
  if (inlineImage(f.type)) {
    const box = h("div", { class: "image loading" }, "Loading photo…");
    model.fileUrl(f).then(
      (url) => box.replaceChildren(h("img", { src: url, alt: f.name, class: "photo", "data-media": f.id })),
      (e) => box.replaceChildren(`Photo unavailable: ${(e as Error).message}`),
    );
    return box;
  }
  const link = h("a", { href: "#", class: "file", "data-media": f.id }, `${f.name} (${bytes(f.size)})`);
  link.addEventListener("click", async (e) => {
    e.preventDefault();
    try {
      const url = await model.fileUrl(f);
      const a = h("a", { href: url, download: f.name });
      a.click();
    } catch (err) {
      toast(`download failed: ${(err as Error).message}`);
    }
  });
  return link;
}

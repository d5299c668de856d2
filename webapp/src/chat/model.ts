// SPDX-License-Identifier: Apache-2.0
// The app's state and everything that changes it: inbox and live events, the chat list,
// our sends and their outbox. Views read it and listen; they never call the server.
import { Emitter } from "../core/emitter";
import { utf8 } from "../core/bytes";
import type { Envelopes } from "../e2ee/envelope";
import type { KeyManager } from "../e2ee/keys";
import type { E2eeSender, Target } from "../e2ee/sender";
import { open as openSealed, seal, type FileRef } from "../media/seal";
import { download, upload } from "../media/transfer";
import type { Tokens } from "../net/auth";
import type { Connection, Frame } from "../net/connection";
import { ApiError } from "../net/http";
import type { Db } from "../store/db";
import { readBody, type Body } from "./body";
import { directChat, inlineImage, peerOf, preview, type Chat, type Msg, type Presence, type SystemEvent, type Tick } from "./types";

export interface ModelEvents extends Record<string, unknown> {
  chats: void;
  messages: string; // the chat whose messages changed
  typing: string; // the chat
  presence: string; // the user
  names: string; // a user whose display name we learned
  status: void;
  notice: string; // a short line for the user
}

export interface Deps {
  db: Db;
  conn: Connection;
  tokens: Tokens;
  envelopes: Envelopes;
  sender: E2eeSender;
  keys: KeyManager;
}

interface ChatListEntry {
  chat: string;
  type: "direct" | "group";
  user?: string;
  group?: string;
  name?: string;
  last?: { msg_id: string; seq: number; ts: number; from: string };
  unread: number;
  read_seq: number;
}

interface GroupInfo {
  group: string;
  chat: string;
  name: string;
  members: Array<{ user: string; role: string }>;
}

const TYPING_MS = 6000;
const isBot = (user: string) => user.startsWith("bot:");

export class Model {
  readonly events = new Emitter<ModelEvents>();
  readonly chats = new Map<string, Chat>();
  readonly names = new Map<string, string>();
  readonly presence = new Map<string, Presence>();
  readonly typing = new Map<string, Map<string, number>>();
  openChat: string | null = null;
  private cursor = 0;
  private asked = new Set<string>();
  private fileUrls = new Map<string, Promise<string>>();
  private flushing = false;
  // Sends go out one at a time, in the order they were written: the server numbers them in
  // arrival order, and a new session is started once, not by two racing sends.
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly d: Deps,
    readonly me: { user: string; device: string },
  ) {
    // Cut off, we know nothing of who is online or typing: show nothing rather than stale.
    d.conn.events.on("state", (s) => {
      if (s === "online") return;
      const users = [...this.presence.keys()];
      this.presence.clear();
      this.typing.clear();
      for (const u of users) this.events.emit("presence", u);
    });
  }

  private get call() {
    return <T>(op: string, fields: Record<string, unknown> = {}) => this.d.conn.call<T>(op, fields);
  }

  async load(): Promise<void> {
    this.cursor = (await this.d.db.get<number>("kv", "cursor")) ?? 0;
    for (const c of await this.d.db.all<Chat>("chats")) this.chats.set(c.chat, c);
    const names = (await this.d.db.get<Record<string, string>>("kv", "names")) ?? {};
    for (const [u, n] of Object.entries(names)) this.names.set(u, n);
  }

  // After every (re)connect: keys the server lacks, the chat list, presence, the outbox.
  async onConnected(): Promise<void> {
    await this.d.keys.sync(this.call).catch((e) => this.notice(`could not upload keys: ${(e as Error).message}`));
    await this.refreshChats().catch(() => undefined);
    const peers = [...this.chats.values()].filter((c) => c.type === "direct" && c.user).map((c) => c.user!);
    if (peers.length) this.d.conn.send("presence.subscribe", { users: peers.slice(0, 1000) });
    await this.flushOutbox();
  }

  notice(text: string): void {
    this.events.emit("notice", text);
  }

  // ---- names -------------------------------------------------------------------------------

  nameOf(user: string): string {
    if (user === this.me.user) return "You";
    const n = this.names.get(user);
    if (n) return n;
    void this.askName(user);
    return isBot(user) ? user.slice(4) : user;
  }

  private async askName(user: string): Promise<void> {
    if (this.asked.has(user) || this.d.conn.state !== "online") return;
    this.asked.add(user);
    try {
      const p = await this.call<{ display_name?: string }>("profile.get", { user });
      if (p.display_name) await this.setName(user, p.display_name);
    } catch {
      // Unknown users keep their id as the name.
    }
  }

  private async setName(user: string, name: string): Promise<void> {
    if (this.names.get(user) === name) return;
    this.names.set(user, name);
    await this.d.db.put("kv", Object.fromEntries(this.names), "names");
    let changed = false;
    for (const c of this.chats.values()) {
      if (c.type === "direct" && c.user === user && c.name !== name) {
        c.name = name;
        changed = true;
        await this.d.db.put("chats", c);
      }
    }
    if (changed) this.events.emit("chats", undefined);
    this.events.emit("names", user);
  }

  // ---- chats -------------------------------------------------------------------------------

  sortedChats(): Chat[] {
    return [...this.chats.values()].sort((a, b) => b.lastTs - a.lastTs);
  }

  chatName(c: Chat): string {
    if (c.type === "direct" && c.user) return this.names.get(c.user) ?? (c.name || this.nameOf(c.user));
    return c.name || "Group";
  }

  private blank(chat: string): Chat {
    const peer = peerOf(chat, this.me.user);
    return {
      chat,
      type: chat.startsWith("g:") ? "group" : "direct",
      ...(peer ? { user: peer } : {}),
      ...(chat.startsWith("g:") ? { group: chat.slice(2) } : {}),
      name: "",
      lastTs: 0,
      lastText: "",
      lastSeq: 0,
      unread: 0,
      readSeq: 0,
      delivered: {},
      read: {},
    };
  }

  private chatFor(chat: string): Chat {
    let c = this.chats.get(chat);
    if (!c) {
      c = this.blank(chat);
      this.chats.set(chat, c);
      // Someone new wrote: their online state and last seen are wanted too.
      if (c.user && !isBot(c.user)) this.d.conn.send("presence.subscribe", { users: [c.user] });
    }
    return c;
  }

  async refreshChats(): Promise<void> {
    const r = await this.call<{ chats: ChatListEntry[] }>("chats.list", { limit: 500 });
    for (const e of r.chats) {
      const c = this.chatFor(e.chat);
      if (e.name) c.name = e.name;
      if (e.type === "direct" && e.user && e.name) this.names.set(e.user, e.name);
      c.readSeq = Math.max(c.readSeq, e.read_seq);
      // The server's count and ours (the inbox replays as this arrives) overlap: never add.
      c.unread = Math.max(e.unread, await this.localUnread(c));
      if (e.last) {
        c.lastSeq = Math.max(c.lastSeq, e.last.seq);
        c.lastTs = Math.max(c.lastTs, e.last.ts);
      }
      await this.d.db.put("chats", c);
    }
    this.events.emit("chats", undefined);
  }

  // Messages from others above our read mark that this browser holds.
  private async localUnread(c: Chat): Promise<number> {
    const list = await this.d.db.byIndex<Msg>("messages", "chat", c.chat);
    return list.filter((m) => !m.mine && !m.system && m.seq > c.readSeq).length;
  }

  async messages(chat: string): Promise<Msg[]> {
    const list = await this.d.db.byIndex<Msg>("messages", "chat", chat);
    // Sent messages in the server's order, then what is still on its way.
    return list.sort((a, b) => (a.seq || Infinity) - (b.seq || Infinity) || a.ts - b.ts);
  }

  // Starts (or finds) the direct chat with `user`, who becomes a contact (presence, groups).
  async startDirect(user: string): Promise<string> {
    const chat = directChat(this.me.user, user);
    const c = this.chatFor(chat);
    if (!c.lastTs) c.lastTs = Date.now();
    await this.d.db.put("chats", c);
    if (!isBot(user)) {
      await this.call("contacts.add", { users: [user] }).catch(() => undefined);
      this.d.conn.send("presence.subscribe", { users: [user] });
    }
    void this.askName(user);
    this.events.emit("chats", undefined);
    return chat;
  }

  async lookupPhone(phone: string): Promise<string | null> {
    const r = await this.call<{ users: Array<{ phone: string; user: string }> }>("users.lookup", { phones: [phone] });
    return r.users[0]?.user ?? null;
  }

  // Older messages the server still holds (history): plain ones and group changes only. An
  // end-to-end encrypted message can be read only by the devices it was encrypted for, once,
  // when it arrived; those this browser has are already here.
  async loadOlder(chat: string): Promise<{ added: number; more: boolean }> {
    const local = await this.messages(chat);
    const seqs = local.filter((m) => m.seq > 0).map((m) => m.seq);
    const before = seqs.length ? Math.min(...seqs) : 0;
    if (before === 1) return { added: 0, more: false };
    const limit = 50;
    const r = await this.call<{ messages: Frame[]; more?: boolean }>("history", { chat, before_seq: before, limit });
    const known = new Set(local.map((m) => m.id));
    const writes: Parameters<Db["batch"]>[0] = [];
    for (const h of r.messages) {
      const id = String(h.msg_id);
      if (known.has(id) || h.enc === "e2ee") continue;
      const from = String((h.from as { user?: string } | undefined)?.user ?? "");
      const m: Msg = { id, chat, seq: Number(h.seq), ts: Number(h.ts), from, mine: from === this.me.user, enc: "none" };
      if (h.kind === "system") {
        const b = (h.body ?? {}) as Frame;
        if (typeof b.type !== "string") continue;
        const users = Array.isArray(b.users) ? (b.users as string[]) : typeof b.user === "string" ? [b.user] : [];
        m.system = {
          type: b.type,
          by: typeof b.by === "string" ? b.by : from,
          users,
          ...(typeof b.name === "string" ? { name: b.name } : {}),
          ...(typeof b.role === "string" ? { role: b.role } : {}),
        };
      } else {
        const body = readBody(h.body);
        if (body.text === undefined && !body.file) continue;
        Object.assign(m, body);
        if (m.mine) m.state = "sent";
      }
      writes.push({ store: "messages", value: m });
    }
    if (writes.length) await this.d.db.batch(writes);
    if (writes.length) this.events.emit("messages", chat);
    const oldest = r.messages.length ? Number(r.messages[r.messages.length - 1]?.seq ?? 1) : 1;
    return { added: writes.length, more: Boolean(r.more) || (r.messages.length === limit && oldest > 1) };
  }

  // ---- groups ------------------------------------------------------------------------------

  async createGroup(name: string, members: string[]): Promise<string> {
    const r = await this.call<{ group: string; chat: string }>("group.create", { name, members });
    const c = this.chatFor(r.chat);
    c.name = name;
    c.lastTs = Date.now();
    c.members = [this.me.user, ...members];
    await this.d.db.put("chats", c);
    this.events.emit("chats", undefined);
    return r.chat;
  }

  async groupInfo(chat: string): Promise<GroupInfo | null> {
    const c = this.chats.get(chat);
    if (!c?.group) return null;
    try {
      const info = await this.call<GroupInfo>("group.info", { group: c.group });
      c.name = info.name;
      c.members = info.members.map((m) => m.user);
      await this.d.db.put("chats", c);
      this.events.emit("chats", undefined);
      return info;
    } catch (e) {
      if (e instanceof ApiError && (e.code === "forbidden" || e.code === "not_found")) return null;
      throw e;
    }
  }

  async groupOp(op: "group.add" | "group.remove" | "group.leave" | "group.rename", chat: string, fields: Frame): Promise<void> {
    const c = this.chats.get(chat);
    if (!c?.group) return;
    await this.call(op, { group: c.group, ...fields });
    if (op === "group.leave") {
      this.chats.delete(chat);
      await this.d.db.delete("chats", chat);
      this.events.emit("chats", undefined);
      return;
    }
    await this.groupInfo(chat);
  }

  // ---- inbox events ------------------------------------------------------------------------

  async handle(ev: Frame): Promise<void> {
    const cursor = typeof ev.cursor === "number" ? ev.cursor : 0;
    if (cursor && cursor <= this.cursor) return; // handled before the ack got through
    switch (ev.ev) {
      case "message":
        return this.onMessage(ev, cursor);
      case "receipt":
        return this.onReceipt(ev, cursor);
      case "group":
        return this.onGroup(ev, cursor);
      case "typing":
        return this.onTyping(ev);
      case "presence":
        this.presence.set(String(ev.user), {
          state: ev.state === "online" ? "online" : "offline",
          ...(typeof ev.last_seen === "number" ? { last_seen: ev.last_seen } : {}),
        });
        this.events.emit("presence", String(ev.user));
        return;
      case "chat.read":
        return this.onChatRead(ev);
      case "profile":
        if (typeof ev.user === "string" && typeof ev.display_name === "string") await this.setName(ev.user, ev.display_name);
        return;
      case "status":
      case "status.viewed":
        this.events.emit("status", undefined);
        return;
      case "keys.low":
        await this.d.keys.refill(this.call).catch(() => undefined);
        return;
      default:
        if (cursor) await this.saveCursor(cursor);
    }
  }

  private async saveCursor(cursor: number): Promise<void> {
    this.cursor = Math.max(this.cursor, cursor);
    await this.d.db.put("kv", this.cursor, "cursor");
  }

  private async onMessage(ev: Frame, cursor: number): Promise<void> {
    const from = (ev.from ?? {}) as { user?: string; device?: string };
    const chat = String(ev.chat);
    const user = String(from.user ?? "");
    const device = String(from.device ?? "");
    const enc = ev.enc === "e2ee" ? "e2ee" : "none";
    const m: Msg = {
      id: String(ev.msg_id),
      chat,
      seq: Number(ev.seq),
      ts: Number(ev.ts),
      from: user,
      mine: user === this.me.user,
      enc,
    };
    let body: Body = {};
    if (enc === "e2ee") {
      try {
        if (typeof ev.body !== "string") throw new Error("no body for this device");
        const plain = await this.d.envelopes.decrypt(user, device, ev.body);
        body = readBody(JSON.parse(utf8.decode(plain)));
        await this.d.sender.noteDevice(chat, `${user}:${device}`, `${this.me.user}:${this.me.device}`);
      } catch (e) {
        console.warn("decrypt", e);
        m.error = "This message could not be decrypted";
      }
    } else {
      body = readBody(ev.body);
    }
    if (body.text !== undefined) m.text = body.text;
    if (body.file) m.file = body.file;
    if (m.mine) m.state = "sent";
    const c = this.chatFor(chat);
    c.lastTs = Math.max(c.lastTs, m.ts);
    c.lastSeq = Math.max(c.lastSeq, m.seq);
    c.lastText = preview(m);
    const seen = this.viewing(chat);
    if (m.mine) {
      c.readSeq = Math.max(c.readSeq, m.seq);
      c.unread = 0;
    }
    this.clearTyping(chat, user);
    this.cursor = Math.max(this.cursor, cursor);
    await this.d.db.batch([
      { store: "messages", value: m },
      { store: "kv", key: "cursor", value: this.cursor },
    ]);
    if (!m.mine && !seen) c.unread = Math.max(c.unread, await this.localUnread(c));
    await this.d.db.put("chats", c);
    this.events.emit("messages", chat);
    this.events.emit("chats", undefined);
    if (seen && !m.mine) await this.markRead(chat);
    if (c.type === "group" && !c.members) void this.groupInfo(chat).catch(() => undefined);
  }

  private async onReceipt(ev: Frame, cursor: number): Promise<void> {
    const chat = String(ev.chat);
    // In a group one delivered receipt speaks for every member in `by_users` (`by` is the first).
    const users = Array.isArray(ev.by_users) ? ev.by_users.map(String) : [String(ev.by)];
    const upto = Number(ev.upto_seq ?? 0);
    const c = this.chats.get(chat);
    const by = users.filter((u) => u !== this.me.user);
    if (c && by.length > 0 && upto > 0) {
      for (const u of by) {
        c.delivered[u] = Math.max(c.delivered[u] ?? 0, upto);
        if (ev.type === "read") c.read[u] = Math.max(c.read[u] ?? 0, upto);
      }
      await this.d.db.put("chats", c);
      this.events.emit("messages", chat);
    }
    await this.saveCursor(cursor);
  }

  private async onGroup(ev: Frame, cursor: number): Promise<void> {
    const chat = typeof ev.chat === "string" ? ev.chat : `g:${String(ev.group)}`;
    const c = this.chatFor(chat);
    if (typeof ev.name === "string" && (ev.type === "created" || ev.type === "renamed")) c.name = ev.name;
    const by = typeof ev.by === "string" ? ev.by : "";
    const users = Array.isArray(ev.users) ? (ev.users as string[]) : typeof ev.user === "string" ? [ev.user] : [];
    const sys = {
      type: String(ev.type),
      by,
      users,
      ...(typeof ev.name === "string" ? { name: ev.name } : {}),
      ...(typeof ev.role === "string" ? { role: ev.role } : {}),
    };
    const text = this.describe(sys);
    const writes: Parameters<Db["batch"]>[0] = [];
    if (typeof ev.msg_id === "string") {
      const m: Msg = {
        id: ev.msg_id,
        chat,
        seq: Number(ev.seq ?? 0),
        ts: Number(ev.ts ?? Date.now()),
        from: by,
        mine: by === this.me.user,
        system: sys,
        enc: "none",
      };
      c.lastSeq = Math.max(c.lastSeq, m.seq);
      c.lastTs = Math.max(c.lastTs, m.ts);
      c.lastText = text;
      writes.push({ store: "messages", value: m });
    } else if (!c.lastTs) c.lastTs = Date.now();
    const removed = (ev.type === "member_removed" || ev.type === "member_left") && users.includes(this.me.user);
    this.cursor = Math.max(this.cursor, cursor);
    writes.push({ store: "kv", key: "cursor", value: this.cursor });
    if (removed) {
      this.chats.delete(chat);
      writes.push({ store: "chats", key: chat, del: true });
    } else writes.push({ store: "chats", value: c });
    await this.d.db.batch(writes);
    this.events.emit("messages", chat);
    this.events.emit("chats", undefined);
    if (!removed) void this.groupInfo(chat).catch(() => undefined);
  }

  private async onChatRead(ev: Frame): Promise<void> {
    const c = this.chats.get(String(ev.chat));
    if (!c) return;
    c.readSeq = Math.max(c.readSeq, Number(ev.upto_seq ?? 0));
    if (c.readSeq >= c.lastSeq) c.unread = 0;
    await this.d.db.put("chats", c);
    this.events.emit("chats", undefined);
  }

  private onTyping(ev: Frame): void {
    const chat = String(ev.chat);
    const user = String(ev.user);
    if (user === this.me.user) return;
    let m = this.typing.get(chat);
    if (!m) this.typing.set(chat, (m = new Map()));
    if (ev.state === "on") {
      m.set(user, Date.now() + TYPING_MS);
      setTimeout(() => this.events.emit("typing", chat), TYPING_MS + 50);
    } else m.delete(user);
    this.events.emit("typing", chat);
  }

  private clearTyping(chat: string, user: string): void {
    if (this.typing.get(chat)?.delete(user)) this.events.emit("typing", chat);
  }

  typers(chat: string): string[] {
    const now = Date.now();
    return [...(this.typing.get(chat) ?? new Map<string, number>())].filter(([, until]) => until > now).map(([u]) => u);
  }

  describe(s: SystemEvent): string {
    return describeGroupEvent(s.type, this.nameOf(s.by), s.users.map((u) => this.nameOf(u)), s);
  }

  // ---- reading -----------------------------------------------------------------------------

  private viewing(chat: string): boolean {
    return this.openChat === chat && document.visibilityState === "visible";
  }

  async markRead(chat: string): Promise<void> {
    const c = this.chats.get(chat);
    if (!c || c.lastSeq === 0) return;
    const upto = c.lastSeq;
    const had = c.unread;
    c.unread = 0;
    if (upto <= c.readSeq && had === 0) return;
    c.readSeq = Math.max(c.readSeq, upto);
    await this.d.db.put("chats", c);
    this.events.emit("chats", undefined);
    await this.call("read", { chat, upto_seq: upto }).catch(() => undefined);
  }

  tick(c: Chat, m: Msg): Tick {
    if (m.state === "failed") return "failed";
    if (!m.seq || m.state === "pending") return "pending";
    const others =
      c.type === "direct" ? (c.user ? [c.user] : []) : (c.members ?? Object.keys(c.delivered)).filter((u) => u !== this.me.user);
    if (others.length === 0) return "sent";
    if (others.every((u) => (c.read[u] ?? 0) >= m.seq)) return "read";
    if (others.every((u) => (c.delivered[u] ?? 0) >= m.seq)) return "delivered";
    return "sent";
  }

  // ---- typing out --------------------------------------------------------------------------

  private typingSent = new Map<string, number>();
  typingOn(chat: string): void {
    const last = this.typingSent.get(chat) ?? 0;
    // Once per 3 s is enough: the other side shows it for TYPING_MS.
    if (Date.now() - last < 3000) return;
    this.typingSent.set(chat, Date.now());
    this.d.conn.send("typing", { chat, state: "on" });
  }

  typingOff(chat: string): void {
    if (!this.typingSent.has(chat)) return;
    this.typingSent.delete(chat);
    this.d.conn.send("typing", { chat, state: "off" });
  }

  // ---- sending -----------------------------------------------------------------------------

  async sendText(chat: string, text: string): Promise<void> {
    this.typingOff(chat);
    await this.enqueue(chat, { text });
  }

  async sendFile(chat: string, file: File, caption: string): Promise<void> {
    const type = file.type || "application/octet-stream";
    const sealed = await seal(await file.arrayBuffer());
    const up = await upload(sealed.bytes, type, () => this.d.tokens.access());
    const ref: FileRef = {
      id: up.media_id,
      key: sealed.key,
      sha256: sealed.sha256,
      size: sealed.bytes.length,
      type,
      name: file.name,
    };
    await this.enqueue(chat, caption ? { file: ref, text: caption } : { file: ref });
  }

  private targetOf(c: Chat): Target {
    if (c.type === "group" && c.group) return { group: c.group };
    if (c.user) return { user: c.user };
    throw new Error(`no recipient for ${c.chat}`);
  }

  private async enqueue(chat: string, body: Body): Promise<void> {
    const c = this.chats.get(chat);
    if (!c) throw new Error("no such chat");
    const id = crypto.randomUUID();
    const to = this.targetOf(c);
    const m: Msg = {
      id: `local:${id}`,
      chat,
      seq: 0,
      ts: Date.now(),
      from: this.me.user,
      mine: true,
      enc: "user" in to && isBot(to.user) ? "none" : "e2ee",
      state: "pending",
      client_msg_id: id,
      to,
      ...body,
    };
    c.lastTs = m.ts;
    c.lastText = preview(m);
    await this.d.db.batch([
      { store: "messages", value: m },
      { store: "chats", value: c },
    ]);
    this.events.emit("messages", chat);
    this.events.emit("chats", undefined);
    await this.deliver(m);
  }

  private deliver(m: Msg): Promise<void> {
    const run = this.sending.then(() => this.deliverNow(m));
    this.sending = run.catch(() => undefined);
    return run;
  }

  private async deliverNow(m: Msg): Promise<void> {
    // Sent meanwhile (the outbox and a new send can name the same message).
    if (!(await this.d.db.get<Msg>("messages", m.id))) return;
    const c = this.chats.get(m.chat);
    if (!c || !m.client_msg_id || !m.to) return;
    const body: Body = {};
    if (m.text !== undefined) body.text = m.text;
    if (m.file) body.file = m.file;
    const media = m.file ? [m.file.id] : [];
    try {
      const reply =
        m.enc === "none"
          ? await this.call<{ msg_id: string; seq: number; ts: number }>("send", {
              to: m.to,
              client_msg_id: m.client_msg_id,
              body,
              ...(media.length ? { media } : {}),
            })
          : await this.d.sender.send(m.chat, m.to, body as Record<string, unknown>, m.client_msg_id, media);
      const sent: Msg = { ...m, id: reply.msg_id, seq: reply.seq, ts: reply.ts, state: "sent" };
      delete sent.to;
      c.lastSeq = Math.max(c.lastSeq, reply.seq);
      c.readSeq = Math.max(c.readSeq, reply.seq);
      await this.d.db.batch([
        { store: "messages", key: m.id, del: true },
        { store: "messages", value: sent },
        { store: "chats", value: c },
      ]);
    } catch (e) {
      const err = e as ApiError;
      // Offline: it stays in the outbox and goes out on the next connection.
      if (err.code === "offline" || err.code === "timeout") return;
      await this.d.db.put("messages", { ...m, state: "failed", error: err.message });
      this.notice(`not sent: ${err.message}`);
    }
    this.events.emit("messages", m.chat);
  }

  // A message the server refused (a device without keys, a rate limit) can be tried again.
  async retry(id: string): Promise<void> {
    const m = await this.d.db.get<Msg>("messages", id);
    if (!m || m.state !== "failed") return;
    const again: Msg = { ...m, state: "pending" };
    delete again.error;
    await this.d.db.put("messages", again);
    this.events.emit("messages", m.chat);
    await this.deliver(again);
  }

  private async flushOutbox(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      const all = await this.d.db.all<Msg>("messages");
      const pending = all.filter((m) => m.state === "pending").sort((a, b) => a.ts - b.ts);
      for (const m of pending.slice(0, 500)) {
        if (this.d.conn.state !== "online") break;
        await this.deliver(m);
      }
    } finally {
      this.flushing = false;
    }
  }

  // ---- files -------------------------------------------------------------------------------

  // An object URL of the decrypted file (fetched once per page load).
  fileUrl(f: FileRef): Promise<string> {
    let p = this.fileUrls.get(f.id);
    if (!p) {
      p = (async () => {
        const link = await this.call<{ url: string }>("media.url", { media_id: f.id });
        const plain = await openSealed(await download(link.url), f);
        return URL.createObjectURL(new Blob([plain], { type: inlineImage(f.type) ? f.type : "application/octet-stream" }));
      })();
      p.catch(() => this.fileUrls.delete(f.id));
      this.fileUrls.set(f.id, p);
    }
    return p;
  }
}

function describeGroupEvent(type: string, by: string, users: string[], ev: { name?: string; role?: string }): string {
  const list = users.join(", ");
  switch (type) {
    case "created":
      return `${by} created the group “${String(ev.name ?? "")}”`;
    case "member_added":
      return `${by} added ${list}`;
    case "member_removed":
      return `${by} removed ${list}`;
    case "member_left":
      return `${list || by} left`;
    case "member_joined":
      return `${list || by} joined`;
    case "role_changed":
      return `${by} made ${list} ${String(ev.role ?? "")}`;
    case "renamed":
      return `${by} renamed the group to “${String(ev.name ?? "")}”`;
    case "join_requested":
      return `${list || by} asked to join`;
    default:
      return `group: ${type}`;
  }
}

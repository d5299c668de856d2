// SPDX-License-Identifier: Apache-2.0
// What the app keeps about chats and messages (IndexedDB "chats" and "messages").
import type { FileRef } from "../media/seal";

export interface Msg {
  id: string; // the server's msg_id, or "local:<client_msg_id>" until the send is answered
  chat: string;
  seq: number; // 0 until the server answered
  ts: number;
  from: string; // user id
  mine: boolean;
  system?: SystemEvent; // a group change, described with the names known when drawn
  text?: string;
  file?: FileRef;
  enc: "none" | "e2ee";
  state?: "pending" | "sent" | "failed"; // ours only
  error?: string;
  client_msg_id?: string;
  to?: { user: string } | { group: string }; // ours, for resending from the outbox
}

export interface SystemEvent {
  type: string;
  by: string;
  users: string[];
  name?: string;
  role?: string;
}

export interface Chat {
  chat: string;
  type: "direct" | "group";
  user?: string; // direct: the other person
  group?: string;
  name: string;
  lastTs: number;
  lastText: string;
  lastSeq: number;
  unread: number;
  readSeq: number; // our read mark
  delivered: Record<string, number>; // user -> highest seq of ours delivered to them
  read: Record<string, number>; // user -> highest seq of ours they read
  members?: string[]; // groups: member user ids (group.info)
}

export type Tick = "pending" | "sent" | "delivered" | "read" | "failed";

export interface Presence {
  state: "online" | "offline";
  last_seen?: number;
}

export function peerOf(chat: string, me: string): string | undefined {
  if (!chat.startsWith("d:")) return undefined;
  // Bot ids contain a colon ("bot:echo"), so cut our own id off instead of splitting.
  const rest = chat.slice(2);
  if (rest.startsWith(me + ":")) return rest.slice(me.length + 1);
  if (rest.endsWith(":" + me)) return rest.slice(0, rest.length - me.length - 1);
  return undefined;
}

// Direct chats are "d:<user>:<user>" with the two ids sorted (docs/protocol.md).
export function directChat(a: string, b: string): string {
  return a < b ? `d:${a}:${b}` : `d:${b}:${a}`;
}

// Raster images are shown inline; anything else (SVG, HTML, whatever a sender claims) is only
// ever handed out as an opaque download, so a file cannot become a page of this origin.
const INLINE_IMAGES = new Set(["image/jpeg", "image/png", "image/gif", "image/webp", "image/avif", "image/bmp"]);

export function inlineImage(type: string): boolean {
  return INLINE_IMAGES.has(type.toLowerCase());
}

export function preview(m: Pick<Msg, "text" | "file" | "error">): string {
  if (m.error) return m.error;
  if (m.text) return m.text;
  if (m.file) return (inlineImage(m.file.type) ? "Photo: " : "File: ") + (m.file.name || "file");
  return "";
}

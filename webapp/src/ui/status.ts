// SPDX-License-Identifier: Apache-2.0
// Status posts (status.*): post a line or a photo, see views of one's own, view others'.
// Status posts are not end-to-end encrypted in protocol v1, and the page says so.
import { h } from "../core/dom";
import type { Model } from "../chat/model";
import { upload } from "../media/transfer";
import type { Connection } from "../net/connection";
import type { Tokens } from "../net/auth";
import { clock } from "./format";
import { toast } from "./toast";

interface Post {
  status: string;
  user?: string;
  ts: number;
  expires: number;
  text?: string;
  media?: string;
  media_url?: string;
  views?: Array<{ user: string; ts: number }>;
}

export function statusView(model: Model, conn: Connection, tokens: Tokens): { element: HTMLElement; dispose: () => void } {
  const text = h("input", { id: "status-text", maxlength: 700, placeholder: "What's up?" });
  const photo = h("input", { id: "status-photo", type: "file", accept: "image/*" });
  const mine = h("ul", { class: "status-list", "aria-label": "My status" });
  const feed = h("ul", { class: "status-list", "aria-label": "Recent updates" });
  const form = h(
    "form",
    { class: "card" },
    h("label", { for: "status-text" }, "Status text"),
    text,
    h("label", { for: "status-photo" }, "or a photo"),
    photo,
    h("button", { type: "submit" }, "Post status"),
    h("p", { class: "muted" }, "Shown to your contacts for 24 hours. Status posts are not end-to-end encrypted."),
  );
  const viewed = new Set<string>();

  const draw = async () => {
    try {
      const m = await conn.call<{ statuses: Post[] }>("status.mine");
      mine.replaceChildren(
        ...m.statuses.map((p) =>
          h("li", { class: "status-item" }, content(p), h("span", { class: "muted" }, `${clock(p.ts)} · ${p.views?.length ?? 0} views`)),
        ),
      );
      if (!m.statuses.length) mine.append(h("li", { class: "muted" }, "No status right now."));
      const f = await conn.call<{ statuses: Post[] }>("status.feed", { limit: 100 });
      feed.replaceChildren(
        ...f.statuses.map((p) =>
          h("li", { class: "status-item", "data-status": p.status }, h("strong", null, model.nameOf(p.user ?? "")), content(p), h("span", { class: "muted" }, clock(p.ts))),
        ),
      );
      if (!f.statuses.length) feed.append(h("li", { class: "muted" }, "Nothing from your contacts."));
      // Seen on screen means viewed; the poster is told as the viewer's privacy allows.
      for (const p of f.statuses) {
        if (viewed.has(p.status)) continue;
        viewed.add(p.status);
        void conn.call("status.view", { status: p.status }).catch(() => undefined);
      }
    } catch (e) {
      toast((e as Error).message);
    }
  };

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const file = photo.files?.[0];
      if (file) {
        // The audience fetches it through a plain link, so it is uploaded as it is.
        const up = await upload(new Uint8Array(await file.arrayBuffer()), file.type || "image/jpeg", () => tokens.access());
        await conn.call("status.post", { media: up.media_id });
      } else if (text.value.trim()) {
        await conn.call("status.post", { text: text.value.trim() });
      } else return;
      text.value = "";
      photo.value = "";
      await draw();
    } catch (x) {
      toast(`not posted: ${(x as Error).message}`);
    }
  });
  const off = model.events.on("status", () => void draw());
  void draw();
  return {
    element: h("section", { class: "page" }, h("a", { href: "#/", class: "back" }, "‹ Chats"), h("h2", null, "Status"), form, h("h3", null, "My status"), mine, h("h3", null, "Recent updates"), feed),
    dispose: off,
  };
}

function content(p: Post): HTMLElement {
  if (p.media_url) return h("img", { src: p.media_url, alt: "status photo", class: "status-photo" });
  return h("p", { class: "status-text" }, p.text ?? "");
}

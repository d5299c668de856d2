// SPDX-License-Identifier: Apache-2.0
// The service worker: a notification per Web Push (which carries no content), the chat
// opened on click, and the app's files kept so the page opens offline.
/// <reference lib="webworker" />
export {};
declare const self: ServiceWorkerGlobalScope;

const CACHE = "sb-app-v1";

interface PushData {
  v?: number;
  kind?: string;
  chat?: string;
  count?: number;
  sender_name?: string;
}

self.addEventListener("install", (e) => {
  e.waitUntil(self.skipWaiting());
});

self.addEventListener("activate", (e) => {
  e.waitUntil(self.clients.claim());
});

function text(d: PushData): { title: string; body: string } {
  const n = typeof d.count === "number" && d.count > 1 ? d.count : 1;
  const title = d.sender_name || "Switchboard";
  if (d.kind === "status") return { title, body: "New status update" };
  if (d.kind === "group") return { title, body: "Group activity" };
  return { title, body: n > 1 ? `${n} new messages` : "New message" };
}

self.addEventListener("push", (e) => {
  let data: PushData = {};
  try {
    data = (e.data?.json() ?? {}) as PushData;
  } catch {
    data = {};
  }
  const { title, body } = text(data);
  const show = self.registration.showNotification(title, {
    body,
    tag: "inbox", // the server's collapse key: a newer push replaces the older notification
    icon: "/app/icon.svg",
    data: { chat: data.chat ?? "" },
  });
  // A synthetic event (no waitUntil allowed) still shows the notification.
  try {
    e.waitUntil(show);
  } catch {
    void show;
  }
});

self.addEventListener("notificationclick", (e) => {
  e.notification.close();
  const chat = (e.notification.data as { chat?: string } | null)?.chat ?? "";
  const url = chat ? `/app/#/chat/${encodeURIComponent(chat)}` : "/app/";
  e.waitUntil(
    (async () => {
      const wins = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = wins.find((w) => new URL(w.url).pathname.startsWith("/app"));
      if (open) {
        await open.focus();
        await open.navigate(url).catch(() => undefined);
      } else await self.clients.openWindow(url);
    })(),
  );
});

// Network first for the page (a new build is seen at once), cache first for the hashed
// assets; API calls and media are never cached.
self.addEventListener("fetch", (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin || !url.pathname.startsWith("/app")) return;
  if (url.pathname.startsWith("/app/assets/")) {
    e.respondWith(
      caches.open(CACHE).then(async (c) => {
        const hit = await c.match(req);
        if (hit) return hit;
        const res = await fetch(req);
        if (res.ok) await c.put(req, res.clone());
        return res;
      }),
    );
    return;
  }
  if (req.mode === "navigate") {
    e.respondWith(
      fetch(req)
        .then(async (res) => {
          if (res.ok) await (await caches.open(CACHE)).put("/app/", res.clone());
          return res;
        })
        .catch(async () => (await caches.match("/app/")) ?? Response.error()),
    );
  }
});

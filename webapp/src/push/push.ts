// SPDX-License-Identifier: Apache-2.0
// Web Push: the service worker's registration and, from the settings page, the subscription
// bound to the server's VAPID key (push.providers) and registered with push.subscribe.
import { fromBase64Url } from "../core/bytes";
import type { Connection } from "../net/connection";
import type { Db } from "../store/db";

interface Provider {
  id: string;
  kind: string;
  vapid_public_key?: string;
}

interface Saved {
  provider: string;
  endpoint: string;
  subscription: string;
}

export async function registerWorker(): Promise<ServiceWorkerRegistration | null> {
  if (!("serviceWorker" in navigator)) return null;
  try {
    return await navigator.serviceWorker.register("/app/sw.js", { scope: "/app/" });
  } catch (e) {
    console.warn("service worker", e);
    return null;
  }
}

export function pushSupported(): boolean {
  return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

function sameKey(a: ArrayBuffer | null | undefined, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.length) return false;
  const x = new Uint8Array(a);
  return x.every((v, i) => v === b[i]);
}

export async function enablePush(conn: Connection, db: Db): Promise<Saved> {
  if (!pushSupported()) throw new Error("this browser has no Web Push");
  const permission = await Notification.requestPermission();
  if (permission !== "granted") throw new Error("notifications are blocked for this site");
  const { providers } = await conn.call<{ providers: Provider[] }>("push.providers");
  const p = providers.find((x) => x.kind === "webpush" && x.vapid_public_key);
  if (!p || !p.vapid_public_key) throw new Error("the server has no Web Push provider");
  const key = fromBase64Url(p.vapid_public_key);
  // ready never settles when the worker failed to register: give up after 10 s.
  const reg = await Promise.race([
    navigator.serviceWorker.ready,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the service worker is not running")), 10_000)),
  ]);
  let sub = await reg.pushManager.getSubscription();
  // A subscription made for another server key would be refused by the push service.
  if (sub && !sameKey(sub.options.applicationServerKey, key)) {
    await sub.unsubscribe();
    sub = null;
  }
  sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  const json = sub.toJSON();
  const r = await conn.call<{ subscription: { id: string } }>("push.subscribe", {
    provider: p.id,
    endpoint: json.endpoint,
    keys: json.keys,
  });
  const saved: Saved = { provider: p.id, endpoint: String(json.endpoint), subscription: r.subscription.id };
  await db.put("kv", saved, "push");
  return saved;
}

export async function disablePush(conn: Connection, db: Db): Promise<void> {
  const saved = await db.get<Saved>("kv", "push");
  if (saved) await conn.call("push.remove", { subscription: saved.subscription }).catch(() => undefined);
  const reg = await navigator.serviceWorker?.getRegistration("/app/");
  await (await reg?.pushManager.getSubscription())?.unsubscribe();
  await db.delete("kv", "push");
}

export async function pushEnabled(db: Db): Promise<boolean> {
  return Boolean(await db.get<Saved>("kv", "push"));
}

// On each connection: a browser may have renewed the subscription; tell the server.
export async function refreshPush(conn: Connection, db: Db): Promise<void> {
  const saved = await db.get<Saved>("kv", "push");
  if (!saved || !pushSupported() || Notification.permission !== "granted") return;
  const reg = await navigator.serviceWorker.getRegistration("/app/");
  const sub = await reg?.pushManager.getSubscription();
  if (sub && sub.endpoint === saved.endpoint) return;
  await enablePush(conn, db).catch((e) => console.warn("push", e));
}

// SPDX-License-Identifier: Apache-2.0
// Web Push with the page closed: the service worker subscribes with the server's VAPID key,
// the server's push reaches the push tests' stub, and the worker shows it.
// @ts-check
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launch, logIn, openApp, pageErrors, send, setName, shot, startChat, watch, DESKTOP } from "./support/browser.mjs";
import { startPushStub } from "./support/push_stub.mjs";
import { phone, startServer } from "./support/server.mjs";

/** @type {import("./support/server.mjs").Server} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
/** @type {import("./support/push_stub.mjs").PushStub} */
let stub;

before(async () => {
  stub = await startPushStub();
  server = await startServer({ webpush: { caFile: stub.cert } });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await stub?.stop();
});

// Stands in for the browser's push service client: subscribe() asks the test (and so the
// stub) for a subscription bound to the applicationServerKey the app passed.
const FAKE_PUSH_MANAGER = () => {
  const KEY = "sb-test-push-subscription";
  const b64url = (/** @type {ArrayBuffer} */ buf) =>
    btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const wrap = (/** @type {any} */ s) =>
    s && {
      endpoint: s.endpoint,
      options: { userVisibleOnly: true, applicationServerKey: Uint8Array.from(atob(s.serverKey.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)).buffer },
      toJSON: () => ({ endpoint: s.endpoint, keys: s.keys }),
      unsubscribe: async () => (localStorage.removeItem(KEY), true),
    };
  PushManager.prototype.subscribe = async function (/** @type {PushSubscriptionOptionsInit | undefined} */ opts) {
    const key = opts?.applicationServerKey;
    if (!key || typeof key === "string") throw new Error("the test expects applicationServerKey as bytes");
    const serverKey = b64url(key instanceof ArrayBuffer ? key : /** @type {any} */ (key).buffer);
    // @ts-ignore: exposed by the test
    const s = await window.sbPushStubSubscribe(serverKey);
    localStorage.setItem(KEY, JSON.stringify({ ...s, serverKey }));
    return /** @type {any} */ (wrap({ ...s, serverKey }));
  };
  PushManager.prototype.getSubscription = async function () {
    const s = localStorage.getItem(KEY);
    return /** @type {any} */ (s ? wrap(JSON.parse(s)) : null);
  };
};

// Web Push with the page closed. Headless Chromium cannot reach its real push service (FCM)
// on this offline machine, so PushManager.subscribe is answered by the local push-service
// stub of the push tests instead: the app's service worker, permission request,
// push.providers, VAPID key and push.subscribe all run for real, and the stub makes the
// subscription (it requires pushes to be signed with the VAPID key the app subscribed
// with). With the page closed, a message to its user makes the server send a real encrypted
// Web Push to the stub, which checks and decrypts it; that notice is then delivered to the
// service worker (DevTools' ServiceWorker.deliverPushMessage, what the push service would
// do), which shows the notification.
test("the service worker subscribes with the server's VAPID key and shows a push with the page closed", async () => {
  const vapid = (await (await fetch(`${server.base}/v1/push/vapid`)).json()).vapid_public_key;
  assert.match(vapid, /^[A-Za-z0-9_-]{87}$/);

  const context = await browser.newContext({ viewport: DESKTOP });
  context.setDefaultTimeout(20000);
  await context.grantPermissions(["notifications"], { origin: server.base });
  /** @type {string[]} */
  const keysAsked = [];
  await context.exposeFunction("sbPushStubSubscribe", async (/** @type {string} */ serverKey) => {
    keysAsked.push(serverKey);
    return stub.newSubscription(serverKey);
  });
  await context.addInitScript(FAKE_PUSH_MANAGER);
  const page = await context.newPage();
  watch(page);
  await page.goto(`${server.base}/app/`);
  await logIn(page, 1);
  await setName(page, "Alice");
  await page.goto(`${server.base}/app/#/settings`);
  await page.getByRole("button", { name: "Turn on notifications" }).click();
  await page.locator('.push-state[data-push="on"]').waitFor();
  assert.deepEqual(keysAsked, [vapid], "the app subscribed with another key than the server's");
  await shot(page, "01-notifications-on");
  const sw = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration("/app/");
    return { scope: reg?.scope, active: Boolean(reg?.active), controlled: Boolean(navigator.serviceWorker.controller) };
  });
  assert.equal(sw.scope, `${server.base}/app/`);
  assert.ok(sw.active);

  // Bob writes while Alice's page is closed: her device has no session, so the server pushes.
  const bob = await openApp(browser, server.base);
  await logIn(bob.page, 2);
  await startChat(bob.page, phone(1));
  await page.close();
  await send(bob.page, "are you there?");

  let record = null;
  for (let i = 0; i < 100 && !record; i++) {
    record = (await stub.records()).find((r) => r.kind === "push");
    if (!record) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(record, "no push reached the push service within 20 s");
  assert.deepEqual(record.problems, []);
  assert.equal(record.status, 201);
  assert.equal(record.payload.kind, "message");
  assert.match(record.payload.chat, /^d:u_/);
  assert.equal(record.payload.count, 1);
  assert.ok(!record.payload_text.includes("are you there"), "a push carried message content");

  // The push service hands the notice to the browser: the service worker shows it.
  const blank = await context.newPage();
  const cdp = await context.newCDPSession(blank);
  /** @type {Array<{ registrationId: string, scopeURL: string, isDeleted: boolean }>} */
  const registrations = [];
  cdp.on("ServiceWorker.workerRegistrationUpdated", (e) => registrations.push(...e.registrations));
  await cdp.send("ServiceWorker.enable");
  for (let i = 0; i < 50 && !registrations.some((r) => r.scopeURL === `${server.base}/app/`); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const reg = registrations.find((r) => r.scopeURL === `${server.base}/app/` && !r.isDeleted);
  assert.ok(reg, `no service worker registration for /app/: ${JSON.stringify(registrations)}`);
  await cdp.send("ServiceWorker.deliverPushMessage", {
    origin: server.base,
    registrationId: reg.registrationId,
    data: record.payload_text,
  });

  const again = await context.newPage();
  watch(again);
  await again.goto(`${server.base}/app/`);
  /** @type {Array<{ title: string, body: string, tag: string, chat: string }>} */
  let shown = [];
  for (let i = 0; i < 50 && shown.length === 0; i++) {
    shown = await again.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration("/app/");
      const list = (await r?.getNotifications()) ?? [];
      return list.map((n) => ({ title: n.title, body: n.body, tag: n.tag, chat: n.data?.chat ?? "" }));
    });
    if (!shown.length) await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(shown, [{ title: "Switchboard", body: "New message", tag: "inbox", chat: record.payload.chat }]);
  await again.locator("a.chat-item", { hasText: "are you there?" }).waitFor();
  await shot(again, "02-back-after-push");
  assert.deepEqual(pageErrors, []);
});

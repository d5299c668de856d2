// SPDX-License-Identifier: Apache-2.0
// Two browsers register by phone and chat end to end encrypted: unread counts, ticks,
// typing, presence, and a closed browser that resumes from its cursor.
// @ts-check
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  bubble,
  launch,
  logIn,
  online,
  openApp,
  openChat,
  PHONE,
  pageErrors,
  send,
  setName,
  shot,
  startChat,
  waitTick,
  watch,
} from "./support/browser.mjs";
import { filesContaining, phone, startServer } from "./support/server.mjs";

/** @type {import("./support/server.mjs").Server} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Two browsers (two contexts: two IndexedDBs, two devices) register by phone and chat end to
// end encrypted: unread counts, ticks from sent to delivered to read, typing and presence,
// and a browser that was closed gets what was sent meanwhile from its cursor, decrypts it,
// and still shows what it had (the server deleted it on delivery). The server's data dir
// never holds the plaintext.
test("two browsers chat end to end encrypted with ticks, typing, presence and resume", async () => {
  const alice = await openApp(browser, server.base);
  const bob = await openApp(browser, server.base);
  await shot(alice.page, "01-login");
  await logIn(alice.page, 1);
  await setName(alice.page, "Alice");
  await logIn(bob.page, 2);
  await setName(bob.page, "Bob");

  await startChat(alice.page, phone(2));
  await alice.page.locator(".conv-name", { hasText: "Bob" }).waitFor();
  await alice.page.locator(".conv-sub", { hasText: "online" }).waitFor();

  const secret = `hello bob, the code is ${Date.now()}`;
  await send(alice.page, secret);
  // Bob's app is open on the chat list: the message is delivered, not read.
  const item = bob.page.locator("a.chat-item", { hasText: "Alice" });
  await item.locator(".unread", { hasText: "1" }).waitFor();
  await item.locator(".chat-last", { hasText: secret }).waitFor();
  await waitTick(alice.page, secret, "delivered");
  await shot(bob.page, "02-bob-unread");
  await shot(alice.page, "03-alice-delivered");

  await openChat(bob.page, "Alice");
  await bubble(bob.page, secret).waitFor();
  await waitTick(alice.page, secret, "read");
  await item.locator(".unread").waitFor({ state: "detached" });

  // Typing shows on the other side, then the answer arrives.
  await bob.page.getByLabel("Message", { exact: true }).pressSequentially("hi al", { delay: 30 });
  await alice.page.locator(".conv-sub.typing", { hasText: "typing" }).waitFor();
  await bob.page.getByLabel("Message", { exact: true }).fill("");
  await send(bob.page, "hi alice ☺");
  await bubble(alice.page, "hi alice ☺").waitFor();
  await waitTick(bob.page, "hi alice ☺", "read");
  await shot(alice.page, "04-alice-read");

  // Bob closes the app: Alice sees "last seen", sends twice; Bob's next visit resumes from
  // its cursor and decrypts both, and the first message is still there from IndexedDB.
  await bob.page.close();
  await alice.page.locator(".conv-sub", { hasText: "last seen" }).waitFor();
  await send(alice.page, "while you were away 1");
  await send(alice.page, "while you were away 2");
  await waitTick(alice.page, "while you were away 2", "sent");
  const again = await bob.context.newPage();
  watch(again);
  await again.goto(`${server.base}/app/`);
  await online(again);
  const back = again.locator("a.chat-item", { hasText: "Alice" });
  await back.locator(".unread", { hasText: "2" }).waitFor().catch(async (e) => {
    await shot(again, "debug");
    console.log(await again.locator("body").innerText());
    throw e;
  });
  await openChat(again, "Alice");
  await bubble(again, "while you were away 2").waitFor();
  const texts = await again.locator("ol.messages li.msg .text").allTextContents();
  assert.deepEqual(texts, [secret, "hi alice ☺", "while you were away 1", "while you were away 2"]);
  await waitTick(alice.page, "while you were away 2", "read");
  await shot(again, "05-bob-resumed");

  // A phone-sized screen shows one pane at a time.
  await again.setViewportSize(PHONE);
  await shot(again, "06-bob-phone");

  // End to end: nothing the server stored holds the plaintext.
  assert.deepEqual(filesContaining(server.data, secret), []);
  assert.deepEqual(filesContaining(server.data, "while you were away"), []);
  assert.deepEqual(pageErrors, []);
});

// The server goes away (a restart): what is written meanwhile waits in the outbox with a
// clock, and goes out by itself once the app has reconnected.
test("messages written while the server is down go out when it is back", async () => {
  const carol = await openApp(browser, server.base);
  const dave = await openApp(browser, server.base);
  await logIn(carol.page, 3);
  await setName(carol.page, "Carol");
  await logIn(dave.page, 4);
  await setName(dave.page, "Dave");
  await startChat(carol.page, phone(4));
  await send(carol.page, "before the restart");
  await waitTick(carol.page, "before the restart", "delivered");

  await server.restart(async () => {
    await carol.page.locator('.link-state[data-state="offline"]').waitFor();
    await send(carol.page, "written while the server was down");
    await bubble(carol.page, "written while the server was down").locator('.tick[data-tick="pending"]').waitFor();
    await shot(carol.page, "07-outbox");
  });
  // The app retries with backoff (up to 30 s apart): give it that long to come back by itself.
  await bubble(carol.page, "written while the server was down").locator('.tick[data-tick="delivered"]').waitFor({ timeout: 45000 });
  await openChat(dave.page, "Carol");
  await bubble(dave.page, "written while the server was down").waitFor({ timeout: 45000 });
  await waitTick(carol.page, "written while the server was down", "read");
  assert.deepEqual(pageErrors, []);
});

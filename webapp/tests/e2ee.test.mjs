// SPDX-License-Identifier: Apache-2.0
// End-to-end encryption across devices in real browsers (a device added later, one's own
// other device) and plain messages to a bot.
// @ts-check
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { bubble, launch, logIn, openApp, openChat, pageErrors, send, setName, shot, startChat } from "./support/browser.mjs";
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

// End-to-end encryption across devices, all in real browsers: a second device of the
// recipient, added after the chat began, gets the next messages (the sender's app learns it
// from the server's stale_devices answer, fetches its bundle and sends again), and what one
// of Alice's devices sends shows on her other one. A bot gets plain messages, marked so.
test("a second device added later gets new messages; own devices see each other's sends", async () => {
  const alice1 = await openApp(browser, server.base);
  const bob = await openApp(browser, server.base);
  await logIn(alice1.page, 5);
  await setName(alice1.page, "Alice");
  await logIn(bob.page, 6);
  await setName(bob.page, "Bob");
  await startChat(bob.page, phone(5));
  await send(bob.page, "before the second device");
  await openChat(alice1.page, "Bob");
  await bubble(alice1.page, "before the second device").waitFor();

  // Alice logs in on another browser: a new device with its own keys.
  const alice2 = await openApp(browser, server.base);
  await logIn(alice2.page, 5);
  await send(bob.page, "to every device of alice");
  await bubble(alice1.page, "to every device of alice").waitFor();
  await openChat(alice2.page, "Bob");
  await bubble(alice2.page, "to every device of alice").waitFor();
  // Sent before it existed, the first message never reached the new device.
  assert.equal(await bubble(alice2.page, "before the second device").count(), 0);

  await send(alice2.page, "from alice's second device");
  await bubble(bob.page, "from alice's second device").waitFor();
  const mine = alice1.page.locator("li.msg.mine", { hasText: "from alice's second device" });
  await mine.waitFor();
  // No message of this chat travelled in plain text.
  assert.equal(await alice1.page.locator("li.msg .plain").count(), 0);
  await shot(alice2.page, "01-second-device");
  await shot(alice1.page, "02-first-device");

  for (const text of ["before the second device", "to every device of alice", "from alice's second device"]) {
    assert.deepEqual(filesContaining(server.data, text), [], text);
  }
  assert.deepEqual(pageErrors, []);
});

test("a bot reads plain messages, and the app marks them as not encrypted", async () => {
  const carol = await openApp(browser, server.base);
  await logIn(carol.page, 7);
  await startChat(carol.page, "bot:echo");
  await send(carol.page, "ping");
  await bubble(carol.page, "echo: ping").waitFor();
  await carol.page.locator("li.msg.mine", { hasText: "ping" }).locator(".plain").waitFor();
  await shot(carol.page, "03-bot");
  assert.deepEqual(pageErrors, []);
});

// SPDX-License-Identifier: Apache-2.0
// Groups and status posts in three browsers: pairwise-encrypted group messages, ticks,
// rename and removal; a status post, its view reported back.
// @ts-check
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { bubble, launch, logIn, openApp, openChat, pageErrors, send, setName, shot, startChat, waitTick } from "./support/browser.mjs";
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

// Groups and status posts in three browsers: a group made from phone numbers, messages
// encrypted pairwise to each member's device with the sender's name shown, read ticks once
// every member read, a rename and a removal seen by the members; a status post seen by a
// contact, and the view reported back to the poster.
test("a group of three: messages, ticks, rename, removal; a status post and its view", async () => {
  const alice = await openApp(browser, server.base);
  const bob = await openApp(browser, server.base);
  const carol = await openApp(browser, server.base);
  for (const [who, n, name] of /** @type {const} */ ([[alice, 1, "Alice"], [bob, 2, "Bob"], [carol, 3, "Carol"]])) {
    await logIn(who.page, n);
    await setName(who.page, name);
  }

  await alice.page.locator('a[title="New chat"]').click();
  await alice.page.getByLabel("Group name").fill("Trip");
  await alice.page.getByLabel("Members").fill(`${phone(2)}\n${phone(3)}`);
  await alice.page.getByRole("button", { name: "Create group" }).click();
  await alice.page.locator(".conv-name", { hasText: "Trip" }).waitFor();
  await send(alice.page, "pack the tent");

  for (const who of [bob, carol]) {
    await openChat(who.page, "Trip");
    const b = bubble(who.page, "pack the tent");
    await b.waitFor();
    await b.locator(".from", { hasText: "Alice" }).waitFor();
  }
  await waitTick(alice.page, "pack the tent", "read");
  await send(bob.page, "and the stove");
  await bubble(alice.page, "and the stove").locator(".from", { hasText: "Bob" }).waitFor();
  await bubble(carol.page, "and the stove").waitFor();
  await shot(alice.page, "01-group");

  await alice.page.locator('a[title="Group info"]').click();
  await alice.page.getByLabel("Name").fill("Trip 2025");
  await alice.page.getByRole("button", { name: "Rename" }).click();
  await bob.page.locator(".conv-name", { hasText: "Trip 2025" }).waitFor();
  await bob.page.locator("li.system", { hasText: "renamed the group" }).waitFor();
  await alice.page.locator("ul.members li", { hasText: "Carol" }).getByRole("button", { name: "Remove" }).click();
  await bob.page.locator("li.system", { hasText: "removed Carol" }).waitFor();
  await carol.page.locator("a.chat-item", { hasText: "Trip" }).waitFor({ state: "detached" });
  await shot(bob.page, "02-group-changes");
  assert.deepEqual(filesContaining(server.data, "pack the tent"), []);

  // Status: Bob is Alice's contact (she starts a chat with him), so he sees her post.
  await startChat(alice.page, phone(2));
  await alice.page.goto(`${server.base}/app/#/status`);
  await alice.page.getByLabel("Status text").fill("at the beach");
  await alice.page.getByRole("button", { name: "Post status" }).click();
  await alice.page.locator('ul[aria-label="My status"] li', { hasText: "at the beach" }).waitFor();
  await bob.page.goto(`${server.base}/app/#/status`);
  await bob.page.locator('ul[aria-label="Recent updates"] li', { hasText: "at the beach" }).locator("strong", { hasText: "Alice" }).waitFor();
  await alice.page.locator('ul[aria-label="My status"] li', { hasText: "1 views" }).waitFor();
  await shot(bob.page, "03-status");
  assert.deepEqual(pageErrors, []);
});

// SPDX-License-Identifier: Apache-2.0
// Finding a user and revoking one of their devices (that device's WebSocket closes, the
// other stays), banning a user (their socket closes, login is refused), and a bulk unban.
// @ts-check
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { PHONE, launch, logIn, newPage, shot } from "./support/browser.mjs";
import { closedWithin, connect, login } from "./support/people.mjs";
import { phone, startServer } from "./support/server.mjs";

const OP = { name: "otto", role: /** @type {const} */ ("operator"), password: "otto-password-1" };

/** @type {import("./support/server.mjs").Server} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;

before(async () => {
  server = await startServer({ admins: [OP] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("find a user and revoke one device: its socket closes, the other stays", async () => {
  const laptop = await login(server.base, 3, "carol-laptop");
  const tablet = await login(server.base, 3, "carol-tablet");
  const l = await connect(server.port, laptop.access_token);
  const t = await connect(server.port, tablet.access_token);
  const page = await newPage(browser);
  try {
    await logIn(page, server.base, OP.name, OP.password);
    await page.getByRole("link", { name: "Users" }).click();
    await page.getByRole("searchbox", { name: "Search users" }).fill(phone(3));
    await page.getByRole("button", { name: "Search" }).click();
    const row = page.locator(`tr[data-user="${laptop.user_id}"]`);
    await row.waitFor();
    assert.equal(await page.locator("tbody tr[data-user]").count(), 1, "the search found more than carol");
    await shot(page, "users-search");
    await row.getByRole("link").click();
    await page.waitForURL(new RegExp(`/admin/users/${laptop.user_id}$`));
    await page.locator(`button[data-device="${laptop.device_id}"]`).waitFor();
    await shot(page, "user-detail");

    await page.locator(`button[data-device="${laptop.device_id}"]`).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke" }).click();
    const closed = await closedWithin(l, 5000);
    assert.equal(closed.code, 4003, `the revoked device closed with ${closed.code}, expected 4003`);
    // The other device is untouched: it still answers.
    const reply = await t.call("devices.list");
    assert.equal(reply.ok, true);
    await page.locator(`button[data-device="${laptop.device_id}"]`).waitFor({ state: "detached" });
    await page.setViewportSize(PHONE);
    await shot(page, "user-detail-phone");
  } finally {
    l.close();
    t.close();
    await page.context().close();
  }
});

test("ban a user: the socket closes, login is refused; a bulk unban lets them back", async () => {
  const dave = await login(server.base, 4, "dave-phone");
  const d = await connect(server.port, dave.access_token);
  const page = await newPage(browser);
  try {
    await logIn(page, server.base, OP.name, OP.password);
    await page.goto(`${server.base}/admin/users/${dave.user_id}`);
    await page.getByRole("button", { name: "Ban", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Ban" }).click();
    const closed = await closedWithin(d, 5000);
    assert.equal(closed.code, 4004, `the banned user's socket closed with ${closed.code}, expected 4004`);
    await page.locator('[data-status="banned"]').waitFor();
    await assert.rejects(login(server.base, 4, "dave-again"), /403/);

    // The banned filter lists him; select him and unban in bulk.
    await page.goto(`${server.base}/admin/users?filter=banned`);
    const row = page.locator(`tr[data-user="${dave.user_id}"]`);
    await row.waitFor();
    await row.getByRole("checkbox").check();
    await page.locator('button[data-bulk="unban"]').click();
    await page.getByRole("dialog").getByRole("button", { name: "Unban" }).click();
    await row.waitFor({ state: "detached" });
    await shot(page, "users-banned-filter");
    const back = await login(server.base, 4, "dave-again");
    assert.ok(back.access_token);
  } finally {
    d.close();
    await page.context().close();
  }
});

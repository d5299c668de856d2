// SPDX-License-Identifier: Apache-2.0
// A viewer sees everything and can change nothing (the UI offers no control, the API
// refuses the request anyway); a change without the CSRF header, or without a session, is
// refused.
// @ts-check
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launch, logIn, newPage, shot } from "./support/browser.mjs";
import { login } from "./support/people.mjs";
import { startServer } from "./support/server.mjs";

const OWNER = { name: "olivia", role: /** @type {const} */ ("owner"), password: "olivia-password-1" };
const VIEWER = { name: "vera", role: /** @type {const} */ ("viewer"), password: "vera-password-12" };

/** @type {import("./support/server.mjs").Server} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
/** @type {string} */
let frank;

before(async () => {
  server = await startServer({ admins: [OWNER, VIEWER] });
  browser = await launch();
  frank = (await login(server.base, 6, "frank-phone")).user_id;
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * POSTs from inside the page (its cookie), with or without the CSRF header.
 * @param {import("playwright-core").Page} page
 * @param {string} path
 * @param {"right"|"none"|"wrong"} csrf
 */
function postFromPage(page, path, csrf) {
  return page.evaluate(
    async ({ path, csrf }) => {
      const me = await (await fetch("/v1/admin/me")).json();
      /** @type {Record<string, string>} */
      const headers = { "Content-Type": "application/json" };
      if (csrf === "right") headers["X-CSRF-Token"] = me.csrf;
      if (csrf === "wrong") headers["X-CSRF-Token"] = `${me.csrf}x`;
      const res = await fetch(path, { method: "POST", headers, body: "{}" });
      return res.status;
    },
    { path, csrf },
  );
}

/** @param {import("playwright-core").Page} page */
async function frankBanned(page) {
  return page.evaluate(async (id) => (await (await fetch(`/v1/admin/users/${id}`)).json()).user.banned, frank);
}

test("a viewer is offered no change and the API refuses one", async () => {
  const page = await newPage(browser);
  try {
    await logIn(page, server.base, VIEWER.name, VIEWER.password);
    await page.goto(`${server.base}/admin/users`);
    await page.locator(`tr[data-user="${frank}"]`).waitFor();
    assert.equal(await page.locator(".bulk").isHidden(), true, "the bulk actions are shown to a viewer");
    assert.equal(await page.locator("td.pick").count(), 0);
    await page.goto(`${server.base}/admin/users/${frank}`);
    await page.getByRole("table", { name: "Devices" }).waitFor();
    assert.equal(await page.getByRole("button", { name: /^(Ban|Revoke|Delete user)$/ }).count(), 0);
    await shot(page, "viewer-user");
    await page.goto(`${server.base}/admin/bots/echo`);
    const editor = page.getByRole("textbox", { name: "Source of echo" });
    await editor.waitFor();
    assert.equal(await editor.getAttribute("readonly"), "");
    assert.equal(await page.getByRole("button", { name: "Save" }).count(), 0);
    await page.goto(`${server.base}/admin/plugins/bots`);
    await page.locator(".config-form").waitFor();
    assert.equal(await page.getByRole("button", { name: "Apply" }).count(), 0);
    assert.equal(await page.locator(".config-form input:not([disabled])").count(), 0);

    assert.equal(await postFromPage(page, `/v1/admin/users/${frank}/ban`, "right"), 403);
    assert.equal(await postFromPage(page, "/v1/admin/bots/echo/disable", "right"), 403);
    assert.equal(await frankBanned(page), false);
  } finally {
    await page.context().close();
  }
});

test("a change without the CSRF header or with a wrong one is refused", async () => {
  const page = await newPage(browser);
  try {
    await logIn(page, server.base, OWNER.name, OWNER.password);
    assert.equal(await postFromPage(page, `/v1/admin/users/${frank}/ban`, "none"), 403);
    assert.equal(await postFromPage(page, `/v1/admin/users/${frank}/ban`, "wrong"), 403);
    assert.equal(await frankBanned(page), false);
    // The same request with the header goes through: the refusals above were the CSRF check.
    assert.equal(await postFromPage(page, `/v1/admin/users/${frank}/ban`, "right"), 200);
    assert.equal(await frankBanned(page), true);
    assert.equal(await postFromPage(page, `/v1/admin/users/${frank}/unban`, "right"), 200);
  } finally {
    await page.context().close();
  }
});

test("without a session every read and change is refused", async () => {
  for (const [method, path] of [
    ["GET", "/v1/admin/users"],
    ["GET", "/v1/admin/plugins"],
    ["POST", `/v1/admin/users/${frank}/ban`],
    ["PUT", "/v1/admin/bots/echo"],
  ]) {
    const res = await fetch(server.base + path, {
      method,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": "anything" },
      body: method === "GET" ? undefined : "{}",
    });
    assert.equal(res.status, 401, `${method} ${path} answered ${res.status}`);
  }
  // After logging out, the old cookie is worth nothing.
  const page = await newPage(browser);
  try {
    await logIn(page, server.base, OWNER.name, OWNER.password);
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === "sb_admin");
    assert.ok(session, "no sb_admin cookie after login");
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, "Strict");
    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL(/\/admin\/login/);
    const res = await fetch(`${server.base}/v1/admin/users`, { headers: { Cookie: `sb_admin=${session.value}` } });
    assert.equal(res.status, 401);
  } finally {
    await page.context().close();
  }
});

// SPDX-License-Identifier: Apache-2.0
// The other pages against real data: a group's members and a notice that reaches them, an
// API token shown once, the audit log recording what was done, deep links, and every page
// drawn without a script error at 1280x800 and at phone size.
// @ts-check
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DESKTOP, PHONE, launch, logIn, newPage, shot } from "./support/browser.mjs";
import { connect, login } from "./support/people.mjs";
import { startServer } from "./support/server.mjs";

const OWNER = { name: "olivia", role: /** @type {const} */ ("owner"), password: "olivia-password-1" };

/** @type {import("./support/server.mjs").Server} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;

before(async () => {
  server = await startServer({ admins: [OWNER] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("a group's members are listed and a notice to them arrives", async () => {
  const gina = await login(server.base, 1, "gina-phone");
  const hal = await login(server.base, 2, "hal-phone");
  const g = await connect(server.port, gina.access_token);
  const hl = await connect(server.port, hal.access_token);
  const page = await newPage(browser);
  try {
    const created = await g.call("group.create", { name: "Climbing club", members: [hal.user_id] });
    assert.equal(created.ok, true, JSON.stringify(created));
    await logIn(page, server.base, OWNER.name, OWNER.password);
    await page.getByRole("link", { name: "Groups" }).click();
    await page.getByRole("searchbox", { name: "Search groups" }).fill("Climbing");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: "Climbing club" }).click();
    const members = page.getByRole("table", { name: "Members" });
    await members.getByRole("link", { name: gina.user_id }).waitFor();
    await members.getByRole("link", { name: hal.user_id }).waitFor();
    await shot(page, "group-detail");

    await page.getByLabel("Text").fill("Maintenance tonight at 22:00");
    await page.getByRole("button", { name: "Send notice" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Send" }).click();
    const notice = await hl.waitFor((ev) => ev.ev === "message" && JSON.stringify(ev.body).includes("Maintenance tonight"));
    assert.ok(notice, "hal got no notice");
  } finally {
    g.close();
    hl.close();
    await page.context().close();
  }
});

test("an API token is shown once and works; the audit log records it", async () => {
  const page = await newPage(browser);
  try {
    await logIn(page, server.base, OWNER.name, OWNER.password);
    await page.getByRole("link", { name: "Admins & tokens" }).click();
    await page.getByLabel("Token name").fill("backup-script");
    await page.getByRole("button", { name: "Create token" }).click();
    const shown = page.locator(".token-shown code");
    await shown.waitFor();
    const token = (await shown.textContent()) ?? "";
    assert.ok(token.length >= 16, "no token shown");
    await shot(page, "admins-tokens");
    const res = await fetch(`${server.base}/v1/admin/users`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, "the new token is refused");
    // Shown once: a fresh visit lists the token without its value.
    await page.reload();
    await page.getByRole("table", { name: "Tokens" }).getByText("backup-script").waitFor();
    assert.equal(await page.locator(".token-shown").isHidden(), true);
    assert.equal(await page.getByText(token).count(), 0);

    await page.getByRole("link", { name: "Audit log" }).click();
    const audit = page.getByRole("table", { name: "Audit log" });
    await audit.getByText(OWNER.name).first().waitFor();
    assert.ok((await audit.locator("tbody tr").count()) >= 2, "the audit log misses the login or the token");
    await shot(page, "audit");
  } finally {
    await page.context().close();
  }
});

test("every page draws without a script error, at 1280x800 and at phone size", async () => {
  const paths = ["/", "/users", "/groups", "/plugins", "/plugins/bots", "/wiring", "/bots", "/bots/echo", "/audit", "/admins"];
  for (const [size, label] of [[DESKTOP, "desktop"], [PHONE, "phone"]]) {
    const page = await newPage(browser, /** @type {{width:number,height:number}} */ (size));
    /** @type {string[]} */
    const errors = [];
    try {
      await logIn(page, server.base, OWNER.name, OWNER.password);
      // Listening from here: before login, the UI's /me check answers 401 by design.
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      for (const path of paths) {
        // A deep link loads the page itself (the server falls back to index.html).
        await page.goto(`${server.base}/admin${path}`);
        await page.locator("main#main h1").waitFor();
        await page.waitForLoadState("networkidle");
        assert.equal(await page.locator("main .error:visible").count(), 0, `${path} shows an error`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 1, `${path} is ${overflow}px wider than the ${label} window`);
        await shot(page, `page-${label}${path === "/" ? "-dashboard" : path.replace(/\//g, "-")}`);
      }
      if (label === "phone") {
        await page.getByRole("button", { name: "Menu" }).click();
        await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Users" }).click();
        await page.waitForURL(/\/admin\/users$/);
      }
      assert.deepEqual(errors, []);
    } finally {
      await page.context().close();
    }
  }
});

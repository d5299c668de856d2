// SPDX-License-Identifier: Apache-2.0
// A plugin's config changed through the form generated from its schema: an out-of-range
// value is refused with the error shown next to that key, a valid one is applied live. Also
// the plugin list and the wiring graph are drawn.
// @ts-check
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { PHONE, launch, logIn, newPage, shot } from "./support/browser.mjs";
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

/**
 * The admin plugin's own session_idle_minutes: a key it applies live (docs/admin.md), with a
 * maximum, read from the API as the page sees it.
 * @param {import("playwright-core").Page} page
 */
async function liveIntegerKey(page) {
  return page.evaluate(async () => {
    const { plugins } = await (await fetch("/v1/admin/plugins")).json();
    const p = plugins.find((/** @type {any} */ x) => x.id === "admin");
    const row = p?.schema.find((/** @type {any} */ r) => r.key === "session_idle_minutes");
    return p && row ? { id: p.id, key: row.key, max: row.max, min: row.min, value: p.config[row.key] } : null;
  });
}

test("the generated form shows the key's error for a wrong value and applies a right one", async () => {
  const page = await newPage(browser);
  try {
    await logIn(page, server.base, OWNER.name, OWNER.password);
    await page.getByRole("link", { name: "Plugins" }).click();
    await page.getByRole("table", { name: "Plugins" }).waitFor();
    await shot(page, "plugins");
    const target = await liveIntegerKey(page);
    assert.ok(target, "the admin plugin lists no session_idle_minutes");
    assert.equal(typeof target.max, "number");

    await page.locator(`a[data-plugin="${target.id}"]`).click();
    const field = page.locator(`.field[data-key="${target.key}"]`);
    const input = field.locator("input");
    await input.fill(String(target.max + 1));
    await page.getByRole("button", { name: "Apply" }).click();
    const error = field.locator(".field-error");
    await error.waitFor();
    assert.match((await error.textContent()) ?? "", new RegExp(target.key), "the error does not name the key");
    assert.equal(await input.getAttribute("aria-invalid"), "true");
    await shot(page, "plugin-config-refused");

    // A valid value different from the current one is applied and read back.
    // A step, not an extreme: this is the idle timeout of the test's own session.
    const want = target.value < target.max ? target.value + 1 : target.value - 1;
    await input.fill(String(want));
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByRole("status").filter({ hasText: "Applied" }).waitFor();
    assert.equal(await error.isHidden(), true, "the old error is still shown");
    const now = await page.evaluate(async (id) => {
      const { plugins } = await (await fetch("/v1/admin/plugins")).json();
      return plugins.find((/** @type {any} */ p) => p.id === id).config;
    }, target.id);
    assert.equal(now[target.key], want);
    await page.setViewportSize(PHONE);
    await shot(page, "plugin-config-phone");
  } finally {
    await page.context().close();
  }
});

test("the wiring graph is drawn with every handler", async () => {
  const page = await newPage(browser);
  try {
    await logIn(page, server.base, OWNER.name, OWNER.password);
    await page.goto(`${server.base}/admin/wiring`);
    await page.locator("svg.wiring-graph").waitFor();
    const wiring = await page.evaluate(async () => (await (await fetch("/v1/admin/wiring")).json()).events);
    const handlers = wiring.reduce((/** @type {number} */ n, /** @type {any} */ e) => n + e.handlers.length, 0);
    assert.ok(handlers > 0, "the API lists no handler");
    assert.equal(await page.locator("svg.wiring-graph g.edge").count(), handlers);
    await shot(page, "wiring");
  } finally {
    await page.context().close();
  }
});

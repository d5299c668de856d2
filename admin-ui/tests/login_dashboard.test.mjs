// SPDX-License-Identifier: Apache-2.0
// Logging in, and the dashboard's charts moving while two people exchange messages over
// WebSockets, every figure charted from the server's history; a visit without a session is
// sent to the login page and the API refuses it.
// @ts-check
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DESKTOP, PHONE, launch, logIn, newPage, shot } from "./support/browser.mjs";
import { connect, login, sendBurst } from "./support/people.mjs";
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

test("without a session the API answers 401 and the UI asks to log in", async () => {
  const res = await fetch(`${server.base}/v1/admin/dashboard`);
  assert.equal(res.status, 401);
  const page = await newPage(browser);
  await page.goto(`${server.base}/admin/users`);
  await page.waitForURL(/\/admin\/login\?next=%2Fusers/);
  await page.getByLabel("Name").fill(OWNER.name);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("alert").filter({ hasText: "Wrong name or password" }).waitFor();
  await shot(page, "login-refused");
  // The right password lands on the page asked for first.
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(/\/admin\/users$/);
  await page.getByRole("heading", { name: "Users" }).waitFor();
  await page.context().close();
});

/**
 * @param {import("playwright-core").Page} page
 * @param {string} chart
 */
async function chartState(page, chart) {
  const el = page.locator(`[data-chart="${chart}"]`);
  return {
    points: Number(await el.getAttribute("data-points")),
    latest: JSON.parse((await el.getAttribute("data-latest")) ?? "{}"),
  };
}

test("the dashboard's charts move while messages are sent", async () => {
  const page = await newPage(browser, DESKTOP);
  await logIn(page, server.base, OWNER.name, OWNER.password);
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  await page.locator('[data-chart="messages"][data-latest]').waitFor();
  const before = await chartState(page, "messages");

  const alice = await login(server.base, 1, "alice-laptop");
  const bob = await login(server.base, 2, "bob-phone");
  const a = await connect(server.port, alice.access_token);
  const b = await connect(server.port, bob.access_token);
  try {
    // Bounded: at most 15 rounds of 25 sends, at most 40 s in all.
    const deadline = Date.now() + 40000;
    let moved = false;
    for (let round = 0; round < 15 && Date.now() < deadline && !moved; round++) {
      const sent = await sendBurst(a, bob.user_id, 25, 5000);
      assert.ok(sent > 0, "the server accepted no message");
      await page.waitForTimeout(1000);
      const now = await chartState(page, "messages");
      const rate = Object.values(now.latest).find((v) => typeof v === "number" && v > 0);
      moved = now.points > before.points && rate !== undefined;
    }
    assert.ok(moved, "the messages chart never showed a rate above 0 with new points");
    const deliveries = await chartState(page, "deliveries");
    assert.ok(deliveries.points > 0, "the deliveries chart has no points");
    // The server samples every 5 s: wait (bounded) for a sample taken with both connected.
    let open = 0;
    for (let i = 0; i < 20 && open < 2; i++) {
      const connections = await chartState(page, "connections");
      open = Math.max(0, ...Object.values(connections.latest).filter((v) => typeof v === "number"));
      if (open < 2) await page.waitForTimeout(1000);
    }
    assert.ok(open >= 2, `the connections chart shows ${open} open connections, expected 2`);
    // Every figure is charted from the server's history, line by line.
    const transports = Object.keys((await chartState(page, "connections")).latest);
    for (const line of ["all", "websocket"])
      assert.ok(transports.includes(line), `the connections chart has no "${line}" line: ${transports}`);
    /** @type {Record<string, string[]>} */
    const expected = {
      online: ["online"],
      latency: ["p50", "p95", "p99"],
      "store-queue": ["queued"],
      push: ["failed", "sent"],
    };
    for (const [chart, names] of Object.entries(expected)) {
      const state = await chartState(page, chart);
      assert.deepEqual(Object.keys(state.latest).sort(), names, `the ${chart} chart's lines`);
      assert.ok(state.points > 0, `the ${chart} chart has no points`);
    }
    const handlers = await chartState(page, "handler-latency");
    assert.ok(Object.keys(handlers.latest).length > 0, "no bus handler's latency is charted");
    assert.ok(Object.keys(handlers.latest).every((k) => k.includes("/")), "handler lines are <instance>/<event>");
    // A page opened now draws the past at once, from the server's history, not its own polls.
    const fresh = await newPage(browser, DESKTOP);
    try {
      await logIn(fresh, server.base, OWNER.name, OWNER.password);
      await fresh.locator('[data-chart="messages"][data-latest]').waitFor();
      const past = await chartState(fresh, "messages");
      assert.ok(past.points >= 2, `a fresh dashboard shows ${past.points} points of the past`);
    } finally {
      await fresh.context().close();
    }
    await shot(page, "dashboard-desktop");
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(500);
    await shot(page, "dashboard-phone");
  } finally {
    a.close();
    b.close();
    await page.context().close();
  }
});

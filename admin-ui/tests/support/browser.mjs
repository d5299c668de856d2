// SPDX-License-Identifier: Apache-2.0
// Debian's Chromium driven by playwright-core (no browser download): headless, no sandbox
// (tests run as root), no background networking (this machine's network is closed), and a
// fresh profile each launch. Screenshots go to the test's output directory.
// @ts-check
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.SB_CHROMIUM ?? "/usr/bin/chromium";
export const OUT = process.env.SB_TEST_OUT ?? join(process.cwd(), "browser-test-output");
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export async function launch() {
  // playwright-core starts Chromium with a new temporary --user-data-dir of its own.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30000,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * A page in a fresh context (its own cookies) at the given size.
 * @param {import("playwright-core").Browser} browser
 * @param {{ width: number, height: number }} size
 */
export async function newPage(browser, size = DESKTOP) {
  const context = await browser.newContext({ viewport: size });
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
  return page;
}

/**
 * Saves a full-page screenshot as OUT/<name>.png.
 * @param {import("playwright-core").Page} page
 * @param {string} name
 */
export async function shot(page, name) {
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Logs in through the login form and waits for the dashboard (or `expectPath`).
 * @param {import("playwright-core").Page} page
 * @param {string} base
 * @param {string} name
 * @param {string} password
 */
export async function logIn(page, base, name, password) {
  await page.goto(`${base}/admin/`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.locator("main#main").waitFor();
}

// SPDX-License-Identifier: Apache-2.0
// Debian's Chromium through playwright-core (no download), and the web app's steps as a
// person takes them; screenshots go to the test's output directory.
// @ts-check
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { code, phone } from "./server.mjs";

export const CHROMIUM = process.env.SB_CHROMIUM ?? "/usr/bin/chromium";
export const OUT = process.env.SB_TEST_OUT ?? join(process.cwd(), "browser-test-output");
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export async function launch() {
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
 * A page of the web app in a fresh context (its own IndexedDB, like another browser).
 * @param {import("playwright-core").Browser} browser
 * @param {string} base
 * @param {{ width: number, height: number }} [size]
 */
export async function openApp(browser, base, size = DESKTOP) {
  const context = await browser.newContext({ viewport: size });
  context.setDefaultTimeout(20000);
  const page = await context.newPage();
  watch(page);
  await page.goto(`${base}/app/`);
  return { context, page };
}

/** @type {string[]} */
export const pageErrors = [];

/**
 * Records script errors and CSP violations: a test fails on any (see `noPageErrors`).
 * @param {import("playwright-core").Page} page
 */
export function watch(page) {
  page.on("pageerror", (e) => {
    pageErrors.push(e.message);
    console.error(`page error: ${e.message}`);
  });
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to/.test(m.text())) {
      pageErrors.push(m.text());
      console.error(`console: ${m.text()}`);
    }
  });
}

/**
 * Logs in with test number `n` through the login form and waits for the chat list.
 * @param {import("playwright-core").Page} page
 * @param {number} n
 */
export async function logIn(page, n) {
  await page.getByLabel("Phone number").fill(phone(n));
  await page.getByRole("button", { name: "Send code" }).click();
  await page.getByLabel("Code").fill(code(n));
  await page.getByRole("button", { name: "Log in" }).click();
  await page.locator("ul.chat-list").waitFor();
  await online(page);
}

/**
 * Waits until the app is connected (the offline banner is hidden).
 * @param {import("playwright-core").Page} page
 */
export async function online(page) {
  await page.locator('.link-state[data-state="online"]').waitFor({ state: "attached" });
}

/**
 * Sets the display name others see.
 * @param {import("playwright-core").Page} page
 * @param {string} name
 */
export async function setName(page, name) {
  await page.goto(page.url().replace(/#.*$/, "") + "#/settings");
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("saved").first().waitFor();
  await page.goto(page.url().replace(/#.*$/, "") + "#/");
}

/**
 * Starts a chat with `who` (a phone number or a user id) from the "New chat" page.
 * @param {import("playwright-core").Page} page
 * @param {string} who
 */
export async function startChat(page, who) {
  await page.locator('a[title="New chat"]').click();
  await page.getByLabel("Phone number or user id").fill(who);
  await page.getByRole("button", { name: "Start chat" }).click();
  await page.locator("section.conversation").waitFor();
}

/**
 * Types and sends a message in the open chat.
 * @param {import("playwright-core").Page} page
 * @param {string} text
 */
export async function send(page, text) {
  await page.getByLabel("Message", { exact: true }).fill(text);
  await page.getByRole("button", { name: "Send", exact: true }).click();
}

/**
 * The message bubble holding `text` in the open chat.
 * @param {import("playwright-core").Page} page
 * @param {string} text
 */
export function bubble(page, text) {
  return page.locator("ol.messages li.msg", { hasText: text });
}

/**
 * Waits for the tick of our message `text` to read `tick` (sent, delivered, read).
 * @param {import("playwright-core").Page} page
 * @param {string} text
 * @param {string} tick
 */
export async function waitTick(page, text, tick) {
  await bubble(page, text).locator(`.tick[data-tick="${tick}"]`).waitFor();
}

/**
 * Opens the chat named `name` from the chat list.
 * @param {import("playwright-core").Page} page
 * @param {string} name
 */
export async function openChat(page, name) {
  await page.locator("a.chat-item", { hasText: name }).click();
  await page.locator("section.conversation").waitFor();
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

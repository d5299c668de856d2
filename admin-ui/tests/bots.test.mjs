// SPDX-License-Identifier: Apache-2.0
// Editing a bot in the browser: a syntax error is refused with its line and the running
// version keeps answering; a correct edit is saved and answers at once.
// @ts-check
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launch, logIn, newPage, shot } from "./support/browser.mjs";
import { connect, login } from "./support/people.mjs";
import { startServer } from "./support/server.mjs";

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

/**
 * Sends `text` to bot:echo and waits for the bot's answer.
 * @param {import("./support/people.mjs").Device} device
 * @param {string} text
 */
async function ask(device, text) {
  const r = await device.call("send", { to: { user: "bot:echo" }, client_msg_id: `ask-${Date.now()}-${text}`, body: { text } });
  assert.equal(r.ok, true, `send refused: ${JSON.stringify(r)}`);
  const answer = await device.waitFor(
    (ev) => ev.ev === "message" && ev.from?.user === "bot:echo" && String(ev.body?.text ?? "").endsWith(text),
  );
  return String(answer.body.text);
}

const BROKEN = `sb.name = "Echo"
sb.on("message", function(msg)
  sb.reply(msg, "broken: " .. msg.text
end)
`;

const FIXED = `sb.name = "Echo"
sb.on("message", function(msg)
  sb.reply(msg, "v2: " .. (msg.text or "?"))
end)
`;

test("a syntax error is refused and the old bot keeps running; a fix is applied", async () => {
  const erin = await login(server.base, 5, "erin-phone");
  const e = await connect(server.port, erin.access_token);
  const page = await newPage(browser);
  try {
    assert.equal(await ask(e, "one"), "echo: one");
    await logIn(page, server.base, OP.name, OP.password);
    await page.getByRole("link", { name: "Bots" }).click();
    await page.locator('a[data-bot="echo"]').click();
    const editor = page.getByRole("textbox", { name: "Source of echo" });
    await editor.waitFor();
    assert.match(await editor.inputValue(), /echo: /);

    await editor.fill(BROKEN);
    await page.getByRole("button", { name: "Save" }).click();
    const result = page.locator(".editor-result.error");
    await result.waitFor();
    assert.match((await result.textContent()) ?? "", /Refused \(line \d+\)/);
    assert.equal(await page.locator(".gutter .bad").count(), 1, "the error's line is not marked");
    await shot(page, "bot-syntax-error");
    assert.equal(await ask(e, "two"), "echo: two", "the old version stopped answering");

    await editor.fill(FIXED);
    await page.getByRole("button", { name: "Save" }).click();
    await page.locator(".editor-result.ok").waitFor();
    // The bot reloads from the saved file; bounded wait for the new answer.
    const deadline = Date.now() + 10000;
    let answer = "";
    for (let i = 0; i < 10 && Date.now() < deadline; i++) {
      answer = await ask(e, `three-${i}`);
      if (answer.startsWith("v2: ")) break;
      await page.waitForTimeout(500);
    }
    assert.match(answer, /^v2: three-\d+$/, "the corrected bot never answered");
    await shot(page, "bot-saved");
  } finally {
    e.close();
    await page.context().close();
  }
});

// SPDX-License-Identifier: Apache-2.0
// An image and a file round trip between two browsers through the media API, sealed with
// AES-256-GCM in WebCrypto; the server holds neither plaintext.
// @ts-check
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launch, logIn, openApp, openChat, pageErrors, setName, shot, startChat, waitTick } from "./support/browser.mjs";
import { png } from "./support/png.mjs";
import { filesContaining, phone, startServer } from "./support/server.mjs";

/** @type {import("./support/server.mjs").Server} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
const files = mkdtempSync(join(tmpdir(), "sb-app-files-"));

before(async () => {
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(files, { recursive: true, force: true });
});

// An image and a file go from one browser to another through the media API: sealed with
// AES-256-GCM in WebCrypto (nonce || ciphertext || tag), uploaded with tus, the key only
// inside the encrypted message; the other browser fetches the media.url link, checks the
// hash, decrypts and shows the photo with the same bytes. The server holds neither the
// photo's nor the file's plaintext.
test("an image and a file round trip between two browsers, sealed end to end", async () => {
  const image = png(48, 32);
  const imagePath = join(files, "sunset.png");
  writeFileSync(imagePath, image);
  const note = `notes only bob may read ${Date.now()}\n`.repeat(20);
  const notePath = join(files, "notes.txt");
  writeFileSync(notePath, note);

  const alice = await openApp(browser, server.base);
  const bob = await openApp(browser, server.base);
  await logIn(alice.page, 3);
  await setName(alice.page, "Alice");
  await logIn(bob.page, 4);
  await setName(bob.page, "Bob");
  await startChat(alice.page, phone(4));

  await alice.page.getByLabel("Message", { exact: true }).fill("the view from here");
  await alice.page.setInputFiles("#attach", imagePath);
  await alice.page.locator("li.msg.mine img.photo").waitFor();
  await waitTick(alice.page, "the view from here", "delivered");
  await alice.page.setInputFiles("#attach", notePath);
  await alice.page.locator("li.msg.mine a.file", { hasText: "notes.txt" }).waitFor();

  await openChat(bob.page, "Alice");
  const photo = bob.page.locator("li.msg img.photo");
  await photo.waitFor();
  await bob.page.locator("li.msg .text", { hasText: "the view from here" }).waitFor();
  await bob.page.waitForFunction(() => {
    const img = document.querySelector("li.msg img.photo");
    return img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0;
  });
  const seen = await photo.evaluate(async (img) => {
    const el = /** @type {HTMLImageElement} */ (img);
    const bytes = new Uint8Array(await (await fetch(el.src)).arrayBuffer());
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    return {
      width: el.naturalWidth,
      height: el.naturalHeight,
      sha256: Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(""),
    };
  });
  assert.deepEqual(seen, { width: 48, height: 32, sha256: createHash("sha256").update(image).digest("hex") });
  await shot(bob.page, "01-bob-photo");

  const [download] = await Promise.all([
    bob.page.waitForEvent("download"),
    bob.page.locator("li.msg a.file", { hasText: "notes.txt" }).click(),
  ]);
  assert.equal(download.suggestedFilename(), "notes.txt");
  const saved = await download.path();
  assert.equal(readFileSync(String(saved), "utf8"), note);
  await shot(alice.page, "02-alice-sent");

  // A picture that could carry script (SVG) is only ever a download, never drawn.
  const svgPath = join(files, "drawing.svg");
  writeFileSync(svgPath, '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  await alice.page.setInputFiles("#attach", svgPath);
  await bob.page.locator("li.msg a.file", { hasText: "drawing.svg" }).waitFor();
  assert.equal(await bob.page.locator("li.msg img.photo").count(), 1);

  // The media store holds ciphertext only, and the key never reached the server.
  assert.deepEqual(filesContaining(server.data, note.slice(0, 40)), []);
  assert.deepEqual(filesContaining(server.data, "the view from here"), []);
  assert.deepEqual(pageErrors, []);
});

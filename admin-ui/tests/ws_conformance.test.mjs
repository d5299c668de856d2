// SPDX-License-Identifier: Apache-2.0
// The server's own RFC 6455 framing checked by independent clients against the real daemon:
// Node's `ws` library (fragmented and masked frames, pings between fragments, close
// handshakes, 1007 and 1009), Debian's Chromium (its strict parser reads our frames), and raw
// sockets for what no library sends (unmasked frames: 1002; reserved bits, bad close codes).
// It lives here because admin-ui already carries `ws` and `playwright-core`.
// @ts-check
import assert from "node:assert/strict";
import { connect as netConnect } from "node:net";
import { after, before, test } from "node:test";
import WebSocket from "ws";
import { launch, newPage } from "./support/browser.mjs";
import { login } from "./support/people.mjs";
import { startServer } from "./support/server.mjs";

/** @type {import("./support/server.mjs").Server} */
let server;
/** @type {{ user_id: string, device_id: string, access_token: string }} */
let alice;

before(async () => {
  server = await startServer();
  alice = await login(server.base, 1, "conformance");
});
after(async () => {
  await server?.stop();
});

/** A `ws` client with the token on the upgrade; resolves once open. */
async function open() {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/v1/ws`, {
    headers: { Authorization: `Bearer ${alice.access_token}` },
    handshakeTimeout: 10000,
  });
  /** @type {any[]} */
  const frames = [];
  ws.on("message", (data, isBinary) => frames.push(isBinary ? data : JSON.parse(String(data))));
  const closed = new Promise((resolve) =>
    ws.once("close", (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  return { ws, frames, closed };
}

/**
 * Resolves with `p`, or rejects after `ms`.
 * @template T
 * @param {Promise<T>} p
 * @param {number} ms
 * @param {string} what
 */
function within(p, ms, what) {
  return Promise.race([
    p,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms)),
  ]);
}

/**
 * Polls `pred` every 10 ms for at most `ms`.
 * @param {() => boolean} pred
 * @param {number} ms
 * @param {string} what
 */
async function until(pred, ms, what) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (pred()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${what}: not within ${ms} ms`);
}

test("ws: a fragmented request with a ping between its fragments gets its reply and a pong", async () => {
  const c = await open();
  /** @type {string[]} */
  const pongs = [];
  c.ws.on("pong", (data) => pongs.push(String(data)));
  const request = JSON.stringify({ id: "frag", op: "contacts.list" });
  const third = Math.floor(request.length / 3);
  c.ws.send(request.slice(0, third), { fin: false });
  c.ws.ping("between");
  c.ws.send(request.slice(third, 2 * third), { fin: false });
  c.ws.send(request.slice(2 * third), { fin: true });
  await until(() => c.frames.some((f) => f.id === "frag") && pongs.length === 1, 10000, "reply and pong");
  assert.deepEqual(pongs, ["between"]);
  // Many requests at once: the replies come back as many separate, well-formed frames.
  for (let i = 0; i < 300; ++i) c.ws.send(JSON.stringify({ id: `n${i}`, op: "no.such.op" }));
  await until(() => c.frames.filter((f) => String(f.id).startsWith("n")).length === 300, 10000, "300 replies");
  c.ws.close(4000, "bye ☺");
  assert.deepEqual(await within(c.closed, 5000, "close echo"), { code: 4000, reason: "bye ☺" });
});

test("ws: a message over max_message_bytes closes 1009", async () => {
  const c = await open();
  c.ws.send("x".repeat(70 * 1024));
  assert.equal((await within(c.closed, 5000, "1009")).code, 1009);
});

test("ws: a text frame that is not UTF-8 closes 1007, also split over fragments", async () => {
  const c = await open();
  c.ws.send(Buffer.from([0x7b, 0xc3]), { binary: false, fin: false });
  c.ws.send(Buffer.from([0x28, 0x7d]), { binary: false, fin: true });
  assert.equal((await within(c.closed, 5000, "1007")).code, 1007);
});

test("ws: a binary frame gets bad_request and the connection stays", async () => {
  const c = await open();
  c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
  await until(() => c.frames.some((f) => f.error?.code === "bad_request"), 5000, "bad_request");
  assert.equal(c.ws.readyState, WebSocket.OPEN);
  c.ws.close(1000);
  assert.equal((await within(c.closed, 5000, "close")).code, 1000);
});

/**
 * Upgrades a raw socket, writes `bytes` after the 101 and returns what the server sent back
 * after its 101 until it hung up (at most 5 s).
 * @param {Buffer} bytes
 */
async function raw(bytes) {
  const sock = netConnect(server.port, "127.0.0.1");
  let data = Buffer.alloc(0);
  sock.on("data", (d) => (data = Buffer.concat([data, d])));
  const ended = new Promise((resolve) => sock.once("close", resolve));
  sock.on("error", () => {});
  await new Promise((resolve) => sock.once("connect", resolve));
  sock.write(
    "GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
      `Authorization: Bearer ${alice.access_token}\r\n\r\n`,
  );
  await until(() => data.includes("\r\n\r\n"), 5000, "101");
  assert.match(data.toString("latin1"), /^HTTP\/1\.1 101 /);
  assert.match(data.toString("latin1"), /Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK\+xOo=\r\n/);
  sock.write(bytes);
  await within(ended, 5000, "server hang-up");
  return data.subarray(data.indexOf("\r\n\r\n") + 4);
}

/**
 * The close code of the first close frame in server bytes (unmasked frames), or 0.
 * @param {Buffer} bytes
 */
function closeCode(bytes) {
  for (let at = 0; at + 2 <= bytes.length; ) {
    const op = bytes[at] & 0x0f;
    let len = bytes[at + 1] & 0x7f;
    let head = 2;
    if (len === 126) {
      len = bytes.readUInt16BE(at + 2);
      head = 4;
    }
    if (op === 8) return len >= 2 ? bytes.readUInt16BE(at + head) : 1005;
    at += head + len;
  }
  return 0;
}

/**
 * A client frame: masked with key 1,2,3,4 unless `masked` is false.
 * @param {number} first
 * @param {string | Buffer} payload
 */
function frame(first, payload, masked = true) {
  const p = Buffer.from(payload);
  const key = Buffer.from([1, 2, 3, 4]);
  const body = masked ? Buffer.from(p.map((b, i) => b ^ key[i & 3])) : p;
  return Buffer.concat([Buffer.from([first, (masked ? 0x80 : 0) | p.length]), masked ? key : Buffer.alloc(0), body]);
}

test("raw: unmasked frames, reserved bits and opcodes, bad close codes close 1002", async () => {
  assert.equal(closeCode(await raw(frame(0x81, "{}", false))), 1002);
  assert.equal(closeCode(await raw(frame(0xc1, "{}"))), 1002); // RSV1
  assert.equal(closeCode(await raw(frame(0x83, "{}"))), 1002); // reserved opcode
  assert.equal(closeCode(await raw(frame(0x09, "p"))), 1002); // fragmented ping
  assert.equal(closeCode(await raw(frame(0x80, "x"))), 1002); // continuation of nothing
  assert.equal(closeCode(await raw(frame(0x88, Buffer.from([0x03, 0xed])))), 1002); // code 1005
  // A close with a valid code is answered with the same code.
  assert.equal(closeCode(await raw(frame(0x88, Buffer.from([0x0f, 0xa0, 0x68, 0x69])))), 4000);
});

test("chromium: the browser's WebSocket talks to the server and sees its close codes", async () => {
  const browser = await launch();
  try {
    const page = await newPage(browser);
    await page.goto(`${server.base}/healthz`);
    const result = await page.evaluate(
      async ({ url, token }) => {
        const ws = new WebSocket(url);
        /** @type {any[]} */
        const frames = [];
        const closed = new Promise((resolve) => (ws.onclose = (e) => resolve({ code: e.code, clean: e.wasClean })));
        ws.onmessage = (e) => frames.push(JSON.parse(String(e.data)));
        await new Promise((resolve, reject) => {
          ws.onopen = resolve;
          ws.onerror = reject;
        });
        /** @param {() => boolean} pred */
        const wait = async (pred) => {
          for (let i = 0; i < 500 && !pred(); ++i) await new Promise((r) => setTimeout(r, 10));
          return pred();
        };
        ws.send(JSON.stringify({ id: "a", op: "auth", token }));
        const authed = await wait(() => frames.some((f) => f.id === "a" && f.ok));
        ws.send(JSON.stringify({ id: "é ☺ 𝄞", op: "contacts.list" }));
        const unicode = await wait(() => frames.some((f) => f.id === "é ☺ 𝄞" && f.ok));
        for (let i = 0; i < 200; ++i) ws.send(JSON.stringify({ id: `n${i}`, op: "no.such.op" }));
        const many = await wait(() => frames.filter((f) => String(f.id).startsWith("n")).length === 200);
        ws.send("y".repeat(100 * 1024));
        return { authed, unicode, many, closed: await closed };
      },
      { url: `ws://127.0.0.1:${server.port}/v1/ws`, token: alice.access_token },
    );
    assert.equal(result.authed, true);
    assert.equal(result.unicode, true);
    assert.equal(result.many, true);
    assert.deepEqual(result.closed, { code: 1009, clean: true });
  } finally {
    await browser.close();
  }
});

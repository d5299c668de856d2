// SPDX-License-Identifier: Apache-2.0
// Messaging users for the browser tests: log in with a test number over HTTP, connect a
// WebSocket (/v1/ws) that acks what it receives, send, and watch for the socket closing.
// @ts-check
import WebSocket from "ws";
import { code, phone } from "./server.mjs";

/**
 * @param {string} base
 * @param {string} path
 * @param {unknown} body
 */
async function postJson(base, path, body) {
  const res = await fetch(base + path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10000),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(data)}`);
  return data;
}

/**
 * Logs in test number `n` as a new device.
 * @param {string} base
 * @param {number} n
 * @param {string} deviceName
 * @returns {Promise<{ user_id: string, device_id: string, access_token: string }>}
 */
export async function login(base, n, deviceName) {
  await postJson(base, "/v1/auth/request-code", { phone: phone(n) });
  return postJson(base, "/v1/auth/verify", { phone: phone(n), code: code(n), device_name: deviceName });
}

/**
 * @typedef {{ ws: WebSocket, events: any[], closed: Promise<{ code: number, reason: string }>,
 *             call: (op: string, fields?: Record<string, unknown>) => Promise<any>,
 *             waitFor: (pred: (ev: any) => boolean, ms?: number) => Promise<any>,
 *             close: () => void }} Device
 */

/**
 * Opens a WebSocket for a logged-in device; resolves once it is open.
 * @param {number} port
 * @param {string} token
 * @returns {Promise<Device>}
 */
export async function connect(port, token) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/ws`, {
    headers: { Authorization: `Bearer ${token}` },
    handshakeTimeout: 10000,
  });
  /** @type {any[]} */
  const events = [];
  /** @type {Map<string, (frame: any) => void>} */
  const replies = new Map();
  /** @type {Array<() => void>} */
  const watchers = [];
  let next = 0;
  ws.on("message", (data) => {
    const frame = JSON.parse(String(data));
    if (frame.id !== undefined && replies.has(String(frame.id))) {
      replies.get(String(frame.id))?.(frame);
      replies.delete(String(frame.id));
      return;
    }
    if (frame.ev) {
      events.push(frame);
      if (typeof frame.cursor === "number") ws.send(JSON.stringify({ op: "ack", cursor: frame.cursor }));
      for (const w of watchers) w();
    }
  });
  const closed = new Promise((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: String(reason) })));
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  return {
    ws,
    events,
    closed,
    call(op, fields = {}) {
      const id = `t${++next}`;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no reply to ${op} within 10 s`)), 10000);
        replies.set(id, (frame) => {
          clearTimeout(timer);
          resolve(frame);
        });
        ws.send(JSON.stringify({ id, op, ...fields }));
      });
    },
    waitFor(pred, ms = 10000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = events.find(pred);
          if (hit) {
            clearTimeout(timer);
            watchers.splice(watchers.indexOf(check), 1);
            resolve(hit);
          }
        };
        const timer = setTimeout(() => {
          watchers.splice(watchers.indexOf(check), 1);
          reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events.slice(-5))}`));
        }, ms);
        watchers.push(check);
        check();
      });
    },
    close() {
      ws.terminate();
    },
  };
}

/**
 * Resolves with the close code, or rejects when the socket is still open after `ms`.
 * @param {Device} device
 * @param {number} ms
 */
export function closedWithin(device, ms) {
  return Promise.race([
    device.closed,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`the WebSocket is still open after ${ms} ms`)), ms)),
  ]);
}

/**
 * Sends `count` text messages from `from` to user `to`, waiting for each reply; stops early
 * after `ms`. Returns how many the server accepted.
 * @param {Device} from
 * @param {string} to
 * @param {number} count
 * @param {number} ms
 */
export async function sendBurst(from, to, count, ms) {
  const end = Date.now() + ms;
  let ok = 0;
  for (let i = 0; i < count && Date.now() < end; i++) {
    const r = await from.call("send", { to: { user: to }, client_msg_id: `burst-${Date.now()}-${i}`, body: { text: `load ${i}` } });
    if (r.ok) ok++;
  }
  return ok;
}

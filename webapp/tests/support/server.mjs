// SPDX-License-Identifier: Apache-2.0
// Starts the real daemon for one browser test of the web app: temp config and data dir,
// a free loopback port, the media and web app plugins, optionally push-webpush.
// @ts-check
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Starts the real daemon (build/bin/switchboard) for one browser test of the web app: a temp
// config and data dir, a free loopback port (port 0, read back from "switchboard listening
// on ..."), the ui-webapp plugin serving the built app, the media plugins, test phone numbers
// with fixed codes, and optionally push-webpush pointed at the local push-service stub.
export const BUILD = process.env.SB_BUILD_DIR ?? new URL("../../../build", import.meta.url).pathname;
export const SWITCHBOARD = join(BUILD, "bin", "switchboard");
export const SBCTL = join(BUILD, "bin", "sbctl");
const APP_DIR = process.env.SB_WEBAPP_DIR ?? join(BUILD, "webapp", "dist");

// Phones +1555020000N with code N repeated six times, N = 1..PHONES.
export const PHONES = 8;
export const phone = (/** @type {number} */ n) => `+1555020000${n}`;
export const code = (/** @type {number} */ n) => String(n).repeat(6);

export const ECHO_BOT = `-- SPDX-License-Identifier: Apache-2.0
sb.name = "Echo"
sb.on("message", function(msg)
  sb.reply(msg, "echo: " .. (msg.text or "?"))
end)
`;

/**
 * @typedef {{ port: number, base: string, dir: string, data: string, output: () => string,
 *             restart: (meanwhile?: () => Promise<void>) => Promise<void>,
 *             stop: () => Promise<void> }} Server
 */

/**
 * @param {{ webpush?: { caFile: string }, retention?: "until-delivered" | "keep" }} [opts]
 * @returns {Promise<Server>}
 */
export async function startServer(opts = {}) {
  const dir = mkdtempSync(join(tmpdir(), "sb-app-"));
  const bots = join(dir, "bots");
  mkdirSync(bots);
  writeFileSync(join(bots, "echo.lua"), ECHO_BOT);
  const data = join(dir, "data");
  const numbers = Array.from({ length: PHONES }, (_, i) => `"${phone(i + 1)}" = "${code(i + 1)}"`);
  const webpush = opts.webpush
    ? `
[plugin.webpush]
use = "push-webpush"
subject = "mailto:tests@example.com"
allow_private_endpoints = true
ca_file = "${opts.webpush.caFile}"
`
    : "";
  const config = join(dir, "switchboard.toml");
  writeFileSync(
    config,
    `[server]
listen = "127.0.0.1:0"
data_dir = "${data}"
drain_timeout_ms = 1000

[log]
level = "info"

[plugins]
dirs = ["${join(BUILD, "plugins")}"]

[auth]
test_numbers = { ${numbers.join(", ")} }

# The tests put people who are not each other's contacts into groups; pushes go out at once.
[messaging]
group_add_privacy = "everyone"
presence_coalesce_ms = 200
push_interval_ms = 1000
retention = "${opts.retention ?? "until-delivered"}"

[plugin.store]
use = "store-sqlite"

[plugin.ws]
use = "transport-websocket"

[plugin.lp]
use = "transport-longpoll"

[plugin.bots]
use = "bots-lua"
dir = "${bots}"

[plugin.groups]
use = "policy-groups"

[plugin.sms]
use = "sms-file"
path = "${join(dir, "sms.jsonl")}"

[plugin.media]
use = "media-fs"

[plugin.medialayer]
use = "media-layer"

[plugin.webapp]
use = "ui-webapp"
dir = "${APP_DIR}"
${webpush}`,
  );
  /** @param {string} listen */
  const launch = async (listen) => {
    const child = spawn(SWITCHBOARD, ["run", "--config", config], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, SB_SERVER__LISTEN: listen },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (b) => (out += b));
    child.stderr.on("data", (b) => (out += b));
    const exited = new Promise((resolve) => child.once("exit", resolve));
    /** @type {number} */
    const port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the daemon did not listen within 20 s:\n${out}`)), 20000);
      const look = () => {
        const m = /switchboard listening on [^\s]*:(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      };
      child.stdout.on("data", look);
      child.stderr.on("data", look);
      child.once("exit", (c) => {
        clearTimeout(timer);
        reject(new Error(`the daemon exited (${c}) before listening:\n${out}`));
      });
    });
    const stop = async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const killed = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(killed);
      }
    };
    return { port, stop, output: () => out };
  };

  let daemon = await launch("127.0.0.1:0");
  let earlier = "";
  const port = daemon.port;
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    dir,
    data,
    output: () => earlier + daemon.output(),
    // Stops the daemon (SIGTERM: sessions are told 1012), runs `meanwhile`, and starts it
    // again on the same port and data.
    async restart(meanwhile = async () => undefined) {
      await daemon.stop();
      earlier += daemon.output();
      await meanwhile();
      daemon = await launch(`127.0.0.1:${port}`);
    },
    async stop() {
      await daemon.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The files under `dir` (at most `limit`) whose bytes contain `needle`: the server must
 * never hold a plaintext that was sent end-to-end encrypted.
 * @param {string} dir
 * @param {string} needle
 */
export function filesContaining(dir, needle, limit = 10000) {
  const hits = [];
  const want = Buffer.from(needle, "utf8");
  const stack = [dir];
  let seen = 0;
  while (stack.length && seen < limit) {
    const d = /** @type {string} */ (stack.pop());
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) stack.push(p);
      else if (st.isFile() && ++seen <= limit && readFileSync(p).includes(want)) hits.push(p);
    }
  }
  return hits;
}

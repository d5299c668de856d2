// SPDX-License-Identifier: Apache-2.0
// Starts the real daemon (build/bin/switchboard) for one browser test: a temp config and data
// dir, a free loopback port (port 0, read back from "switchboard listening on ..."), the admin
// plugin serving the built UI, test phone numbers with fixed codes, and one Lua bot.
// @ts-check
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const BUILD = process.env.SB_BUILD_DIR ?? new URL("../../../build", import.meta.url).pathname;
export const SWITCHBOARD = join(BUILD, "bin", "switchboard");
const UI_DIR = process.env.SB_ADMIN_UI_DIR ?? join(BUILD, "admin-ui", "dist");

// Phones +1555010000N with code N repeated six times, N = 1..PHONES.
export const PHONES = 6;
export const phone = (/** @type {number} */ n) => `+1555010000${n}`;
export const code = (/** @type {number} */ n) => String(n).repeat(6);

export const ECHO_BOT = `-- SPDX-License-Identifier: Apache-2.0
sb.name = "Echo"
sb.on("message", function(msg)
  sb.reply(msg, "echo: " .. (msg.text or "?"))
end)
`;

/**
 * @typedef {{ port: number, base: string, dir: string, output: () => string,
 *             stop: () => Promise<void> }} Server
 */

/** @typedef {{ name: string, role: "viewer"|"operator"|"owner", password: string }} AdminAccount */

/**
 * @param {{ admins?: AdminAccount[] }} [opts] admin accounts made (with the CLI) before start
 * @returns {Promise<Server>}
 */
export async function startServer(opts = {}) {
  const dir = mkdtempSync(join(tmpdir(), "sb-browser-"));
  const bots = join(dir, "bots");
  mkdirSync(bots);
  writeFileSync(join(bots, "echo.lua"), ECHO_BOT);
  const numbers = Array.from({ length: PHONES }, (_, i) => `"${phone(i + 1)}" = "${code(i + 1)}"`);
  const config = join(dir, "switchboard.toml");
  writeFileSync(
    config,
    `[server]
listen = "127.0.0.1:0"
data_dir = "${join(dir, "data")}"
drain_timeout_ms = 1000

[log]
level = "info"

[plugins]
dirs = ["${join(BUILD, "plugins")}"]

[auth]
test_numbers = { ${numbers.join(", ")} }

# The tests put people who are not each other's contacts into groups.
[messaging]
group_add_privacy = "everyone"

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

[plugin.admin]
use = "admin"
ui_dir = "${UI_DIR}"
`,
  );
  for (const a of opts.admins ?? []) addAdmin(dir, config, a);
  const child = spawn(SWITCHBOARD, ["run", "--config", config], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (b) => (out += b));
  child.stderr.on("data", (b) => (out += b));
  const exited = new Promise((resolve) => child.once("exit", resolve));

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
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the daemon exited (${code}) before listening:\n${out}`));
    });
  });

  return {
    port,
    base: `http://127.0.0.1:${port}`,
    dir,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const killed = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(killed);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Creates an admin account with `switchboard admin add`, the password given on stdin.
 * @param {string} dir
 * @param {string} config
 * @param {AdminAccount} admin
 */
function addAdmin(dir, config, admin) {
  const r = spawnSync(
    SWITCHBOARD,
    ["admin", "add", admin.name, "--role", admin.role, "--password-stdin", "--config", config],
    { cwd: dir, input: `${admin.password}\n`, encoding: "utf8", timeout: 20000 },
  );
  if (r.status !== 0) {
    throw new Error(`switchboard admin add ${admin.name} failed (${r.status}): ${r.stdout}${r.stderr}`);
  }
}

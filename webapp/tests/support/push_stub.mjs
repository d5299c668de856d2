// SPDX-License-Identifier: Apache-2.0
// Runs the push tests' Web Push stub (tests/push/webpush) on loopback with a fresh
// self-signed certificate that the server is told to trust.
// @ts-check
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const TOOLS = process.env.SB_WEBPUSH_TOOLS ?? new URL("../../../tests/push/webpush", import.meta.url).pathname;

/**
 * @typedef {{ cert: string, origin: string, control: string,
 *             newSubscription: (serverKey: string) => Promise<{ id: string, endpoint: string, keys: { p256dh: string, auth: string } }>,
 *             records: () => Promise<any[]>, stop: () => Promise<void> }} PushStub
 */

/** @returns {Promise<PushStub>} */
export async function startPushStub() {
  const dir = mkdtempSync(join(tmpdir(), "sb-app-push-"));
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  const made = spawnSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key,
     "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
    { encoding: "utf8", timeout: 20000 },
  );
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  const child = spawn(process.execPath, [join(TOOLS, "webpush_stub.mjs"), "--cert", cert, "--key", key], {
    cwd: TOOLS,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stderr.on("data", (b) => (out += b));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  /** @type {{ push_port: number, control_port: number, origin: string }} */
  const ports = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the push stub did not start within 15 s: ${out}`)), 15000);
    let line = "";
    child.stdout.on("data", (b) => {
      line += b;
      const nl = line.indexOf("\n");
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice(0, nl)));
      }
    });
    child.once("exit", (c) => {
      clearTimeout(timer);
      reject(new Error(`the push stub exited (${c}): ${out}`));
    });
  });
  const control = `http://127.0.0.1:${ports.control_port}`;
  return {
    cert,
    origin: ports.origin,
    control,
    async newSubscription(serverKey) {
      const res = await fetch(`${control}/new-subscription?server_key=${encodeURIComponent(serverKey)}`, {
        signal: AbortSignal.timeout(10000),
      });
      return res.json();
    },
    async records() {
      const res = await fetch(`${control}/log`, { signal: AbortSignal.timeout(10000) });
      return (await res.json()).records;
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

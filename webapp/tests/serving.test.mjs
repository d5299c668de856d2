// SPDX-License-Identifier: Apache-2.0
// How ui-webapp serves the app: caching of the page, worker and assets, the CSP, the app's
// own routes, and no way out of the app's folder.
// @ts-check
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, test } from "node:test";
import { startServer } from "./support/server.mjs";

/** @type {import("./support/server.mjs").Server} */
let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

/**
 * A GET with the path sent exactly as written (fetch would normalise "..").
 * @param {string} path
 * @returns {Promise<{ status: number, headers: import("node:http").IncomingHttpHeaders, body: string }>}
 */
function rawGet(path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: server.port, path, method: "GET", timeout: 10000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on("error", reject);
    req.end();
  });
}

test("the page, the worker and the assets with their caching and CSP", async () => {
  const redirect = await rawGet("/app");
  assert.equal(redirect.status, 308);
  assert.equal(redirect.headers.location, "/app/");

  const page = await rawGet("/app/");
  assert.equal(page.status, 200);
  assert.match(String(page.headers["content-type"]), /^text\/html/);
  assert.equal(page.headers["cache-control"], "no-cache");
  const csp = String(page.headers["content-security-policy"]);
  for (const rule of ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"]) {
    assert.ok(csp.includes(rule), `CSP lacks ${rule}: ${csp}`);
  }
  assert.match(csp, new RegExp(`connect-src 'self' blob: ws://127\\.0\\.0\\.1:${server.port} wss://127\\.0\\.0\\.1:${server.port}`));
  assert.doesNotMatch(csp, /unsafe-(inline|eval)/);

  const sw = await rawGet("/app/sw.js");
  assert.equal(sw.status, 200);
  assert.match(String(sw.headers["content-type"]), /^text\/javascript/);
  assert.equal(sw.headers["cache-control"], "no-cache");

  const asset = /\/app\/assets\/[\w.-]+\.js/.exec(page.body);
  assert.ok(asset, "the page names no script asset");
  const js = await rawGet(asset[0]);
  assert.equal(js.status, 200);
  assert.match(String(js.headers["cache-control"]), /immutable/);

  const manifest = await rawGet("/app/manifest.webmanifest");
  assert.equal(manifest.status, 200);
  assert.match(String(manifest.headers["content-type"]), /^application\/manifest\+json/);
});

test("app routes get the page; missing files, hidden files and climbing out do not", async () => {
  const route = await rawGet("/app/chat/anything");
  assert.equal(route.status, 200);
  assert.match(route.body, /<div id="app">/);
  for (const path of ["/app/missing.js", "/app/assets/nope-123.js", "/app/.hidden", "/app/../config/switchboard.toml",
                      "/app/%2e%2e/%2e%2e/etc/passwd", "/app/assets/..%2f..%2fetc%2fpasswd"]) {
    const r = await rawGet(path);
    assert.ok(r.status === 404 || r.status === 400, `${path}: ${r.status}`);
    assert.doesNotMatch(r.body, /root:|\[server\]/, path);
  }
});

#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// A Web Push service for tests: an HTTPS push endpoint that checks each push as a real
// service would (VAPID JWT signature and claims, RFC 8030 headers) and, as only the browser
// could, decrypts it, with independent implementations (jws, http_ece). It makes its own
// subscriptions (it holds their private keys) and answers each as told, so tests can play
// gone, rate-limited, redirecting and refusing services.
//
// Usage:
//   node webpush_stub.mjs --cert CERT.pem --key KEY.pem [--port 0] [--control-port 0]
//                         [--host 127.0.0.1] [--log FILE]
//
// Once both listeners are up it prints one JSON line on stdout:
//   {"push_port":P,"control_port":C,"origin":"https://127.0.0.1:P"}
//
// Push side (HTTPS, port P):
//   POST /push/<id>            a push for subscription <id>; checked, decrypted, recorded,
//                              then answered as that subscription is told (default 201)
//   ANY  /redirect-target/<id> where redirects point; a hit is recorded (it must not happen)
//   anything else              404
// Control side (plain HTTP on loopback, port C):
//   GET  /new-subscription[?status=N&retry_after=V&redirect=1&location=URL&server_key=K]
//        -> {"id","endpoint","keys":{"p256dh","auth"}}: a fresh P-256 key pair and auth
//        secret; pushes to it are answered with `status` (default 201), a Retry-After of `V`
//        when given, and for 3xx a Location (`location`, or this stub's /redirect-target/<id>
//        with redirect=1). With `server_key`, the VAPID key (k=) must be that one.
//   POST /answer/<id>?status=N[&retry_after=V][&location=URL]   changes how <id> is answered
//   GET  /log            -> {"records":[...]}: every record so far
//
// Each record, also appended as one JSON line to --log FILE:
//   {"at":ms,"kind":"push"|"redirect_target_hit","id","path","status":answered,
//    "problems":[...],            // empty when the push is valid
//    "headers":{"ttl","urgency","topic","content-encoding","content-type"},
//    "vapid":{"k","header":{...},"claims":{...},"signature_valid":bool},
//    "payload_text":"...","payload":{...}|null}
// A push with problems is answered 403 (VAPID) or 400 (anything else), not as told.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import ece from "http_ece";
import jws from "jws";

function parseArgs(argv) {
  const args = { port: 0, "control-port": 0, host: "127.0.0.1" };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, "");
    if (!["cert", "key", "port", "control-port", "host", "log"].includes(name) ||
        argv[i + 1] === undefined) {
      console.error(`webpush_stub: unknown or incomplete option ${argv[i]}`);
      process.exit(2);
    }
    args[name] = argv[i + 1];
  }
  if (!args.cert || !args.key) {
    console.error("webpush_stub: --cert and --key are required");
    process.exit(2);
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
const subscriptions = new Map();  // id -> {ecdh, auth, answer:{status, retryAfter, location}, serverKey}
const records = [];
let origin = "";
let nextId = 1;

function record(entry) {
  entry.at = Date.now();
  records.push(entry);
  if (args.log) fs.appendFileSync(args.log, JSON.stringify(entry) + "\n");
}

function readBody(req, limit = 64 * 1024) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size > limit) reject(new Error(`body over ${limit} bytes`));
      else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function answerFrom(query, id) {
  const status = Number(query.get("status") ?? 201);
  let location = query.get("location");
  if (!location && query.get("redirect") === "1") location = `${origin}/redirect-target/${id}`;
  return { status, retryAfter: query.get("retry_after"), location };
}

// RFC 8292 §2 and §3: "vapid t=<JWT>, k=<key>", an ES256 JWT for this origin, at most 24 h.
function checkVapid(authorization, host, serverKey, problems) {
  const vapid = { k: null, header: null, claims: null, signature_valid: false };
  const m = /^vapid t=([A-Za-z0-9_\-.]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? "");
  if (!m) {
    problems.push(`Authorization: not "vapid t=..., k=...": ${authorization}`);
    return vapid;
  }
  const [, token, k] = m;
  vapid.k = k;
  const decoded = jws.decode(token);
  if (!decoded) {
    problems.push("vapid: the JWT does not decode");
    return vapid;
  }
  vapid.header = decoded.header;
  vapid.claims = typeof decoded.payload === "string" ? JSON.parse(decoded.payload) : decoded.payload;
  const point = Buffer.from(k, "base64url");
  if (point.length !== 65 || point[0] !== 4) {
    problems.push(`vapid: k is not a 65-byte uncompressed point (${point.length} bytes)`);
    return vapid;
  }
  const publicKey = crypto.createPublicKey({
    key: { kty: "EC", crv: "P-256", x: point.subarray(1, 33).toString("base64url"),
           y: point.subarray(33).toString("base64url") },
    format: "jwk",
  });
  vapid.signature_valid = jws.verify(token, "ES256", publicKey.export({ type: "spki", format: "pem" }));
  if (!vapid.signature_valid) problems.push("vapid: the JWT signature does not verify with k");
  if (vapid.header.alg !== "ES256") problems.push(`vapid: alg is ${vapid.header.alg}, not ES256`);
  if (vapid.header.typ !== undefined && vapid.header.typ !== "JWT")
    problems.push(`vapid: typ is ${vapid.header.typ}`);
  const c = vapid.claims ?? {};
  const expected = `https://${host}`;
  if (c.aud !== expected) problems.push(`vapid: aud is ${c.aud}, expected ${expected}`);
  const now = Math.floor(Date.now() / 1000);
  if (!Number.isInteger(c.exp)) problems.push("vapid: exp is not an integer");
  else if (c.exp <= now) problems.push(`vapid: expired (exp ${c.exp}, now ${now})`);
  else if (c.exp > now + 24 * 3600) problems.push(`vapid: exp ${c.exp} is more than 24 h ahead`);
  if (typeof c.sub !== "string" || !/^(mailto:.+@|https:\/\/.)/.test(c.sub))
    problems.push(`vapid: sub ${c.sub} is not a mailto: or https: contact`);
  if (serverKey && k !== serverKey) problems.push("vapid: k is not the key the subscription was made with");
  return vapid;
}

// RFC 8030 §5: TTL is required; Urgency and Topic have fixed forms.
function checkHeaders(req, problems) {
  const h = {
    ttl: req.headers["ttl"] ?? null,
    urgency: req.headers["urgency"] ?? null,
    topic: req.headers["topic"] ?? null,
    "content-encoding": req.headers["content-encoding"] ?? null,
    "content-type": req.headers["content-type"] ?? null,
  };
  if (h.ttl === null || !/^\d+$/.test(h.ttl)) problems.push(`TTL: missing or not a number: ${h.ttl}`);
  if (h.urgency !== null && !["very-low", "low", "normal", "high"].includes(h.urgency))
    problems.push(`Urgency: ${h.urgency}`);
  if (h.topic !== null && !/^[A-Za-z0-9_-]{1,32}$/.test(h.topic)) problems.push(`Topic: ${h.topic}`);
  if (h["content-encoding"] !== "aes128gcm")
    problems.push(`Content-Encoding: ${h["content-encoding"]}, expected aes128gcm`);
  return h;
}

async function onPush(req, res, id) {
  const sub = subscriptions.get(id);
  const body = await readBody(req);
  if (!sub) {
    record({ kind: "push", id, path: req.url, status: 404, problems: ["unknown subscription"] });
    res.writeHead(404).end("no such subscription");
    return;
  }
  const problems = [];
  const vapid = checkVapid(req.headers["authorization"], req.headers["host"], sub.serverKey, problems);
  const vapidBad = problems.length > 0;
  const headers = checkHeaders(req, problems);
  let payloadText = null;
  let payload = null;
  try {
    payloadText = ece
      .decrypt(body, { version: "aes128gcm", privateKey: sub.ecdh, authSecret: sub.auth })
      .toString("utf8");
    try {
      payload = JSON.parse(payloadText);
    } catch {
      payload = null;
    }
  } catch (e) {
    problems.push(`payload: does not decrypt (${e.message})`);
  }
  let status = sub.answer.status;
  if (problems.length) status = vapidBad ? 403 : 400;
  record({ kind: "push", id, path: req.url, status, problems, headers, vapid,
           payload_text: payloadText, payload, body_bytes: body.length });
  const out = {};
  if (!problems.length) {
    if (sub.answer.retryAfter) out["Retry-After"] = sub.answer.retryAfter;
    if (sub.answer.location) out["Location"] = sub.answer.location;
    if (status === 201) out["Location"] = `${origin}/message/${id}-${records.length}`;
  }
  res.writeHead(status, out).end(problems.join("\n"));
}

const pushServer = https.createServer(
  { cert: fs.readFileSync(args.cert), key: fs.readFileSync(args.key) },
  (req, res) => {
    const path = new URL(req.url, "https://stub").pathname;
    let m;
    if (req.method === "POST" && (m = /^\/push\/([\w-]+)$/.exec(path))) {
      onPush(req, res, m[1]).catch((e) => res.writeHead(500).end(String(e)));
    } else if ((m = /^\/redirect-target\/([\w-]+)$/.exec(path))) {
      record({ kind: "redirect_target_hit", id: m[1], path: req.url, status: 201, problems: [] });
      res.writeHead(201).end();
    } else {
      res.writeHead(404).end("not found");
    }
  },
);

const controlServer = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://stub");
  const json = (status, value) =>
    res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(value));
  let m;
  if (req.method === "GET" && url.pathname === "/new-subscription") {
    const id = `s${nextId++}`;
    const ecdh = crypto.createECDH("prime256v1");
    ecdh.generateKeys();
    const auth = crypto.randomBytes(16);
    subscriptions.set(id, { ecdh, auth, answer: answerFrom(url.searchParams, id),
                            serverKey: url.searchParams.get("server_key") });
    json(200, { id, endpoint: `${origin}/push/${id}`,
                keys: { p256dh: ecdh.getPublicKey().toString("base64url"),
                        auth: auth.toString("base64url") } });
  } else if (req.method === "POST" && (m = /^\/answer\/([\w-]+)$/.exec(url.pathname))) {
    const sub = subscriptions.get(m[1]);
    if (!sub) return json(404, { error: `no subscription ${m[1]}` });
    sub.answer = answerFrom(url.searchParams, m[1]);
    json(200, sub.answer);
  } else if (req.method === "GET" && url.pathname === "/log") {
    json(200, { records });
  } else {
    json(404, { error: `no route ${req.method} ${url.pathname}` });
  }
});

const listen = (server, port) =>
  new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(Number(port), args.host, () => resolve(server.address().port));
  });

const pushPort = await listen(pushServer, args.port);
const controlPort = await listen(controlServer, args["control-port"]);
const hostPart = args.host.includes(":") ? `[${args.host}]` : args.host;
origin = `https://${hostPart}:${pushPort}`;
console.log(JSON.stringify({ push_port: pushPort, control_port: controlPort, origin }));

const stop = () => {
  pushServer.close();
  controlServer.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// The independent side of push-webpush's cross-check tests: keys made by web-push, and
// http_ece and jws reading what our C++ sender produced. One command per run, one JSON line
// (or text) on stdout; exit 1 with the reason on stderr when the check fails.
//
//   node cross_check.mjs subscription          -> {"p256dh","auth","private_key"} (base64url)
//   node cross_check.mjs vapid-key             -> {"public_key","pem"}: web-push's VAPID pair,
//                                                 the private half as PKCS#8 PEM
//   node cross_check.mjs decrypt PRIVATE AUTH BODY   -> the plaintext (BODY base64url)
//   node cross_check.mjs verify-jwt K JWT      -> the claims, when the ES256 signature
//                                                 verifies with the public key K
import crypto from "node:crypto";
import ece from "http_ece";
import jws from "jws";
import webpush from "web-push";

const [command, ...rest] = process.argv.slice(2);

function jwkOf(publicPoint, privateScalar) {
  const p = Buffer.from(publicPoint, "base64url");
  const jwk = { kty: "EC", crv: "P-256", x: p.subarray(1, 33).toString("base64url"),
                y: p.subarray(33).toString("base64url") };
  if (privateScalar) jwk.d = privateScalar;
  return jwk;
}

switch (command) {
  case "subscription": {
    // web-push's generator makes P-256 pairs in the browser's p256dh form; the auth secret
    // is 16 random bytes, as a browser makes it.
    const keys = webpush.generateVAPIDKeys();
    console.log(JSON.stringify({ p256dh: keys.publicKey, auth: crypto.randomBytes(16).toString("base64url"),
                                 private_key: keys.privateKey }));
    break;
  }
  case "vapid-key": {
    const keys = webpush.generateVAPIDKeys();
    const key = crypto.createPrivateKey({ key: jwkOf(keys.publicKey, keys.privateKey), format: "jwk" });
    console.log(JSON.stringify({ public_key: keys.publicKey,
                                 pem: key.export({ type: "pkcs8", format: "pem" }) }));
    break;
  }
  case "decrypt": {
    const [privateKey, auth, body] = rest;
    const ecdh = crypto.createECDH("prime256v1");
    ecdh.setPrivateKey(Buffer.from(privateKey, "base64url"));
    try {
      const plain = ece.decrypt(Buffer.from(body, "base64url"),
                                { version: "aes128gcm", privateKey: ecdh, authSecret: auth });
      process.stdout.write(plain.toString("utf8"));
    } catch (e) {
      console.error(`http_ece cannot decrypt: ${e.message}`);
      process.exit(1);
    }
    break;
  }
  case "verify-jwt": {
    const [k, token] = rest;
    const pem = crypto.createPublicKey({ key: jwkOf(k), format: "jwk" })
      .export({ type: "spki", format: "pem" });
    if (!jws.verify(token, "ES256", pem)) {
      console.error("jws: the ES256 signature does not verify");
      process.exit(1);
    }
    const decoded = jws.decode(token);
    const claims = typeof decoded.payload === "string" ? JSON.parse(decoded.payload) : decoded.payload;
    console.log(JSON.stringify({ header: decoded.header, claims }));
    break;
  }
  default:
    console.error(`usage: cross_check.mjs subscription | vapid-key | decrypt PRIV AUTH BODY | verify-jwt K JWT`);
    process.exit(2);
}

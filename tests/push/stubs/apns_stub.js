// SPDX-License-Identifier: Apache-2.0
// APNs stand-in: an HTTP/2 TLS server (HTTP/1.1 refused) that checks the ES256 provider
// token with the .p8 key's public half and the apns-* headers, and answers by device token:
// "0410" 410 Unregistered, "0bad" 400 BadDeviceToken, "0429" 429 TooManyRequests,
// "0413" 413 PayloadTooLarge, "0403" 403 ExpiredProviderToken for the first JWT it comes
// with, else 200.
// Usage: node apns_stub.js CERT KEY P8_PUBLIC_KEY KEY_ID TEAM_ID TOPIC
'use strict';
const http2 = require('http2');
const crypto = require('crypto');
const fs = require('fs');
const { record, announce, verifyJwt } = require('./common');

const [certFile, keyFile, pubFile, keyId, teamId, topic] = process.argv.slice(2);
const publicKey = crypto.createPublicKey(fs.readFileSync(pubFile));
const expired = new Set();

const server = http2.createSecureServer({
  cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile), allowHTTP1: false,
});
server.on('stream', (stream, headers) => {
  const chunks = [];
  stream.on('data', (c) => chunks.push(c));
  stream.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const problems = [];
    const m = /^\/3\/device\/([0-9a-fA-F]+)$/.exec(headers[':path'] || '');
    if (headers[':method'] !== 'POST' || !m) problems.push(`${headers[':method']} ${headers[':path']}`);
    const token = m ? m[1] : '';
    const auth = String(headers.authorization || '');
    const jwt = auth.startsWith('bearer ') ? auth.slice(7) : '';
    try {
      const { header, claims } = verifyJwt(crypto, jwt, 'ES256', publicKey);
      if (header.kid !== keyId) problems.push('kid ' + header.kid);
      if (claims.iss !== teamId) problems.push('iss ' + claims.iss);
      if (Math.abs(claims.iat - Date.now() / 1000) > 3600) problems.push('iat ' + claims.iat);
    } catch (e) { problems.push(e.message); }
    if (headers['apns-topic'] !== topic) problems.push('apns-topic ' + headers['apns-topic']);
    if (headers['apns-push-type'] !== 'alert') problems.push('apns-push-type');
    if (!['10', '5'].includes(headers['apns-priority'])) problems.push('apns-priority');
    if (!/^\d+$/.test(headers['apns-expiration'] || '')) problems.push('apns-expiration');
    const collapse = headers['apns-collapse-id'];
    if (collapse !== undefined && Buffer.byteLength(collapse) > 64) problems.push('apns-collapse-id > 64 bytes');
    let payload = {};
    try { payload = JSON.parse(body); } catch (e) { problems.push('body is not JSON'); }
    if (!payload.aps || !payload.aps.alert) problems.push('aps.alert missing');
    record({
      ok: problems.length === 0, problems, token, alpn: stream.session.alpnProtocol,
      priority: headers['apns-priority'], collapse_id: collapse || '', payload,
    });
    const answer = (status, reason) => {
      stream.respond({ ':status': status, 'content-type': 'application/json', 'apns-id': crypto.randomUUID() });
      stream.end(reason ? JSON.stringify({ reason, timestamp: Date.now() }) : '');
    };
    if (problems.length) return answer(400, 'BadRequestStub');
    if (token === '0410') return answer(410, 'Unregistered');
    if (token === '0bad') return answer(400, 'BadDeviceToken');
    if (token === '0429') return answer(429, 'TooManyRequests');
    if (token === '0413') return answer(413, 'PayloadTooLarge');
    if (token === '0403' && (expired.size === 0 || expired.has(jwt))) {
      expired.add(jwt);  // the first provider token it comes with counts as expired
      return answer(403, 'ExpiredProviderToken');
    }
    answer(200);
  });
});
server.listen(0, '127.0.0.1', () => announce(server));

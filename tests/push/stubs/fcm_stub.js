// SPDX-License-Identifier: Apache-2.0
// FCM stand-in: POST /token checks the RS256 JWT-bearer grant with the service account's
// public key and issues tokens; POST /v1/projects/<project>/messages:send checks the bearer
// token and the message. Send answers by registration token: "unregistered" 404
// UNREGISTERED, "busy" 503 + Retry-After: 3, "invalid" 400 INVALID_ARGUMENT, "reauth" 401
// for the first access token it comes with (as if revoked), anything else 200.
// Usage: node fcm_stub.js PUBLIC_KEY_PEM_FILE CLIENT_EMAIL PROJECT_ID
'use strict';
const http = require('http');
const crypto = require('crypto');
const fs = require('fs');
const { readBody, record, announce, verifyJwt } = require('./common');

const [publicKeyFile, clientEmail, project] = process.argv.slice(2);
const publicKey = crypto.createPublicKey(fs.readFileSync(publicKeyFile));
const issued = new Set();
const reauthed = new Set();
let grants = 0;

function fcmError(res, code, status, errorCode) {
  const details = errorCode
    ? [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode }] : [];
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ error: { code, message: `stub says ${status}`, status, details } }));
}

const server = http.createServer(async (req, res) => {
  const body = await readBody(req);
  const problems = [];
  if (req.method === 'POST' && req.url === '/token') {
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
      problems.push('grant_type ' + form.get('grant_type'));
    let claims = {};
    try {
      ({ claims } = verifyJwt(crypto, form.get('assertion'), 'RS256', publicKey));
      const now = Date.now() / 1000;
      if (claims.iss !== clientEmail) problems.push('iss ' + claims.iss);
      if (claims.scope !== 'https://www.googleapis.com/auth/firebase.messaging')
        problems.push('scope ' + claims.scope);
      if (claims.aud !== `http://127.0.0.1:${server.address().port}/token`)
        problems.push('aud ' + claims.aud);
      if (Math.abs(claims.iat - now) > 300) problems.push('iat ' + claims.iat);
      if (claims.exp - claims.iat !== 3600) problems.push('exp - iat ' + (claims.exp - claims.iat));
    } catch (e) { problems.push(e.message); }
    grants += 1;
    record({ kind: 'grant', ok: problems.length === 0, problems, grants });
    if (problems.length) {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: 'invalid_grant', error_description: problems.join('; ') }));
      return;
    }
    const token = 'ya29.stub-' + grants;
    issued.add(token);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ access_token: token, expires_in: 3599, token_type: 'Bearer' }));
    return;
  }
  if (req.method === 'POST' && req.url === `/v1/projects/${project}/messages:send`) {
    const auth = String(req.headers.authorization || '');
    const bearer = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (!issued.has(bearer)) problems.push('bearer token not issued: ' + bearer);
    let msg = {};
    try { msg = JSON.parse(body).message || {}; } catch (e) { problems.push('body is not JSON'); }
    const data = msg.data || {};
    for (const [k, v] of Object.entries(data))
      if (typeof v !== 'string') problems.push(`data.${k} is not a string`);
    if (!msg.android || !['HIGH', 'NORMAL'].includes(msg.android.priority))
      problems.push('android.priority');
    if (msg.android && !/^\d+s$/.test(msg.android.ttl || '')) problems.push('android.ttl');
    record({ kind: 'send', ok: problems.length === 0, problems, bearer, message: msg });
    if (problems.length) return fcmError(res, 400, 'INVALID_ARGUMENT', 'INVALID_ARGUMENT');
    if (msg.token === 'unregistered') return fcmError(res, 404, 'NOT_FOUND', 'UNREGISTERED');
    if (msg.token === 'invalid') return fcmError(res, 400, 'INVALID_ARGUMENT', 'INVALID_ARGUMENT');
    if (msg.token === 'busy') {
      res.writeHead(503, { 'Retry-After': '3', 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 503, status: 'UNAVAILABLE', message: 'later' } }));
      return;
    }
    if (msg.token === 'reauth' && (reauthed.size === 0 || reauthed.has(bearer))) {
      reauthed.add(bearer);  // the first access token used for it is refused from then on
      return fcmError(res, 401, 'UNAUTHENTICATED', '');
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ name: `projects/${project}/messages/1` }));
    return;
  }
  record({ kind: 'unknown', ok: false, problems: [`${req.method} ${req.url}`] });
  res.writeHead(404);
  res.end();
});
server.listen(0, '127.0.0.1', () => announce(server));

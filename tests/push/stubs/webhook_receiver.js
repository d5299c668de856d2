// SPDX-License-Identifier: Apache-2.0
// A webhook relay: verifies X-Switchboard-Signature (HMAC-SHA256 over "<ts>.<body>") the way
// docs/push.md tells relays to, records the document, and answers by token:
// "gone" 410, "busy" 503 + Retry-After: 7, "bad" 400, "moved" 302, anything else 204.
// Usage: node webhook_receiver.js SECRET
'use strict';
const http = require('http');
const crypto = require('crypto');
const { readBody, record, announce } = require('./common');

const secret = process.argv[2];

const server = http.createServer(async (req, res) => {
  const body = await readBody(req);
  const problems = [];
  const ts = req.headers['x-switchboard-timestamp'] || '';
  const sig = req.headers['x-switchboard-signature'] || '';
  const expected = 'v1=' + crypto.createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
  if (sig.length !== expected.length ||
      !crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(expected)))
    problems.push('signature does not verify');
  if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) problems.push(`timestamp ${ts} too far off`);
  if (!String(req.headers['content-type']).startsWith('application/json'))
    problems.push('content-type ' + req.headers['content-type']);
  let doc = null;
  try { doc = JSON.parse(body); } catch (e) { problems.push('body is not JSON'); }
  record({ method: req.method, path: req.url, ok: problems.length === 0, problems, doc });
  const token = doc && doc.token;
  if (token === 'gone') { res.writeHead(410); res.end(); return; }
  if (token === 'busy') { res.writeHead(503, { 'Retry-After': '7' }); res.end(); return; }
  if (token === 'bad') { res.writeHead(400); res.end('unknown token'); return; }
  if (token === 'moved') { res.writeHead(302, { Location: '/elsewhere' }); res.end(); return; }
  res.writeHead(204);
  res.end();
});
server.listen(0, '127.0.0.1', () => announce(server));

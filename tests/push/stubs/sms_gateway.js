// SPDX-License-Identifier: Apache-2.0
// SMS gateway stand-in: checks the request shape (form + basic auth, or JSON + bearer) and
// records the fields; answers 201, or FAIL_STATUS for every request when given.
// Usage: node sms_gateway.js form USER PASSWORD [FAIL_STATUS]
//        node sms_gateway.js json TOKEN [FAIL_STATUS]
'use strict';
const http = require('http');
const { readBody, record, announce } = require('./common');

const [format, ...rest] = process.argv.slice(2);
const failStatus = Number(format === 'form' ? rest[2] : rest[1]) || 0;

const server = http.createServer(async (req, res) => {
  const body = await readBody(req);
  const problems = [];
  const type = String(req.headers['content-type'] || '');
  const auth = String(req.headers.authorization || '');
  let fields = {};
  if (format === 'form') {
    if (!type.startsWith('application/x-www-form-urlencoded')) problems.push('content-type ' + type);
    const expected = 'Basic ' + Buffer.from(`${rest[0]}:${rest[1]}`).toString('base64');
    if (auth !== expected) problems.push('basic auth ' + auth);
    fields = Object.fromEntries(new URLSearchParams(body));
  } else {
    if (!type.startsWith('application/json')) problems.push('content-type ' + type);
    if (auth !== `Bearer ${rest[0]}`) problems.push('bearer ' + auth);
    try { fields = JSON.parse(body); } catch (e) { problems.push('body is not JSON'); }
  }
  record({ ok: problems.length === 0, problems, path: req.url, fields });
  if (failStatus) {
    res.writeHead(failStatus, { 'Content-Type': 'application/json' });
    // Echoes the text, as some gateways do: the plugin must keep the code out of its logs.
    res.end(JSON.stringify({ message: 'refused: ' + JSON.stringify(fields) }));
    return;
  }
  res.writeHead(problems.length ? 401 : 201, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ sid: 'SM1', status: 'queued', problems }));
});
server.listen(0, '127.0.0.1', () => announce(server));

// SPDX-License-Identifier: Apache-2.0
// Shared by the stubs: read a request body, print records, decode JWTs. Node's own modules
// only (no npm), so the stubs run wherever node does.
'use strict';

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

// One JSON line per checked request on stdout: the test reads these.
function record(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function announce(server) {
  record({ port: server.address().port });
}

function b64urlJson(part) {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

// Splits and verifies a compact JWS; returns {header, claims} or throws with the reason.
function verifyJwt(crypto, jwt, alg, publicKey) {
  const parts = String(jwt).split('.');
  if (parts.length !== 3) throw new Error('JWT: expected three parts');
  const header = b64urlJson(parts[0]);
  const claims = b64urlJson(parts[1]);
  if (header.alg !== alg) throw new Error(`JWT: alg ${header.alg}, expected ${alg}`);
  const input = Buffer.from(parts[0] + '.' + parts[1]);
  const sig = Buffer.from(parts[2], 'base64url');
  const key = alg === 'ES256' ? { key: publicKey, dsaEncoding: 'ieee-p1363' } : publicKey;
  if (alg === 'ES256' && sig.length !== 64) throw new Error(`JWT: ES256 signature of ${sig.length} bytes`);
  if (!crypto.verify('sha256', input, key, sig)) throw new Error('JWT: bad signature');
  return { header, claims };
}

module.exports = { readBody, record, announce, verifyJwt };

#!/usr/bin/env node
// Sends one AK/SK-signed request to peeringd, signed exactly as the Huawei SDKs sign
// (SDK-HMAC-SHA256, spec §2.1), and prints the status line and the body.
//   node scripts/signed-curl.mjs CREDENTIALS.json METHOD URL [BODY]
// CREDENTIALS.json is what `peeringctl credentials create --json` prints: {"ak","sk","project_id"}.
// Only Node's standard library is used.
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

const [credentialsFile, method, url, body = ''] = process.argv.slice(2);
if (!credentialsFile || !method || !url) {
  console.error('usage: signed-curl.mjs CREDENTIALS.json METHOD URL [BODY]');
  process.exit(2);
}
const { ak, sk, project_id: project } = JSON.parse(readFileSync(credentialsFile, 'utf8'));

// Leaves only A-Z a-z 0-9 - _ . ~ unescaped, byte-wise over UTF-8, uppercase hex.
const escape = (text) =>
  [...Buffer.from(text, 'utf8')]
    .map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b)
      : '%' + b.toString(16).toUpperCase().padStart(2, '0')))
    .join('');
const sha256 = (data) => createHash('sha256').update(data).digest('hex');

const target = new URL(url);
let path = target.pathname.split('/').map((s) => escape(decodeURIComponent(s))).join('/');
if (!path.endsWith('/')) path += '/';
const query = [...target.searchParams.entries()]
  .map(([k, v]) => [escape(k), escape(v)])
  .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1))
  .map(([k, v]) => `${k}=${v}`)
  .join('&');
const date = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const headers = { host: target.host, 'x-project-id': project, 'x-sdk-date': date };
if (body) headers['content-type'] = 'application/json';
const names = Object.keys(headers).sort();
const canonical = [method, path, query, names.map((n) => `${n}:${headers[n]}\n`).join(''),
  names.join(';'), sha256(body)].join('\n');
const stringToSign = ['SDK-HMAC-SHA256', date, sha256(canonical)].join('\n');
const signature = createHmac('sha256', sk).update(stringToSign).digest('hex');
headers.authorization = `SDK-HMAC-SHA256 Access=${ak}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
delete headers.host;  // fetch sets Host itself, to the same value

const response = await fetch(target, { method, headers, body: body || undefined });
console.log(`HTTP ${response.status}`);
const text = await response.text();
if (text) console.log(text);
process.exit(response.ok ? 0 : 1);

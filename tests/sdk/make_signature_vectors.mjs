// Writes signature_vectors.json: known-answer vectors for peeringd's SDK-HMAC-SHA256 verifier
// (spec §2.1), computed by the official Huawei Cloud Node.js SDK signer (AKSKSigner of
// @huaweicloud/huaweicloud-sdk-core, the exact version pinned in package-lock.json).
//
//   cd tests/sdk && npm ci && node make_signature_vectors.mjs
//
// Every case is fed to AKSKSigner.sign() the way HcClient/BasicCredentials feed it a real call:
// request.endpoint = "http://<host><path>" (no query), request.queryParams = an object whose
// repeated keys are arrays, request.data = the JSON body object (hashed as JSON.stringify(data)),
// request.headers = the headers the SDK signs. The signer signs *every* header in
// request.headers plus "host", so each vector's `headers` list is exactly the signed set.
//
// `target` is what goes on the HTTP request line. The SDK sends its query through Node's
// querystring.stringify, which escapes like encodeURIComponent (it leaves ! ' ( ) * ~ bare and
// writes a space as %20); the query keys are written in the order given here, which is
// deliberately *not* the canonical order, so a verifier must decode and re-sort.
//
// As a cross-check the script also recomputes every signature from the wire form alone
// (method, target, headers, body) with the algorithm of spec §2.1 and refuses to write the file
// if the two disagree.

import { createHash, createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js');
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials.js');
const sdkVersion = require('@huaweicloud/huaweicloud-sdk-core/package.json').version;

const here = path.dirname(fileURLToPath(import.meta.url));
const outFile = path.join(here, 'signature_vectors.json');

const SDK_DATE = '20260314T080509Z';
const AK = 'QTWAOYTTINDUT2QVKYUC';
const SK = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';
const AK2 = 'HPUAKSKPEERINGD00002';
const SK2 = 'f0e1d2c3b4a5968778695a4b3c2d1e0f+/=~sk';
const PROJECT_A = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const PROJECT_B = '9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const PEERING = '5f0c2a7e-3b1d-4c8e-9a61-2d7f4e8b1c90';
const MARKER = '2b77e0c4-9d1a-4e5b-8f3c-6a1d0e9b7c42';
const VPC_A = '3e6f1d2c-8b4a-4f7e-a1c9-0d5b7e2f6a18';
const VPC_B = 'c47a9e10-2f3b-4d6c-8e91-5a0b3c7d2e64';

// query: array of [key, value] pairs in wire order (repeat a key to repeat it).
const cases = [
  {
    name: 'list_no_query_empty_body',
    method: 'GET', host: '127.0.0.1:9696', path: '/v2.0/vpc/peerings', query: [],
  },
  {
    name: 'show_path_with_trailing_slash',
    method: 'GET', host: '127.0.0.1:9696', path: `/v2.0/vpc/peerings/${PEERING}/`, query: [],
  },
  {
    name: 'show_path_without_trailing_slash',
    method: 'GET', host: '127.0.0.1:9696', path: `/v2.0/vpc/peerings/${PEERING}`, query: [],
  },
  {
    name: 'list_repeated_key_values_unsorted_on_wire',
    method: 'GET', host: '127.0.0.1:9696', path: '/v2.0/vpc/peerings',
    query: [['status', 'PENDING_ACCEPTANCE'], ['status', 'ACTIVE']],
  },
  {
    name: 'list_reserved_characters',
    method: 'GET', host: 'vpc.example.com', path: '/v2.0/vpc/peerings',
    query: [['name', 'a b&c=d/e?f'], ['id', "x+y~z*(q)!'"]],
  },
  {
    name: 'list_non_ascii_value',
    method: 'GET', host: '127.0.0.1:9696', path: '/v2.0/vpc/peerings',
    query: [['name', '数据库-ü']],
  },
  {
    name: 'list_keys_need_sorting',
    method: 'GET', host: '127.0.0.1:9696', path: '/v2.0/vpc/peerings',
    query: [['limit', '2'], ['marker', MARKER], ['id', PEERING], ['tenant_id', PROJECT_B], ['vpc_id', VPC_A]],
  },
  {
    // Exactly how VpcClient.listVpcPeerings() sends it: content-type on a GET, the query in the
    // SDK's field order (limit, marker, id, name, status, tenant_id, vpc_id), ! ' ( ) * ~ bare.
    name: 'list_as_the_sdk_sends_it',
    method: 'GET', host: '127.0.0.1:41337', path: '/v2.0/vpc/peerings',
    contentType: 'application/json',
    query: [['limit', '2'], ['name', "a b+*~'!()&=/?ü"], ['status', 'ACTIVE']],
  },
  {
    name: 'create_post_json_body',
    method: 'POST', host: '127.0.0.1:9696', path: '/v2.0/vpc/peerings', query: [],
    contentType: 'application/json',
    data: {
      peering: {
        name: 'app-to-db',
        description: 'app tier reaches the database tier',
        request_vpc_info: { vpc_id: VPC_A },
        accept_vpc_info: { vpc_id: VPC_B, tenant_id: PROJECT_B },
      },
    },
  },
  {
    name: 'update_put_non_ascii_body',
    method: 'PUT', host: '127.0.0.1:9696', path: `/v2.0/vpc/peerings/${PEERING}`, query: [],
    contentType: 'application/json', ak: AK2, sk: SK2, project: PROJECT_B,
    data: { peering: { name: '数据库-ü', description: 'café → 😀 "quoted" \\ back' } },
  },
  {
    name: 'accept_put_no_body_with_content_type',
    method: 'PUT', host: '127.0.0.1:9696', path: `/v2.0/vpc/peerings/${PEERING}/accept`, query: [],
    contentType: 'application/json', ak: AK2, sk: SK2, project: PROJECT_B,
  },
  {
    name: 'delete_with_content_type',
    method: 'DELETE', host: '127.0.0.1:9696', path: `/v2.0/vpc/peerings/${PEERING}`, query: [],
    contentType: 'application/json',
  },
  {
    name: 'unsigned_payload_header',
    method: 'PUT', host: '127.0.0.1:9696', path: `/v2.0/vpc/peerings/${PEERING}`, query: [],
    contentType: 'application/json', unsignedPayload: true,
    data: { peering: { description: 'body not hashed: X-Sdk-Content-Sha256 replaces the hash' } },
  },
];

function wireQuery(pairs) {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

function queryParamsObject(pairs) {
  const out = {};
  for (const [k, v] of pairs) {
    if (!(k in out)) out[k] = v;
    else if (Array.isArray(out[k])) out[k].push(v);
    else out[k] = [out[k], v];
  }
  return out;
}

// ---- independent re-computation from the wire form, following spec §2.1 ----
function specEscape(bytes) {
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}
function specDecode(text) {
  return Buffer.from(decodeURIComponent(text), 'utf8');
}
function specCanonical(v) {
  const [rawPath, rawQuery = ''] = v.target.split(/\?(.*)/s);
  let uri = rawPath.split('/').map((seg) => specEscape(specDecode(seg))).join('/');
  if (!uri.endsWith('/')) uri += '/';
  const pairs = rawQuery === '' ? [] : rawQuery.split('&').map((kv) => {
    const i = kv.indexOf('=');
    const k = i < 0 ? kv : kv.slice(0, i);
    const val = i < 0 ? '' : kv.slice(i + 1);
    return [specEscape(specDecode(k)), specEscape(specDecode(val))];
  });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const query = pairs.map(([k, val]) => `${k}=${val}`).join('&');
  const auth = /^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/.exec(v.expected_authorization);
  const signed = auth[2].split(';');
  const lookup = new Map(v.headers.map(([n, val]) => [n.toLowerCase(), val.trim()]));
  const canonHeaders = signed.map((h) => `${h}:${lookup.get(h)}\n`).join('');
  const payloadHash = lookup.get('x-sdk-content-sha256') ?? createHash('sha256').update(v.body, 'utf8').digest('hex');
  const canonical = [v.method, uri, query, canonHeaders, signed.join(';'), payloadHash].join('\n');
  const date = lookup.get('x-sdk-date');
  const sts = `SDK-HMAC-SHA256\n${date}\n${createHash('sha256').update(canonical, 'utf8').digest('hex')}`;
  return { canonical, sts, signature: createHmac('sha256', v.sk).update(sts, 'utf8').digest('hex') };
}

// ---- the SDK's own computation ----
function sdkIntermediates(request) {
  // Same steps as AKSKSigner.sign(), through the SDK's own static helpers, to expose the
  // canonical request and string to sign for debugging a mismatch.
  const all = { ...request.headers };
  const parsedPath = new URL(request.endpoint).pathname;
  const canonicalURI = AKSKSigner.CanonicalURI(parsedPath);
  const canonicalQuery = AKSKSigner.CanonicalQueryString({ queryParams: structuredClone(request.queryParams) });
  const names = Object.keys(all).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  const signedHeaderNames = names.join(';').toLowerCase();
  const canonicalHeaders = AKSKSigner.buildCanonicalHeaders(all);
  const payloadHash = AKSKSigner.buildPayloadHash(request);
  const canonical = AKSKSigner.buildCanonicalRequest(request.method, canonicalURI, canonicalQuery,
    canonicalHeaders, signedHeaderNames, payloadHash);
  const sts = AKSKSigner.getStringToSign('SDK-HMAC-SHA256', SDK_DATE, AKSKSigner.Hex(canonical));
  return { canonical, sts };
}

const vectors = [];
for (const c of cases) {
  const ak = c.ak ?? AK;
  const sk = c.sk ?? SK;
  const project = c.project ?? PROJECT_A;
  const headers = { host: c.host, 'X-Project-Id': project, 'X-Sdk-Date': SDK_DATE };
  if (c.contentType) headers['content-type'] = c.contentType;
  if (c.unsignedPayload) headers['X-Sdk-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
  const request = {
    method: c.method,
    endpoint: `http://${c.host}${c.path}`,
    headers,
    queryParams: queryParamsObject(c.query),
    data: c.data,
  };
  const inter = sdkIntermediates(request);
  const credential = new BasicCredentials().withAk(ak).withSk(sk).withProjectId(project);
  const signedHeaders = AKSKSigner.sign(request, credential);
  const authorization = signedHeaders.Authorization;
  const signature = /Signature=([0-9a-f]{64})$/.exec(authorization)[1];
  const headerList = Object.entries(signedHeaders).filter(([n]) => n !== 'Authorization');
  const query = wireQuery(c.query);
  const v = {
    name: c.name,
    method: c.method,
    target: query === '' ? c.path : `${c.path}?${query}`,
    headers: headerList,
    body: c.data === undefined ? '' : JSON.stringify(c.data),
    ak,
    sk,
    expected_authorization: authorization,
    expected_signature: signature,
    expected_canonical_request: inter.canonical,
    expected_string_to_sign: inter.sts,
  };
  assert.equal(createHmac('sha256', sk).update(inter.sts).digest('hex'), signature,
    `${c.name}: intermediates do not reproduce the SDK signature`);
  const spec = specCanonical(v);
  assert.equal(spec.canonical, v.expected_canonical_request, `${c.name}: spec §2.1 canonical request differs from the SDK's`);
  assert.equal(spec.signature, signature, `${c.name}: spec §2.1 signature differs from the SDK's`);
  vectors.push(v);
}

// Same request, with and without the trailing slash, must sign identically (spec §2.1 CanonicalURI).
const bySlash = vectors.filter((v) => v.name.startsWith('show_path_'));
assert.equal(bySlash.length, 2);
assert.equal(bySlash[0].expected_signature, bySlash[1].expected_signature);

// Pretty-printed, but each [name, value] header pair on one line.
const text = JSON.stringify(vectors, null, 2)
  .replace(/\[\n\s+("(?:[^"\\]|\\.)*"),\n\s+("(?:[^"\\]|\\.)*")\n\s+\]/g, '[$1, $2]');
assert.deepEqual(JSON.parse(text), vectors);
writeFileSync(outFile, text + '\n');
console.log(`wrote ${vectors.length} vectors to ${path.relative(process.cwd(), outFile) || outFile} ` +
  `(signer: @huaweicloud/huaweicloud-sdk-core ${sdkVersion})`);

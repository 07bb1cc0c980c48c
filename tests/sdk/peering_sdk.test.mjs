// End-to-end tests of peeringd driven by the official Huawei Cloud Node.js SDK
// (@huaweicloud/huaweicloud-sdk-vpc, service v2), which signs every call with AK/SK
// (SDK-HMAC-SHA256, spec §2.1).
//
// Environment:
//   PEERINGD_BIN       path of the peeringd binary (required)
//   PEERINGCTL_BIN     path of the peeringctl binary (required)
//   PEERINGD_EXTRA_ARGS  optional extra daemon arguments, whitespace separated
//                      (e.g. "--insecure-dev-auth" to check the SDK call shapes without signing)
//   PEERINGD_SDK_EXPECT_AUTH  "0" skips the tests that need the daemon to verify signatures;
//                      defaults to "0" when PEERINGD_EXTRA_ARGS holds --insecure-dev-auth, else "1"
//
// Run: node --test peering_sdk.test.mjs   (ctest: sdk_huawei_node)

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const require = createRequire(import.meta.url);
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core');
const vpc = require('@huaweicloud/huaweicloud-sdk-vpc').v2;

const PEERINGD_BIN = process.env.PEERINGD_BIN;
const PEERINGCTL_BIN = process.env.PEERINGCTL_BIN;
const EXTRA_ARGS = (process.env.PEERINGD_EXTRA_ARGS ?? '').split(/\s+/).filter(Boolean);
const EXPECT_AUTH = (process.env.PEERINGD_SDK_EXPECT_AUTH
  ?? (EXTRA_ARGS.includes('--insecure-dev-auth') ? '0' : '1')) !== '0';

const STARTUP_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 15_000;
const SUITE_TIMEOUT_MS = 240_000;
const TEST_TIMEOUT_MS = 60_000;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const REQUEST_ID_RE = /^[0-9a-f]{32}$/;

// Real project ids are 32 lowercase hex characters (spec §1.2).
const newProjectId = () => randomUUID().replaceAll('-', '');
const newVpcId = () => randomUUID();

function execFileText(file, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) {
        error.message += `\nstdout: ${stdout}\nstderr: ${stderr}`;
        reject(error);
      } else {
        resolve(stdout);
      }
    });
  });
}

async function createCredentials(dbPath, project) {
  const out = await execFileText(PEERINGCTL_BIN,
    ['--db', dbPath, 'credentials', 'create', '--project', project, '--json'], 30_000);
  const parsed = JSON.parse(out);
  assert.equal(parsed.project_id, project);
  assert.ok(parsed.ak && parsed.sk, `peeringctl printed no ak/sk: ${out}`);
  return parsed;
}

/** Starts peeringd on 127.0.0.1 with port 0; resolves once "listening on" was printed. */
function startDaemon(dbPath) {
  const args = ['--listen', '127.0.0.1:0', '--db', dbPath, ...EXTRA_ARGS];
  const child = spawn(PEERINGD_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const daemon = { child, stderr: '', exit: null, port: 0 };
  daemon.exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      daemon.exit = { code, signal };
      resolve(daemon.exit);
    });
  });
  // Never leave a daemon behind, even if the runner exits abruptly (timeout, uncaught error).
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  daemon.exited.then(() => process.removeListener('exit', killOnExit));
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    // Keep the tail only: enough to explain a failure.
    daemon.stderr = (daemon.stderr + chunk).slice(-20_000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`peeringd did not print its listening line within ${STARTUP_TIMEOUT_MS} ms\n${daemon.stderr}`));
    }, STARTUP_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    daemon.exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`peeringd exited early (${JSON.stringify(exit)})\n${daemon.stderr}`));
    });
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const m = /^listening on 127\.0\.0\.1:(\d+)$/.exec(line);
      if (m && daemon.port === 0) {
        clearTimeout(timer);
        daemon.port = Number(m[1]);
        resolve(daemon);
      }
    });
  });
}

/** SIGTERM, wait for the exit; SIGKILL if it hangs. Resolves to the exit status. */
async function stopDaemon(daemon) {
  if (!daemon || daemon.exit) return daemon?.exit ?? null;
  daemon.child.kill('SIGTERM');
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS);
  });
  const result = await Promise.race([daemon.exited, timeout]);
  clearTimeout(timer);
  if (result === 'timeout') {
    daemon.child.kill('SIGKILL');
    await daemon.exited;
    throw new Error(`peeringd ignored SIGTERM for ${STOP_TIMEOUT_MS} ms\n${daemon.stderr}`);
  }
  return result;
}

function makeClient(port, { ak, sk, project_id: projectId }) {
  const credentials = new BasicCredentials().withAk(ak).withSk(sk).withProjectId(projectId);
  const client = vpc.VpcClient.newBuilder()
    .withCredential(credentials)
    .withEndpoint(`http://127.0.0.1:${port}`)
    .build();
  // The SDK logs every failed call at ERROR level; expected 4xx answers would flood the output.
  const logger = client.hcClient?.httpClient?._logger;
  if (logger) for (const level of ['debug', 'info', 'warn', 'error']) logger[level] = () => {};
  return client;
}

/** Awaits a call that must fail; returns the SDK exception. */
async function sdkError(promise) {
  try {
    const value = await promise;
    assert.fail(`expected an SDK error, got ${JSON.stringify(value)}`);
  } catch (err) {
    if (err instanceof assert.AssertionError) throw err;
    return err;
  }
}

function assertSdkError(err, httpStatusCode, errorCode) {
  const got = { httpStatusCode: err.httpStatusCode, errorCode: err.errorCode, errorMsg: err.errorMsg, requestId: err.requestId };
  assert.equal(err.httpStatusCode, httpStatusCode, `unexpected error ${JSON.stringify(got)}`);
  assert.equal(err.errorCode, errorCode, `unexpected error ${JSON.stringify(got)}`);
  assert.equal(typeof err.errorMsg, 'string');
  assert.ok(err.errorMsg.length > 0, 'errorMsg is empty');
  assert.match(err.requestId ?? '', REQUEST_ID_RE, 'requestId (X-Request-Id) is not 32 hex characters');
}

function createRequest({ name, description, requestVpc, acceptVpc, acceptTenant }) {
  const acceptInfo = new vpc.VpcInfo(acceptVpc);
  if (acceptTenant !== undefined) acceptInfo.withTenantId(acceptTenant);
  const option = new vpc.CreateVpcPeeringOption(name, new vpc.VpcInfo(requestVpc), acceptInfo);
  if (description !== undefined) option.withDescription(description);
  return new vpc.CreateVpcPeeringRequest().withBody(new vpc.CreateVpcPeeringRequestBody(option));
}

async function createPeering(client, spec) {
  const res = await client.createVpcPeering(createRequest(spec));
  assert.equal(res.httpStatusCode, 201);
  assert.ok(res.peering, `create answered without a "peering" wrapper: ${JSON.stringify(res)}`);
  return res.peering;
}

async function showPeering(client, id) {
  const res = await client.showVpcPeering(new vpc.ShowVpcPeeringRequest(id));
  assert.equal(res.httpStatusCode, 200);
  return res.peering;
}

async function listPeerings(client, fields) {
  const req = new vpc.ListVpcPeeringsRequest();
  if (fields.limit !== undefined) req.withLimit(fields.limit);
  if (fields.marker !== undefined) req.withMarker(fields.marker);
  if (fields.id !== undefined) req.withId(fields.id);
  if (fields.name !== undefined) req.withName(fields.name);
  if (fields.status !== undefined) req.withStatus(fields.status);
  if (fields.tenantId !== undefined) req.withTenantId(fields.tenantId);
  if (fields.vpcId !== undefined) req.withVpcId(fields.vpcId);
  const res = await client.listVpcPeerings(req);
  assert.equal(res.httpStatusCode, 200);
  assert.ok(Array.isArray(res.peerings), `list answered without "peerings": ${JSON.stringify(res)}`);
  return res;
}

/** Follows peerings_links[rel=next] with limit=2 until no next link; returns ids and pages. */
async function listAllPages(client, port, filters = {}) {
  const ids = [];
  const pages = [];
  let marker;
  for (let page = 0; page < 100; ++page) {
    const res = await listPeerings(client, { ...filters, limit: 2, marker });
    assert.ok(res.peerings.length <= 2, `page holds ${res.peerings.length} items with limit=2`);
    assert.ok(Array.isArray(res.peerings_links), 'peerings_links missing although limit was given');
    pages.push(res);
    ids.push(...res.peerings.map((p) => p.id));
    const next = res.peerings_links.find((l) => l.rel === 'next');
    if (!next) return { ids, pages };
    const url = new URL(next.href); // absolute, or this throws
    assert.equal(url.host, `127.0.0.1:${port}`);
    assert.equal(url.pathname, '/v2.0/vpc/peerings');
    assert.equal(url.searchParams.get('limit'), '2');
    for (const [key, value] of Object.entries(filters)) {
      const wire = { tenantId: 'tenant_id', vpcId: 'vpc_id' }[key] ?? key;
      assert.equal(url.searchParams.get(wire), value, `next href dropped filter ${wire}`);
    }
    marker = url.searchParams.get('marker');
    assert.equal(marker, res.peerings.at(-1).id, 'next marker is not the last id of the page');
  }
  assert.fail('pagination did not terminate within 100 pages');
}

function assertPeeringShape(p) {
  assert.match(p.id, UUID_RE);
  assert.equal(typeof p.name, 'string');
  assert.equal(typeof p.description, 'string');
  assert.match(p.created_at, TIMESTAMP_RE);
  assert.match(p.updated_at, TIMESTAMP_RE);
  for (const side of ['request_vpc_info', 'accept_vpc_info']) {
    assert.match(p[side]?.vpc_id ?? '', UUID_RE, `${side}.vpc_id`);
    assert.ok(p[side].tenant_id, `${side}.tenant_id is not filled`);
  }
}

describe('peeringd driven by @huaweicloud/huaweicloud-sdk-vpc v2', { timeout: SUITE_TIMEOUT_MS }, () => {
  const projectA = newProjectId();
  const projectB = newProjectId();
  const projectC = newProjectId();
  let tempDir;
  let daemon;
  let port;
  let credA;
  let credB;
  let credC;
  let a; // client of project A
  let b; // client of project B
  let c; // client of project C (pagination only)
  const savedHome = process.env.HOME;

  before(async () => {
    assert.ok(PEERINGD_BIN, 'PEERINGD_BIN is not set');
    assert.ok(PEERINGCTL_BIN, 'PEERINGCTL_BIN is not set');
    tempDir = await mkdtemp(path.join(tmpdir(), 'peeringd-sdk-'));
    // The SDK writes ~/.huaweicloud/application_id when it builds a client; keep it in here.
    process.env.HOME = tempDir;
    const dbPath = path.join(tempDir, 'peeringd.db');
    credA = await createCredentials(dbPath, projectA);
    credB = await createCredentials(dbPath, projectB);
    credC = await createCredentials(dbPath, projectC);
    daemon = await startDaemon(dbPath);
    port = daemon.port;
    a = makeClient(port, credA);
    b = makeClient(port, credB);
    c = makeClient(port, credC);
  }, { timeout: 60_000 });

  after(async () => {
    process.env.HOME = savedHome;
    try {
      const exit = await stopDaemon(daemon);
      if (exit) {
        assert.deepEqual(exit, { code: 0, signal: null },
          `peeringd did not exit 0 on SIGTERM\n${daemon.stderr}`);
      }
    } finally {
      if (tempDir) await rm(tempDir, { recursive: true, force: true });
    }
  }, { timeout: 30_000 });

  it('creates a same-project peering directly ACTIVE', { timeout: TEST_TIMEOUT_MS }, async () => {
    const requestVpc = newVpcId();
    const acceptVpc = newVpcId();
    const p = await createPeering(a, { name: 'same-project', description: 'created by the SDK', requestVpc, acceptVpc });
    assertPeeringShape(p);
    assert.equal(p.status, 'ACTIVE');
    assert.equal(p.name, 'same-project');
    assert.equal(p.description, 'created by the SDK');
    assert.deepEqual(p.request_vpc_info, { vpc_id: requestVpc, tenant_id: projectA });
    assert.deepEqual(p.accept_vpc_info, { vpc_id: acceptVpc, tenant_id: projectA });
    const shown = await showPeering(a, p.id);
    assert.deepEqual(shown, p);
  });

  it('creates a cross-project peering PENDING_ACCEPTANCE; only the accepter accepts it', { timeout: TEST_TIMEOUT_MS }, async () => {
    const requestVpc = newVpcId();
    const acceptVpc = newVpcId();
    const p = await createPeering(a, { name: 'cross-project', requestVpc, acceptVpc, acceptTenant: projectB });
    assertPeeringShape(p);
    assert.equal(p.status, 'PENDING_ACCEPTANCE');
    assert.equal(p.description, '');
    assert.deepEqual(p.request_vpc_info, { vpc_id: requestVpc, tenant_id: projectA });
    assert.deepEqual(p.accept_vpc_info, { vpc_id: acceptVpc, tenant_id: projectB });
    assert.equal((await showPeering(b, p.id)).status, 'PENDING_ACCEPTANCE');

    const denied = await sdkError(a.acceptVpcPeering(new vpc.AcceptVpcPeeringRequest(p.id)));
    assertSdkError(denied, 403, 'VPC.0805');
    assert.equal((await showPeering(a, p.id)).status, 'PENDING_ACCEPTANCE');

    const accepted = await b.acceptVpcPeering(new vpc.AcceptVpcPeeringRequest(p.id));
    assert.equal(accepted.httpStatusCode, 200);
    // Accept answers the bare object (spec §3.5), with a top-level tenant_id.
    assert.equal(accepted.peering, undefined);
    assert.equal(accepted.id, p.id);
    assert.equal(accepted.status, 'ACTIVE');
    assert.equal(accepted.tenant_id, projectB);
    assert.deepEqual(accepted.accept_vpc_info, { vpc_id: acceptVpc, tenant_id: projectB });
    assert.equal((await showPeering(a, p.id)).status, 'ACTIVE');

    const again = await sdkError(b.acceptVpcPeering(new vpc.AcceptVpcPeeringRequest(p.id)));
    assertSdkError(again, 409, 'VPC.0804');
  });

  it('rejects a pending peering as the accepter', { timeout: TEST_TIMEOUT_MS }, async () => {
    const p = await createPeering(a, { name: 'to-reject', requestVpc: newVpcId(), acceptVpc: newVpcId(), acceptTenant: projectB });
    assert.equal(p.status, 'PENDING_ACCEPTANCE');

    const denied = await sdkError(a.rejectVpcPeering(new vpc.RejectVpcPeeringRequest(p.id)));
    assertSdkError(denied, 403, 'VPC.0805');

    const rejected = await b.rejectVpcPeering(new vpc.RejectVpcPeeringRequest(p.id));
    assert.equal(rejected.httpStatusCode, 200);
    assert.equal(rejected.id, p.id);
    assert.equal(rejected.status, 'REJECTED');
    assert.equal(rejected.tenant_id, projectB);
    assert.equal((await showPeering(a, p.id)).status, 'REJECTED');
    assert.equal((await showPeering(b, p.id)).status, 'REJECTED');

    const late = await sdkError(b.acceptVpcPeering(new vpc.AcceptVpcPeeringRequest(p.id)));
    assertSdkError(late, 409, 'VPC.0804');
  });

  it('updates name and description (either party)', { timeout: TEST_TIMEOUT_MS }, async () => {
    const p = await createPeering(a, { name: 'before-update', description: 'old', requestVpc: newVpcId(), acceptVpc: newVpcId(), acceptTenant: projectB });

    const option = new vpc.UpdateVpcPeeringOption().withName('数据库 ü+*~&=/?').withDescription('new description');
    const res = await a.updateVpcPeering(new vpc.UpdateVpcPeeringRequest(p.id)
      .withBody(new vpc.UpdateVpcPeeringRequestBody(option)));
    assert.equal(res.httpStatusCode, 200);
    assertPeeringShape(res.peering);
    assert.equal(res.peering.id, p.id);
    assert.equal(res.peering.name, '数据库 ü+*~&=/?');
    assert.equal(res.peering.description, 'new description');
    assert.equal(res.peering.status, 'PENDING_ACCEPTANCE');
    assert.equal(res.peering.created_at, p.created_at);
    assert.ok(res.peering.updated_at >= p.updated_at);
    assert.deepEqual(await showPeering(b, p.id), res.peering);

    // The accepter may update too; an empty description clears it.
    const byB = await b.updateVpcPeering(new vpc.UpdateVpcPeeringRequest(p.id)
      .withBody(new vpc.UpdateVpcPeeringRequestBody(new vpc.UpdateVpcPeeringOption().withDescription(''))));
    assert.equal(byB.httpStatusCode, 200);
    assert.equal(byB.peering.name, '数据库 ü+*~&=/?');
    assert.equal(byB.peering.description, '');

    // The SDK encodes the query itself and signs it; a name full of reserved and non-ASCII
    // characters must round-trip through the list filter.
    const listed = await listPeerings(a, { name: '数据库 ü+*~&=/?' });
    assert.deepEqual(listed.peerings.map((x) => x.id), [p.id]);
  });

  it('filters the list by id, name, status, tenant_id and vpc_id', { timeout: TEST_TIMEOUT_MS }, async () => {
    const tag = randomUUID().slice(0, 8);
    const sharedVpc = newVpcId();
    const p1 = await createPeering(a, { name: `filter-${tag}-1`, requestVpc: sharedVpc, acceptVpc: newVpcId() });
    const p2 = await createPeering(a, { name: `filter-${tag}-2`, requestVpc: newVpcId(), acceptVpc: sharedVpc, acceptTenant: projectB });
    const p3 = await createPeering(a, { name: `filter-${tag}-2`, requestVpc: newVpcId(), acceptVpc: newVpcId(), acceptTenant: projectB });
    assert.equal(p1.status, 'ACTIVE');
    assert.equal(p2.status, 'PENDING_ACCEPTANCE');
    const all = [p1.id, p2.id, p3.id];

    const byId = await listPeerings(a, { id: p2.id });
    assert.deepEqual(byId.peerings.map((x) => x.id), [p2.id]);
    assertPeeringShape(byId.peerings[0]);
    assert.deepEqual(byId.peerings[0], await showPeering(a, p2.id));

    const byName = await listPeerings(a, { name: `filter-${tag}-2` });
    assert.deepEqual(byName.peerings.map((x) => x.id).sort(), [p2.id, p3.id].sort());

    const active = await listPeerings(a, { status: 'ACTIVE' });
    assert.ok(active.peerings.every((x) => x.status === 'ACTIVE'));
    assert.ok(active.peerings.some((x) => x.id === p1.id));
    assert.ok(!active.peerings.some((x) => x.id === p2.id));
    const pending = await listPeerings(a, { status: 'PENDING_ACCEPTANCE' });
    assert.ok(pending.peerings.every((x) => x.status === 'PENDING_ACCEPTANCE'));
    assert.ok(pending.peerings.some((x) => x.id === p2.id) && pending.peerings.some((x) => x.id === p3.id));
    assert.ok(!pending.peerings.some((x) => x.id === p1.id));
    assert.deepEqual((await listPeerings(a, { status: 'DELETED' })).peerings, []);

    // tenant_id matches either side; B sees only the peerings it is party to.
    const withB = await listPeerings(a, { tenantId: projectB });
    assert.ok(withB.peerings.every((x) =>
      x.request_vpc_info.tenant_id === projectB || x.accept_vpc_info.tenant_id === projectB));
    assert.ok(withB.peerings.some((x) => x.id === p2.id) && withB.peerings.some((x) => x.id === p3.id));
    assert.ok(!withB.peerings.some((x) => x.id === p1.id));
    const seenByB = await listPeerings(b, { tenantId: projectA });
    assert.ok(!seenByB.peerings.some((x) => x.id === p1.id), 'B sees a peering it is not party to');
    assert.ok(seenByB.peerings.some((x) => x.id === p3.id));

    // vpc_id matches the request side of p1 and the accept side of p2.
    const byVpc = await listPeerings(a, { vpcId: sharedVpc });
    assert.deepEqual(byVpc.peerings.map((x) => x.id).sort(), [p1.id, p2.id].sort());
    const byVpcForB = await listPeerings(b, { vpcId: sharedVpc });
    assert.deepEqual(byVpcForB.peerings.map((x) => x.id), [p2.id]);

    // Each list is in ascending id order (spec §3.2).
    const ours = (await listPeerings(a, {})).peerings.map((x) => x.id);
    assert.deepEqual(ours, [...ours].sort());
    for (const id of all) assert.ok(ours.includes(id));
  });

  it('paginates with limit=2 following peerings_links next', { timeout: TEST_TIMEOUT_MS }, async () => {
    const active = [];
    for (let i = 0; i < 5; ++i) {
      active.push((await createPeering(c, { name: `page-${i}`, requestVpc: newVpcId(), acceptVpc: newVpcId() })).id);
    }
    const pending = [];
    for (let i = 0; i < 2; ++i) {
      pending.push((await createPeering(c, { name: `page-p${i}`, requestVpc: newVpcId(), acceptVpc: newVpcId(), acceptTenant: projectB })).id);
    }
    const everything = [...active, ...pending].sort();

    const all = await listAllPages(c, port);
    assert.deepEqual(all.ids, everything, 'pages did not yield every id exactly once in id order');
    assert.equal(all.pages.length, 4);
    assert.equal(new Set(all.ids).size, all.ids.length);
    // Pages after the first were requested with a marker, so they announce a previous page.
    for (const page of all.pages.slice(1)) {
      assert.ok(page.peerings_links.some((l) => l.rel === 'previous'), 'previous link missing');
    }

    const filtered = await listAllPages(c, port, { status: 'ACTIVE' });
    assert.deepEqual(filtered.ids, [...active].sort());
    assert.equal(filtered.pages.length, 3);

    // Without limit or marker everything fits one page and the links are omitted.
    const single = await listPeerings(c, {});
    assert.deepEqual(single.peerings.map((x) => x.id), everything);
    assert.ok(!(single.peerings_links ?? []).some((l) => l.rel === 'next'));
  });

  it('deletes; afterwards show answers 404 VPC.0802 through the SDK', { timeout: TEST_TIMEOUT_MS }, async () => {
    const p = await createPeering(a, { name: 'to-delete', requestVpc: newVpcId(), acceptVpc: newVpcId(), acceptTenant: projectB });
    const res = await b.deleteVpcPeering(new vpc.DeleteVpcPeeringRequest(p.id));
    assert.equal(res.httpStatusCode, 204);

    for (const client of [a, b]) {
      const err = await sdkError(client.showVpcPeering(new vpc.ShowVpcPeeringRequest(p.id)));
      assert.equal(err.name, 'ClientRequestException');
      assertSdkError(err, 404, 'VPC.0802');
    }
    assert.deepEqual((await listPeerings(a, { id: p.id })).peerings, []);

    const twice = await sdkError(a.deleteVpcPeering(new vpc.DeleteVpcPeeringRequest(p.id)));
    assertSdkError(twice, 404, 'VPC.0802');
  });

  it('answers a project that is not party with 404', { timeout: TEST_TIMEOUT_MS }, async () => {
    const p = await createPeering(a, { name: 'private', requestVpc: newVpcId(), acceptVpc: newVpcId() });
    const err = await sdkError(c.showVpcPeering(new vpc.ShowVpcPeeringRequest(p.id)));
    assertSdkError(err, 404, 'VPC.0802');
  });

  it('refuses a second live peering for the same VPC pair with 409 VPC.0803', { timeout: TEST_TIMEOUT_MS }, async () => {
    const vpc1 = newVpcId();
    const vpc2 = newVpcId();
    await createPeering(a, { name: 'pair-1', requestVpc: vpc1, acceptVpc: vpc2 });
    const err = await sdkError(a.createVpcPeering(createRequest({ name: 'pair-2', requestVpc: vpc2, acceptVpc: vpc1 })));
    assertSdkError(err, 409, 'VPC.0803');
  });

  it('rejects malformed input with 400 VPC.0801', { timeout: TEST_TIMEOUT_MS }, async () => {
    const err = await sdkError(a.createVpcPeering(createRequest({ name: 'bad-vpc', requestVpc: 'not-a-uuid', acceptVpc: newVpcId() })));
    assertSdkError(err, 400, 'VPC.0801');
  });

  it('answers a wrong SK with 401 APIGW.0301', { timeout: TEST_TIMEOUT_MS, skip: !EXPECT_AUTH && 'daemon runs without signature checks' }, async () => {
    const forged = makeClient(port, { ...credA, sk: `${credA.sk.slice(0, -1)}${credA.sk.endsWith('x') ? 'y' : 'x'}` });
    const err = await sdkError(forged.listVpcPeerings(new vpc.ListVpcPeeringsRequest()));
    assert.equal(err.httpStatusCode, 401);
    assert.equal(err.errorCode, 'APIGW.0301');
    assert.match(err.errorMsg ?? '', /^Incorrect IAM authentication information/);
    assert.match(err.requestId ?? '', REQUEST_ID_RE);

    const unknownAk = makeClient(port, { ...credA, ak: 'AKNOTISSUEDBYPEERINGD' });
    const err2 = await sdkError(unknownAk.showVpcPeering(new vpc.ShowVpcPeeringRequest(newVpcId())));
    assert.equal(err2.httpStatusCode, 401);
    assert.equal(err2.errorCode, 'APIGW.0301');
  });

  it('answers a valid AK/SK used for another project with 401 APIGW.0301', { timeout: TEST_TIMEOUT_MS, skip: !EXPECT_AUTH && 'daemon runs without signature checks' }, async () => {
    const wrongProject = makeClient(port, { ...credA, project_id: projectB });
    const err = await sdkError(wrongProject.listVpcPeerings(new vpc.ListVpcPeeringsRequest()));
    assert.equal(err.httpStatusCode, 401);
    assert.equal(err.errorCode, 'APIGW.0301');
  });
});

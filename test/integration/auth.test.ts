import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { newApiKey, type Role } from '../../src/modules/auth/api-key';
import { ApiKeyRepository } from '../../src/modules/auth/api-key-repository';
import { Authenticator } from '../../src/modules/auth/authenticator';
import { DynamoGateway } from '../../src/db/gateway';
import { createDocumentClient } from '../../src/db/client';
import { ensureTable } from '../../src/db/table';
import { nowTimestamp } from '../../src/platform/time';
import { partitionItems } from '../helpers/table-items';
import { TcpProxy } from '../../soak/tcp-proxy';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { connectOnce, wsUrl } from '../helpers/subscriber';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const BOOTSTRAP = 'bootstrap-admin-key-0123456789abcdefghijklmnop';
const TTL_MS = 300;
let server: TestServer;
let keys: ApiKeyRepository;
const tableName = `auth-${Date.now()}`;

async function addKey(role: Role, name: string): Promise<{ key: string; keyId: string }> {
  const { key, keyId, hash } = newApiKey();
  await keys.create({ keyId, name, role, hash, createdAt: nowTimestamp(), revokedAt: null });
  return { key, keyId };
}

async function call(query: string, key?: string, variables?: Record<string, unknown>) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      data?: Record<string, any>;
      errors?: { extensions: { code: string } }[];
      extensions?: { dynamodb: { calls: number } };
    },
  };
}

beforeAll(async () => {
  const doc = createDocumentClient({ region: 'us-east-1', endpoint: process.env.DYNAMODB_ENDPOINT, timeoutMs: 5000 });
  await ensureTable(doc, tableName);
  keys = new ApiKeyRepository(new DynamoGateway(doc, tableName));
  server = await startTestServer({
    tableName,
    skipTableCreation: true,
    server: { auth: new Authenticator(keys, { ttlMs: TTL_MS, bootstrapAdminKey: BOOTSTRAP }) },
  });
});
afterAll(() => server.close());

const LIST = '{ jobs(first: 1) { edges { node { id } } } }';
const DELETE_JOB = `mutation($id: ID!) { deleteJob(input: { jobId: $id }) { deletedItems } }`;
const CREATE = 'mutation { createJob(input: { name: "traced" }) { job { id } userErrors { code } } }';

test('no key, a malformed or unknown key: UNAUTHENTICATED (401) before any DynamoDB call', async () => {
  for (const key of [undefined, 'nonsense', `tm_000000000000_${'a'.repeat(43)}`]) {
    const { status, body } = await call(LIST, key);
    expect(status).toBe(401);
    expect(body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.extensions?.dynamodb.calls).toBe(0);
    expect(body.data).toBeUndefined();
  }
});

test('roles: a reader reads but cannot write; a writer writes but cannot delete; an admin deletes', async () => {
  const reader = await addKey('reader', 'dash-1');
  const writer = await addKey('writer', 'trainer-1');
  const admin = await addKey('admin', 'ops-1');
  await new Promise((r) => setTimeout(r, TTL_MS + 50));
  expect((await call(LIST, reader.key)).status).toBe(200);
  const denied = await call(CREATE, reader.key);
  expect(denied.status).toBe(403);
  expect(denied.body.errors?.[0].extensions.code).toBe('FORBIDDEN');
  expect(denied.body.extensions?.dynamodb.calls).toBe(0);

  const created = await call(CREATE, writer.key);
  const id = created.body.data?.createJob.job.id as string;
  expect(id).toBeTruthy();
  const stored = await partitionItems(server.doc, tableName, id);
  expect(stored[0]).toMatchObject({ written_by: 'trainer-1' });
  const epoch = await call(
    `mutation($id: ID!) { recordEpoch(input: { jobId: $id, epoch: 1, valF1: 0.5 }) { userErrors { code } } }`,
    writer.key,
    { id },
  );
  expect(epoch.body.data?.recordEpoch.userErrors).toEqual([]);
  const items = await partitionItems(server.doc, tableName, id);
  expect(items.every((i) => i.written_by === 'trainer-1')).toBe(true);

  expect((await call(DELETE_JOB, writer.key, { id })).body.errors?.[0].extensions.code).toBe('FORBIDDEN');
  expect((await call(DELETE_JOB, admin.key, { id })).body.data?.deleteJob.deletedItems).toBe(items.length);
  expect((await call(LIST, BOOTSTRAP)).status).toBe(200);
});

test('a revoked key is refused everywhere within the cache bound', async () => {
  const writer = await addKey('writer', 'trainer-2');
  await new Promise((r) => setTimeout(r, TTL_MS + 50));
  expect((await call(LIST, writer.key)).status).toBe(200);
  await keys.revoke(writer.keyId, nowTimestamp());
  await new Promise((r) => setTimeout(r, TTL_MS + 50));
  expect((await call(LIST, writer.key)).status).toBe(401);
});

/** `npm run apikey -- ...args` on the test table (the built script). */
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [resolve(__dirname, '../../dist/app/scripts/apikey.js'), ...args], {
    env: { ...process.env, TABLE_NAME: tableName },
    encoding: 'utf8',
  });

test('npm run apikey: create prints a key once that the server accepts with its role, list shows it without the secret, revoke refuses it', async () => {
  const created = cli('create', '--role', 'writer', '--name', 'trainer-cli');
  expect(created.status).toBe(0);
  const key = created.stdout.trim();
  expect(key).toMatch(/^tm_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
  const listed = cli('list');
  expect(listed.stdout).toMatch(/trainer-cli\twriter\t/);
  expect(listed.stdout).not.toContain(key.slice(16));
  // The printed key works against the server, with the role it was given: it writes, it cannot delete.
  await new Promise((r) => setTimeout(r, TTL_MS + 50));
  const made = await call(CREATE, key);
  expect(made.body.errors).toBeUndefined();
  expect(made.body.data?.createJob.userErrors).toEqual([]);
  const jobId = made.body.data?.createJob.job.id as string;
  const stored = await partitionItems(server.doc, server.tableName, jobId);
  expect(stored.find((i) => i.SK === 'JOB')).toMatchObject({ name: 'traced', written_by: 'trainer-cli' });
  expect((await call(DELETE_JOB, key, { id: jobId })).body.errors?.[0].extensions.code).toBe('FORBIDDEN');
  expect(cli('revoke', 'trainer-cli').status).toBe(0);
  expect(cli('list').stdout).toMatch(/trainer-cli\twriter\t.*revoked/);
  await new Promise((r) => setTimeout(r, TTL_MS + 50));
  expect((await call(LIST, key)).status).toBe(401);
  expect(cli('create', '--role', 'king', '--name', 'x').status).toBe(2);
  // Key names follow apiKeyNameRule (src/platform/names.ts): they are stamped as written_by.
  expect(cli('create', '--role', 'reader', '--name', 'has space').status).toBe(2);
});

test('npm run apikey: revoke takes --name NAME as create does, and refuses unknown options, a flag without its value, and a name given both ways', async () => {
  expect(cli('create', '--role', 'reader', '--name', 'dash-by-flag').status).toBe(0);
  expect(cli('create', '--role', 'reader', '--name', 'dash-by-flag-2').status).toBe(0);
  const revoked = cli('revoke', '--name', 'dash-by-flag');
  expect({ status: revoked.status, stdout: revoked.stdout }).toEqual({
    status: 0,
    stdout: expect.stringMatching(/^revoked "dash-by-flag" \(/),
  });
  expect(cli('list').stdout).toMatch(/dash-by-flag\treader\t.*revoked/);
  expect(cli('list').stdout).not.toMatch(/dash-by-flag-2\treader\t.*revoked/);
  expect(cli('revoke', '--name=dash-by-flag-2').status).toBe(0);
  expect(cli('revoke', '--name', 'dash-by-flag')).toMatchObject({
    status: 1,
    stderr: expect.stringContaining('no active key named dash-by-flag'),
  });
  // Refused before the table is touched, each with what is wrong.
  expect(cli('revoke', '--nme', 'x')).toMatchObject({
    status: 2,
    stderr: expect.stringContaining('revoke: unknown option --nme; it takes --name'),
  });
  expect(cli('revoke', '--name')).toMatchObject({ status: 2, stderr: expect.stringContaining('revoke: --name needs a value') });
  expect(cli('revoke', 'a', '--name', 'b')).toMatchObject({
    status: 2,
    stderr: expect.stringContaining("revoke needs the key's name or id, or --name NAME (one of them)"),
  });
  expect(cli('revoke')).toMatchObject({ status: 2, stderr: expect.stringContaining("revoke needs the key's name or id") });
  expect(cli('create', '--role', 'reader', '--name', 'x', '--force')).toMatchObject({
    status: 2,
    stderr: expect.stringContaining('create: unknown option --force'),
  });
  expect(cli('list', 'extra')).toMatchObject({ status: 2, stderr: expect.stringContaining('list: unexpected argument extra') });
});

test('subscriptions: a reader key in connectionParams or in the upgrade request header connects; none, a bad or a revoked one is closed with 4403', async () => {
  const reader = await addKey('reader', 'live-reader');
  await new Promise((r) => setTimeout(r, TTL_MS + 50));
  expect(await connectOnce(server.url, { params: `Bearer ${reader.key}` })).toEqual({ connected: true });
  expect(await connectOnce(server.url, { header: `Bearer ${reader.key}` })).toEqual({ connected: true });
  expect(await connectOnce(server.url, { params: `Bearer ${BOOTSTRAP}` })).toEqual({ connected: true });
  const refused = { connected: false, code: 4403, reason: 'Forbidden' };
  expect(await connectOnce(server.url, {})).toEqual(refused);
  expect(await connectOnce(server.url, { header: 'Bearer nonsense' })).toEqual(refused);
  // connectionParams win over the header: a browser cannot set the header, so a key there is the one meant.
  expect(await connectOnce(server.url, { params: 'Bearer nonsense', header: `Bearer ${reader.key}` })).toEqual(refused);
  await keys.revoke(reader.keyId, nowTimestamp());
  await new Promise((r) => setTimeout(r, TTL_MS + 50));
  expect(await connectOnce(server.url, { params: `Bearer ${reader.key}` })).toEqual(refused);
  expect(await connectOnce(server.url, { header: `Bearer ${reader.key}` })).toEqual(refused);
});

test('with DynamoDB unreachable, a request with a key gets SERVICE_UNAVAILABLE in a 200 response, never a 500', async () => {
  const target = new URL(process.env.DYNAMODB_ENDPOINT as string);
  const proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port) });
  const doc = createDocumentClient({ region: 'us-east-1', endpoint: proxy.endpoint, timeoutMs: 500 });
  const gw = new DynamoGateway(doc, tableName);
  const reader = await addKey('reader', 'outage-reader');
  // Two servers on the same table through the proxy: one has read the keys before the outage, one never has.
  const warm = await startTestServer({
    endpoint: proxy.endpoint,
    tableName,
    skipTableCreation: true,
    timeoutMs: 500,
    server: { auth: new Authenticator(new ApiKeyRepository(gw), { ttlMs: TTL_MS }) },
  });
  const cold = await startTestServer({
    endpoint: proxy.endpoint,
    tableName,
    skipTableCreation: true,
    timeoutMs: 500,
    server: { auth: new Authenticator(new ApiKeyRepository(gw), { ttlMs: TTL_MS }) },
  });
  const send = async (s: TestServer) => {
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${reader.key}` },
      body: JSON.stringify({ query: LIST }),
    });
    return { status: res.status, body: (await res.json()) as { errors?: { message: string; extensions: { code: string } }[] } };
  };
  try {
    expect((await send(warm)).body.errors).toBeUndefined();
    proxy.setMode('reset');
    await new Promise((r) => setTimeout(r, TTL_MS + 50)); // the warm server's keys are now stale
    for (const s of [warm, cold]) {
      const { status, body } = await send(s);
      expect(status).toBe(200);
      expect(body.errors?.[0]).toMatchObject({
        message: 'The database is unavailable right now; retry shortly.',
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      });
    }
    // A subscriber's handshake: the warm server still knows the key; the cold one cannot check it and says "try
    // again later" (1013, which graphql-ws clients retry), not "forbidden" (4403, which they take as final).
    expect(await connectOnce(warm.url, { params: `Bearer ${reader.key}` })).toEqual({ connected: true });
    expect(await connectOnce(cold.url, { params: `Bearer ${reader.key}` })).toEqual({
      connected: false,
      code: 1013,
      reason: expect.stringMatching(/^database unavailable/),
    });
    expect(await connectOnce(cold.url, {})).toEqual({ connected: false, code: 4403, reason: 'Forbidden' });
    // A client with graphql-ws's default retry rules, started during the outage, connects once it ends.
    const closes: number[] = [];
    let connected!: () => void;
    const up = new Promise<void>((resolve) => (connected = resolve));
    const retrying = createClient({
      url: wsUrl(cold.url),
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 1000,
      retryWait: () => new Promise((r) => setTimeout(r, 100)),
      onNonLazyError: (error) => closes.push(-1 * Number((error as { code?: number }).code ?? 1)),
      connectionParams: { authorization: `Bearer ${reader.key}` },
      on: { connected: () => connected(), closed: (event) => closes.push((event as { code: number }).code) },
    });
    try {
      for (const end = Date.now() + 10_000; closes.length < 2 && Date.now() < end;) await new Promise((r) => setTimeout(r, 20));
      expect(closes.slice(0, 2)).toEqual([1013, 1013]);
      proxy.setMode('pass');
      await up;
    } finally {
      await retrying.dispose();
    }
    proxy.setMode('pass');
    for (const s of [warm, cold]) expect((await send(s)).body.errors).toBeUndefined();
  } finally {
    await warm.close();
    await cold.close();
    doc.destroy();
    await proxy.close();
  }
});

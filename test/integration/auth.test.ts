import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { newApiKey, type Role } from '../../src/auth/api-key';
import { ApiKeyRepository } from '../../src/auth/api-key-repository';
import { Authenticator } from '../../src/auth/authenticator';
import { DynamoGateway } from '../../src/db/gateway';
import { createDocumentClient } from '../../src/db/client';
import { ensureTable } from '../../src/db/table';
import { nowTimestamp } from '../../src/shared/time';
import { partitionItems } from '../helpers/table-items';
import { TcpProxy } from '../../soak/tcp-proxy';
import { startTestServer, type TestServer } from '../helpers/test-server';

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
  return { status: res.status, body: (await res.json()) as { data?: Record<string, any>; errors?: { extensions: { code: string } }[]; extensions?: { dynamodb: { calls: number } } } };
}

beforeAll(async () => {
  const doc = createDocumentClient({ region: 'us-east-1', endpoint: process.env.DYNAMODB_ENDPOINT, timeoutMs: 5000 });
  await ensureTable(doc, tableName);
  keys = new ApiKeyRepository(new DynamoGateway(doc, tableName));
  server = await startTestServer({ tableName, skipTableCreation: true, server: { auth: new Authenticator(keys, { ttlMs: TTL_MS, bootstrapAdminKey: BOOTSTRAP }) } });
});
afterAll(() => server.close());

const LIST = '{ jobs(first: 1) { edges { node { id } } } }';
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
  const epoch = await call(`mutation($id: ID!) { recordEpoch(input: { jobId: $id, epoch: 1, valF1: 0.5 }) { userErrors { code } } }`, writer.key, { id });
  expect(epoch.body.data?.recordEpoch.userErrors).toEqual([]);
  const items = await partitionItems(server.doc, tableName, id);
  expect(items.every((i) => i.written_by === 'trainer-1')).toBe(true);

  const DELETE = `mutation($id: ID!) { deleteJob(input: { jobId: $id }) { deletedItems } }`;
  expect((await call(DELETE, writer.key, { id })).body.errors?.[0].extensions.code).toBe('FORBIDDEN');
  expect((await call(DELETE, admin.key, { id })).body.data?.deleteJob.deletedItems).toBe(items.length);
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

test('npm run apikey: create prints a key once, list shows it without the secret, revoke refuses it', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [resolve(__dirname, '../../dist/scripts/apikey.js'), ...args], {
      env: { ...process.env, TABLE_NAME: tableName },
      encoding: 'utf8',
    });
  const created = cli('create', '--role', 'writer', '--name', 'trainer-cli');
  expect(created.status).toBe(0);
  const key = created.stdout.trim();
  expect(key).toMatch(/^tm_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
  const listed = cli('list');
  expect(listed.stdout).toMatch(/trainer-cli\twriter\t/);
  expect(listed.stdout).not.toContain(key.slice(16));
  expect(cli('revoke', 'trainer-cli').status).toBe(0);
  expect(cli('list').stdout).toMatch(/trainer-cli\twriter\t.*revoked/);
  expect(cli('create', '--role', 'king', '--name', 'x').status).toBe(2);
});

test('with DynamoDB unreachable, a request with a key gets SERVICE_UNAVAILABLE in a 200 response, never a 500', async () => {
  const target = new URL(process.env.DYNAMODB_ENDPOINT as string);
  const proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port) });
  const doc = createDocumentClient({ region: 'us-east-1', endpoint: proxy.endpoint, timeoutMs: 500 });
  const gw = new DynamoGateway(doc, tableName);
  const reader = await addKey('reader', 'outage-reader');
  // Two servers on the same table through the proxy: one has read the keys before the outage, one never has.
  const warm = await startTestServer({ endpoint: proxy.endpoint, tableName, skipTableCreation: true, timeoutMs: 500, server: { auth: new Authenticator(new ApiKeyRepository(gw), { ttlMs: TTL_MS }) } });
  const cold = await startTestServer({ endpoint: proxy.endpoint, tableName, skipTableCreation: true, timeoutMs: 500, server: { auth: new Authenticator(new ApiKeyRepository(gw), { ttlMs: TTL_MS }) } });
  const send = async (s: TestServer) => {
    const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${reader.key}` }, body: JSON.stringify({ query: LIST }) });
    return { status: res.status, body: (await res.json()) as { errors?: { message: string; extensions: { code: string } }[] } };
  };
  try {
    expect((await send(warm)).body.errors).toBeUndefined();
    proxy.setMode('reset');
    await new Promise((r) => setTimeout(r, TTL_MS + 50)); // the warm server's keys are now stale
    for (const s of [warm, cold]) {
      const { status, body } = await send(s);
      expect(status).toBe(200);
      expect(body.errors?.[0]).toMatchObject({ message: 'The database is unavailable right now; retry shortly.', extensions: { code: 'SERVICE_UNAVAILABLE' } });
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

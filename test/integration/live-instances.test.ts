import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { newApiKey, type Role } from '../../src/modules/auth/api-key';
import { ApiKeyRepository } from '../../src/modules/auth/api-key-repository';
import { createDocumentClient } from '../../src/db/client';
import { findFreePort } from '../../src/dev/dynamodb-local-process';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../src/dev/embedded-dynamodb';
import { DynamoGateway } from '../../src/db/gateway';
import { ensureTable } from '../../src/db/table';
import { nowTimestamp } from '../../src/platform/time';
import { epochInput, RECORD_EPOCH } from '../helpers/api';
import { startProcess, type Started } from '../helpers/child-process';
import { legacyEpochRows, legacyJob, putOneByOne } from '../helpers/legacy-seed';
import { startRedis } from '../helpers/redis-server';
import { subscribe, type Subscriber } from '../helpers/subscriber';

/**
 * Several server instances: two servers (compiled, as deployed) on one DynamoDB Local, Redis pub/sub between them, and
 * the one stream worker (`npm run stream-worker`) reading the table's stream and publishing to Redis.
 */

const DIST = resolve(__dirname, '../../dist/app');
const EPOCH = `subscription($jobId: ID) { epochRecorded(jobId: $jobId) { epoch valF1 labels { label f1 support } } }`;
const JOB = `subscription($jobId: ID) { jobUpdated(jobId: $jobId) { id status results { trainRuntime } } }`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('live updates across server instances (Redis + stream worker)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'metrics-live-'));
  const tableName = `live-${randomUUID()}`;
  let dynamo: EmbeddedDynamo;
  let redis: Started & { url: string };
  let worker: Started;
  let a: Started & { url: string };
  let b: Started & { url: string };
  let doc: ReturnType<typeof createDocumentClient>;
  let reader: string;
  let writer: string;
  const open: Subscriber[] = [];

  const env = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
    ...process.env,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    TABLE_NAME: tableName,
    REDIS_URL: redis.url,
    LOG_LEVEL: 'warn',
    AUTH: 'on',
    DYNAMODB_TIMEOUT_MS: '3000',
    ...extra,
  });
  const startWorker = () =>
    startProcess(
      process.execPath,
      [join(DIST, 'stream-worker.js')],
      env({ STREAM_CHECKPOINT_FILE: join(dataDir, 'worker.json'), LEGACY_EPOCH_QUIET_MS: '500', STREAM_POLL_MS: '100' }),
      'stream worker:',
    );
  const startServer = async () => {
    const port = await findFreePort();
    const server = await startProcess(
      process.execPath,
      [join(DIST, 'index.js')],
      env({ PORT: String(port), DATA_DIR: dataDir }),
      'training metrics API on',
    );
    return { ...server, url: `http://127.0.0.1:${port}/graphql` };
  };
  const gql = async (url: string, query: string, variables: Record<string, unknown>, key = writer) =>
    (await (
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      })
    ).json()) as {
      data?: Record<string, any>;
      errors?: unknown[];
    };
  const createJob = async () => {
    const id = randomUUID();
    const res = await gql(a.url, `mutation($input: CreateJobInput!) { createJob(input: $input) { userErrors { message } } }`, {
      input: { id, name: `live-${id.slice(0, 8)}` },
    });
    expect(res.data?.createJob.userErrors).toEqual([]);
    return id;
  };
  const record = async (jobId: string, epoch: number, labels = 12) => {
    const res = await gql(a.url, RECORD_EPOCH, { input: epochInput(jobId, epoch, labels) });
    expect(res.data?.recordEpoch.userErrors).toEqual([]);
  };
  const onB = async (query: string, variables: Record<string, unknown>) => {
    const s = await subscribe(b.url, query, variables, `Bearer ${reader}`);
    open.push(s);
    return s;
  };
  const key = async (role: Role) => {
    const { key: secret, keyId, hash } = newApiKey();
    await new ApiKeyRepository(new DynamoGateway(doc, tableName)).create({
      keyId,
      name: `${role}-${keyId}`,
      role,
      hash,
      createdAt: nowTimestamp(),
      revokedAt: null,
    });
    return secret;
  };

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo({ dataDir: join(dataDir, 'dynamodb') });
    doc = createDocumentClient({ region: 'us-east-1', endpoint: dynamo.endpoint, timeoutMs: 5000 });
    await ensureTable(doc, tableName);
    reader = await key('reader');
    writer = await key('writer');
    redis = await startRedis();
    worker = await startWorker();
    [a, b] = await Promise.all([startServer(), startServer()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(open.map((s) => s.close().catch(() => undefined)));
    await Promise.all([a?.stop(), b?.stop(), worker?.stop()]);
    await redis?.stop();
    doc?.destroy();
    await dynamo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  test('a subscriber on B gets an epoch recorded through A within 2 seconds, whole and once', async () => {
    const jobId = await createJob();
    const s = await onB(EPOCH, { jobId });
    await record(jobId, 1);
    // Within 2 s of the write's acknowledgement (the stream has it from then on).
    const recorded = Date.now();
    const event = await s.nth(1, 2000);
    expect(Date.now() - recorded).toBeLessThan(2000);
    expect(event.data.epochRecorded).toMatchObject({ epoch: 1, valF1: 0.51 });
    expect(event.data.epochRecorded.labels).toHaveLength(12);
    await sleep(600);
    expect(s.received).toHaveLength(1);
  });

  test('an epoch written straight into the table in the legacy flat shape reaches B within 2 seconds of its last row', async () => {
    const jobId = randomUUID();
    await putOneByOne(doc, tableName, [
      legacyJob({ id: jobId, name: 'legacy-writer', status: 'running', createdAt: '2026-03-01T09:00:00.000000+00:00' }),
    ]);
    const s = await onB(EPOCH, { jobId });
    await putOneByOne(doc, tableName, legacyEpochRows(jobId, 1, ['MERCHANT_NAME', 'TOTAL']));
    const lastRow = Date.now();
    const event = await s.nth(1, 2000);
    expect(Date.now() - lastRow).toBeLessThan(2000);
    expect(event.data.epochRecorded).toEqual({
      epoch: 1,
      valF1: 0.51,
      labels: [
        { label: 'MERCHANT_NAME', f1: 0.4, support: 10 },
        { label: 'TOTAL', f1: 0.41, support: 11 },
      ],
    });
    // The worker also keeps the leaderboard summary the legacy writer does not write.
    let summary: Record<string, unknown> | undefined;
    for (const end = Date.now() + 3000; !summary && Date.now() < end; await sleep(100)) {
      summary = (await doc.send(new GetCommand({ TableName: tableName, Key: { PK: `JOB#${jobId}`, SK: 'LEADERBOARD#val_f1' } }))).Item;
    }
    expect(summary).toMatchObject({ value: 0.51, epoch: 1 });
  });

  test("a job's finalize through A reaches jobUpdated on B", async () => {
    const jobId = await createJob();
    const s = await onB(JOB, { jobId });
    await record(jobId, 1, 1);
    const fin = await gql(a.url, `mutation($input: FinalizeJobInput!) { finalizeJob(input: $input) { userErrors { message } } }`, {
      input: { jobId, status: 'FAILED', trainRuntime: 12.5 },
    });
    expect(fin.data?.finalizeJob.userErrors).toEqual([]);
    const done = await s.waitFor((r) => r.data.jobUpdated.status === 'FAILED', 2000);
    expect(done.data.jobUpdated).toEqual({ id: jobId, status: 'FAILED', results: { trainRuntime: 12.5 } });
  });

  test('both instances answer the same search after a write through either (their catalogs fed over Redis)', async () => {
    const marker = randomUUID();
    const SEARCH = `query($m: JSON) { jobs(filter: { config: [{ path: "marker", op: EQ, value: $m }] }, orderBy: [{ field: METRIC, metric: "val_f1" }]) {
      totalCount edges { node { id summary(metric: "val_f1") { best count } } } } }`;
    const answers = async () =>
      Promise.all([a, b].map(async (s) => JSON.stringify((await gql(s.url, SEARCH, { m: marker }, reader)).data ?? null)));
    const waitFor = async (expected: object) => {
      const want = JSON.stringify({ jobs: expected });
      const start = Date.now();
      for (let answer = await answers(); answer.some((x) => x !== want); answer = await answers()) {
        if (Date.now() - start > 5000) throw new Error(`instances answered ${answer.join(' / ')}, wanted ${want}`);
        await sleep(50);
      }
      return Date.now() - start;
    };
    const first = randomUUID();
    const created = await gql(a.url, `mutation($input: CreateJobInput!) { createJob(input: $input) { userErrors { message } } }`, {
      input: { id: first, name: 'searched-a', config: { marker } },
    });
    expect(created.data?.createJob.userErrors).toEqual([]);
    expect(await waitFor({ totalCount: 1, edges: [{ node: { id: first, summary: null } }] })).toBeLessThan(2000);
    // Through B this time: a second job and an epoch of the first.
    const second = randomUUID();
    await gql(b.url, `mutation($input: CreateJobInput!) { createJob(input: $input) { userErrors { message } } }`, {
      input: { id: second, name: 'searched-b', config: { marker } },
    });
    const epoch = await gql(b.url, RECORD_EPOCH, { input: epochInput(first, 0, 1, { valF1: 0.75 }) });
    expect(epoch.data?.recordEpoch.userErrors).toEqual([]);
    const delay = await waitFor({
      totalCount: 2,
      edges: [{ node: { id: first, summary: { best: 0.75, count: 1 } } }, { node: { id: second, summary: null } }],
    });
    expect(delay).toBeLessThan(2000);
  });

  test('a subscriber that reconnects gets no duplicate', async () => {
    const jobId = await createJob();
    const first = await onB(EPOCH, { jobId });
    await record(jobId, 1, 1);
    await first.nth(1, 2000);
    await first.close();
    const again = await onB(EPOCH, { jobId });
    await record(jobId, 2, 1);
    await again.nth(1, 2000);
    await sleep(600);
    expect(again.received.map((r) => r.data.epochRecorded.epoch)).toEqual([2]);
  });

  test('the API key is checked at connection time: none or a bad one is refused, a reader key is enough', async () => {
    await expect(subscribe(b.url, EPOCH, {})).rejects.toThrow('closed: 4403');
    await expect(subscribe(b.url, EPOCH, {}, 'Bearer mk_not_a_key')).rejects.toThrow('closed: 4403');
    const ok = await onB(EPOCH, {});
    expect(ok.errors).toEqual([]);
  });

  test('the worker goes on where it stopped: an epoch recorded while it was killed arrives once after its restart', async () => {
    const jobId = await createJob();
    const s = await onB(EPOCH, { jobId });
    await record(jobId, 1, 1);
    await s.nth(1, 2000);
    await worker.stop('SIGKILL');
    await record(jobId, 2, 1);
    await sleep(500);
    expect(s.received).toHaveLength(1);
    worker = await startWorker();
    await s.nth(2, 5000);
    await sleep(600);
    expect(s.received.map((r) => r.data.epochRecorded.epoch)).toEqual([1, 2]);
  });

  test('the worker goes on after DynamoDB Local restarts: epochs before and after it arrive once each', async () => {
    const jobId = await createJob();
    const s = await onB(EPOCH, { jobId });
    await record(jobId, 1, 1);
    await s.nth(1, 2000);
    await dynamo.stop();
    dynamo = await startEmbeddedDynamo({ dataDir: join(dataDir, 'dynamodb'), port: dynamo.port });
    await record(jobId, 2, 1);
    await s.nth(2, 8000);
    await sleep(600);
    expect(s.received.map((r) => r.data.epochRecorded.epoch)).toEqual([1, 2]);
  }, 60_000);
});

import { randomUUID } from 'node:crypto';
import { DEFAULT_RETRY } from '../../src/db/batch';
import { FaultInjector } from '../../src/dev/fault-injection';
import { DynamoGateway } from '../../src/db/gateway';
import { auditEpochs } from '../../soak/audit';
import { createJob, epochInput, RECORD_EPOCH } from '../helpers/api';
import { prng } from '../../src/app/scripts/synthetic';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { partitionItems, seriesItems } from '../helpers/table-items';

/**
 * Throttling and unprocessed batch work, injected by a hook in the DynamoDB client's middleware (src/db/fault-injection.ts)
 * in front of the real DynamoDB Local: retried with bounded, jittered backoff; when retries run out the caller gets
 * SERVICE_UNAVAILABLE and never a success for a write that did not fully happen.
 */

const LOG = `mutation($input: LogMetricsInput!) { logMetrics(input: $input) { written replayed userErrors { code message } } }`;
const SERIES = `query($id: ID!) { job(id: $id) { id series(name: "train_loss") { step value } } }`;

function points(count: number, from = 0): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({ name: 'train_loss', step: from + i, value: 1 / (1 + from + i) }));
}

async function storedSteps(server: TestServer, jobId: string): Promise<number> {
  // Points are packed, `n` to an item.
  const items = await seriesItems(server.doc, server.tableName, jobId, 'train_loss');
  return items.filter((i) => String(i.SK).startsWith('PACK#')).reduce((n, i) => n + Number(i.n), 0);
}

describe('throttling and unprocessed work injected in the DynamoDB client', () => {
  const faults = new FaultInjector();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ faults, timeoutMs: 3000 });
  });
  afterEach(() => {
    faults.plan = {};
  });
  afterAll(() => server.close());

  test('half of every read batch left unprocessed: logMetrics stores all 1,000 points and reads return all of them', async () => {
    const jobId = await createJob(server);
    const before = { ...faults.counts };
    faults.plan = { unprocessedWrites: 0.5, unprocessedReads: 0.5 };
    const res = await server.gql(LOG, { input: { jobId, points: points(1000) } });
    expect(res.errors).toBeUndefined();
    expect(res.data?.logMetrics).toMatchObject({ written: 1000, replayed: 0, userErrors: [] });
    expect(await storedSteps(server, jobId)).toBe(1000);
    const read = await server.gql(SERIES, { id: jobId });
    expect(read.errors).toBeUndefined();
    expect(read.data?.job.series).toHaveLength(1000);
    expect(faults.counts.unprocessedKeys - before.unprocessedKeys).toBeGreaterThan(0);
  });

  test('a page of jobs read while half of each BatchGetItem comes back unprocessed is complete', async () => {
    const ids: string[] = [];
    // Written one by one and checked: the faults below are on the reads, and the setup must not fail unseen.
    for (let i = 0; i < 12; i++) {
      const id = await createJob(server);
      expect((await server.gql(RECORD_EPOCH, { input: epochInput(id, 0, 2) })).data?.recordEpoch).toEqual({
        replayed: false,
        userErrors: [],
      });
      ids.push(id);
    }
    faults.plan = { unprocessedReads: 0.5 };
    const before = faults.counts.unprocessedKeys;
    const res = await server.gql(
      `query($ids: [ID!]) { compareMetric(name: "val_f1", jobIds: $ids) { jobId job { id } points { value } } }`,
      { ids },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.compareMetric.map((s: { job: { id: string } }) => s.job.id)).toEqual(ids);
    expect(res.data?.compareMetric.every((s: { points: unknown[] }) => s.points.length === 1)).toBe(true);
    expect(faults.counts.unprocessedKeys).toBeGreaterThan(before);
  });

  test('a third of all attempts throttled (fixed seed): every epoch acknowledged within the failures the rate allows, each stored whole', async () => {
    const jobId = await createJob(server);
    // What one epoch costs without faults: its DynamoDB calls, each of which may be throttled below.
    const probe = await server.gql(RECORD_EPOCH, { input: epochInput(jobId, 40, 4) });
    const callsPerEpoch = probe.extensions?.dynamodb?.calls as number;
    expect(probe.data?.recordEpoch).toEqual({ replayed: false, userErrors: [] });
    expect(callsPerEpoch).toBeGreaterThan(0);
    const before = faults.counts.throttled;
    const RATE = 0.33;
    const EPOCHS = 6;
    faults.random = prng(15);
    faults.plan = { throttle: RATE };
    const sent = [];
    let unavailable = 0;
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      const input = epochInput(jobId, epoch, 4);
      // A trainer sends again on SERVICE_UNAVAILABLE (the Python client does, with backoff).
      let acknowledged = false;
      for (let send = 0; send < 3 && !acknowledged; send++) {
        const res = await server.gql(RECORD_EPOCH, { input });
        for (const error of res.errors ?? []) expect(error.extensions?.code).toBe('SERVICE_UNAVAILABLE');
        if (res.errors) unavailable++;
        else acknowledged = res.data?.recordEpoch.userErrors.length === 0;
      }
      sent.push({ input, acknowledged });
    }
    faults.plan = {};
    // A call fails when all 3 of its SDK attempts are throttled (RATE^3); an epoch's send when any of its calls does.
    const expected = EPOCHS * (1 - (1 - RATE ** 3) ** callsPerEpoch);
    expect(unavailable).toBeLessThanOrEqual(Math.max(1, Math.ceil(3 * expected)));
    expect(faults.counts.throttled - before).toBeGreaterThanOrEqual(Math.floor(EPOCHS * callsPerEpoch * RATE * 0.5));
    expect(sent.map((s) => s.acknowledged)).toEqual(Array(EPOCHS).fill(true));
    const audit = await auditEpochs(new DynamoGateway(server.doc, server.tableName), sent);
    expect(audit).toMatchObject({ missing: [], duplicates: [], partial: [], checked: EPOCHS });
  });

  test('every attempt throttled: recordEpoch fails with SERVICE_UNAVAILABLE within a few seconds and writes nothing', async () => {
    const jobId = await createJob(server);
    const input = epochInput(jobId, 0, 4);
    faults.plan = { throttle: 1 };
    const started = Date.now();
    const res = await server.gql(RECORD_EPOCH, { input });
    const elapsed = Date.now() - started;
    expect(res.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(res.data?.recordEpoch ?? null).toBeNull();
    expect(elapsed).toBeLessThan(10_000);
    faults.plan = {};
    const gw = new DynamoGateway(server.doc, server.tableName);
    expect(await auditEpochs(gw, [{ input, acknowledged: false }])).toMatchObject({ missing: [], partial: [], duplicates: [] });
    const epochs = await server.gql(`query($id: ID!) { job(id: $id) { epochs { epoch } } }`, { id: jobId });
    expect(epochs.data?.job.epochs).toEqual([]);
    // The trainer sends it again once DynamoDB takes writes: stored whole, once.
    const retry = await server.gql(RECORD_EPOCH, { input });
    expect(retry.data?.recordEpoch).toEqual({ replayed: false, userErrors: [] });
    expect(await auditEpochs(gw, [{ input, acknowledged: true }])).toMatchObject({ missing: [], partial: [], duplicates: [], checked: 1 });
  });

  test('batch writes that stay unprocessed: an error after the bounded retries, never a success; a resend completes the call', async () => {
    const DELETE = `mutation($id: ID!) { deleteJob(input: { jobId: $id }) { deletedItems userErrors { code } } }`;
    const jobId = await createJob(server);
    for (let epoch = 0; epoch < 4; epoch++) {
      expect((await server.gql(RECORD_EPOCH, { input: epochInput(jobId, epoch, 3) })).data?.recordEpoch.userErrors).toEqual([]);
    }
    const stored = (await partitionItems(server.doc, server.tableName, jobId)).length;
    expect(stored).toBeGreaterThan(40);
    faults.plan = { unprocessedWrites: 1 };
    const before = faults.counts.unprocessedItems;
    const started = Date.now();
    const failed = await server.gql(DELETE, { id: jobId });
    expect(failed.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(failed.data?.deleteJob ?? null).toBeNull();
    // Each BatchWriteItem call of 25 deletes tried exactly DEFAULT_RETRY.attempts times, within the backoff's bound.
    expect(faults.counts.unprocessedItems - before).toBe(stored * DEFAULT_RETRY.attempts);
    expect(Date.now() - started).toBeLessThan(DEFAULT_RETRY.attempts * DEFAULT_RETRY.maxDelayMs + 3000);
    expect(await partitionItems(server.doc, server.tableName, jobId)).toHaveLength(stored);

    // Most items unprocessed (85 % of each call, rounded down): some land within the 8 attempts, some do not.
    // Still an error, never a success; a resend deletes exactly the rest.
    faults.plan = { unprocessedWrites: 0.85 };
    const partial = await server.gql(DELETE, { id: jobId });
    expect(partial.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    const left = (await partitionItems(server.doc, server.tableName, jobId)).length;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(stored);
    faults.plan = {};
    const resend = await server.gql(DELETE, { id: jobId });
    expect(resend.errors).toBeUndefined();
    expect(resend.data?.deleteJob).toEqual({ deletedItems: left, userErrors: [] });
    expect(await partitionItems(server.doc, server.tableName, jobId)).toEqual([]);
  });

  test('a job read whose BatchGetItem never gets its keys fails with SERVICE_UNAVAILABLE, not null', async () => {
    const jobId = await createJob(server);
    faults.plan = { unprocessedReads: 1 };
    const res = await server.gql(`query($ids: [ID!]) { compareMetric(name: "val_f1", jobIds: $ids) { job { id } } }`, {
      ids: [jobId, randomUUID()],
    });
    expect(res.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
  });
});

import { migrateStorage } from '../../src/app/migration';
import { createDynamoClients } from '../../src/db/client';
import { DynamoGateway } from '../../src/db/gateway';
import { createJob } from '../helpers/api';
import { legacyJob, legacyMetric, putItems } from '../helpers/legacy-seed';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { seriesItems } from '../helpers/table-items';
import { seedPerPointSeries } from '../helpers/per-point-series';

/**
 * Series stored one item per point (before packing) are read as they are, take new points beside their items, and
 * `npm run migrate` folds them into packed parts: twice in a row, and while a trainer logs to them.
 */

const LOG = `mutation($input: LogMetricsInput!) { logMetrics(input: $input) { written replayed userErrors { code field message } } }`;
const SERIES = `query($id: ID!, $max: Int) { job(id: $id) { series(name: "train_loss", maxPoints: $max) { step value timestamp unit } } }`;

let server: TestServer;
let gw: DynamoGateway;
beforeAll(async () => {
  server = await startTestServer();
  const endpoint = process.env.DYNAMODB_ENDPOINT as string;
  gw = new DynamoGateway(createDynamoClients({ region: 'us-east-1', endpoint, timeoutMs: 5000 }), server.tableName);
});
afterAll(() => server.close());

const value = (step: number) => 1 / (1 + step);

const seedPerPoint = (jobId: string, steps: number[]) => seedPerPointSeries(server, jobId, steps, value);

const storedItems = (jobId: string) => seriesItems(server.doc, server.tableName, jobId, 'train_loss');

const kinds = (items: Record<string, unknown>[]) => {
  const count: Record<string, number> = {};
  for (const i of items) {
    const kind = String(i.SK).split('#')[0];
    count[kind] = (count[kind] ?? 0) + (kind === 'PACK' ? Number(i.n) : 1);
  }
  return count;
};

async function readSteps(jobId: string): Promise<number[]> {
  const res = await server.gql(SERIES, { id: jobId });
  expect(res.errors).toBeUndefined();
  return (res.data?.job.series as { step: number }[]).map((p) => p.step);
}

test('a per-point series reads as before, takes new points beside its items, and migrates twice without change', async () => {
  const jobId = await createJob(server);
  const old = Array.from({ length: 1234 }, (_, i) => i);
  await seedPerPoint(jobId, old);
  const before = await server.gql(SERIES, { id: jobId });
  expect(before.data?.job.series).toHaveLength(1234);
  expect(before.data?.job.series[7]).toEqual({ step: 7, value: value(7), timestamp: '2026-01-02T10:00:00.000007+00:00', unit: 'loss' });
  const down = await server.gql(SERIES, { id: jobId, max: 20 });
  expect(down.data?.job.series.length).toBeLessThanOrEqual(20);

  // New points past the end, a replay of old ones and a conflicting value for an old step.
  const fresh = Array.from({ length: 300 }, (_, i) => ({ name: 'train_loss', step: 1234 + i, value: value(1234 + i) }));
  const resend = [10, 11, 12].map((step) => ({ name: 'train_loss', step, value: value(step) }));
  const res = await server.gql(LOG, { input: { jobId, points: [...resend, { name: 'train_loss', step: 13, value: 5 }, ...fresh] } });
  expect(res.data?.logMetrics).toEqual({
    written: 300,
    replayed: 3,
    userErrors: [{ code: 'ALREADY_EXISTS', field: ['input', 'points', '3'], message: expect.stringContaining('step 13') }],
  });
  const all = Array.from({ length: 1534 }, (_, i) => i);
  expect(await readSteps(jobId)).toEqual(all);
  expect(kinds(await storedItems(jobId))).toEqual({ STEP: 1234, BLOCK: 13, PACK: 300, SUMMARY: 1 });
  const mixedAnswer = (await server.gql(SERIES, { id: jobId })).data?.job.series;

  const first = await migrateStorage(gw);
  expect(first).toMatchObject({ seriesDone: 1, seriesTotal: 1, pointsFolded: 1234, itemsRemoved: 1234 + 13, disagreed: 0 });
  expect(kinds(await storedItems(jobId))).toEqual({ PACK: 1534, SUMMARY: 1 });
  expect((await server.gql(SERIES, { id: jobId })).data?.job.series).toEqual(mixedAnswer);
  const small = await server.gql(SERIES, { id: jobId, max: 12 });
  const picked = small.data?.job.series as { step: number }[];
  expect(picked[0].step).toBe(0);
  expect(picked[picked.length - 1].step).toBe(1533);

  const second = await migrateStorage(gw);
  expect(second).toMatchObject({ seriesTotal: 0, pointsFolded: 0, itemsRemoved: 0 });
  expect((await server.gql(SERIES, { id: jobId })).data?.job.series).toEqual(mixedAnswer);
  // The head now says packed and counts the points; logging goes on as for any packed series.
  const head = await server.gql(LOG, { input: { jobId, points: [{ name: 'train_loss', step: 5000, value: 1 }] } });
  expect(head.data?.logMetrics.written).toBe(1);
  expect(await readSteps(jobId)).toEqual([...all, 5000]);
}, 120_000);

test('migrating while a trainer logs to the same series: nothing lost, nothing twice', async () => {
  const jobId = await createJob(server);
  // Every third step stored per point; the trainer fills the steps between them and goes on past the end.
  const old = Array.from({ length: 1500 }, (_, i) => 3 * i);
  await seedPerPoint(jobId, old);
  const trainer = (async () => {
    for (let call = 0; call < 12; call++) {
      const points = Array.from({ length: 100 }, (_, i) => {
        const step = call < 6 ? 3 * (call * 100 + i) + 1 : 4500 + (call - 6) * 100 + i;
        return { name: 'train_loss', step, value: value(step) };
      });
      const res = await server.gql(LOG, { input: { jobId, points } });
      expect(res.errors).toBeUndefined();
      expect(res.data?.logMetrics).toEqual({ written: 100, replayed: 0, userErrors: [] });
    }
  })();
  const progress: number[] = [];
  const migrated = migrateStorage(gw, (p) => progress.push(p.seriesDone));
  const [result] = await Promise.all([migrated, trainer]);
  expect(result.pointsFolded).toBe(1500);
  expect(progress[progress.length - 1]).toBe(1);
  // A second run finishes whatever the race left (nothing, or the flip of the head).
  await migrateStorage(gw);
  const expected = [...old, ...Array.from({ length: 600 }, (_, i) => 3 * i + 1), ...Array.from({ length: 600 }, (_, i) => 4500 + i)].sort(
    (a, b) => a - b,
  );
  expect(await readSteps(jobId)).toEqual(expected);
  expect(kinds(await storedItems(jobId))).toMatchObject({ PACK: expected.length });
  expect(kinds(await storedItems(jobId)).STEP).toBeUndefined();
  expect(kinds(await storedItems(jobId)).BLOCK).toBeUndefined();
}, 120_000);

test('every job gets its card: a legacy job written straight into the table, and a second run writes none', async () => {
  const id = randomUUID();
  const rows = [0, 1, 2].map((epoch) =>
    legacyMetric({
      jobId: id,
      name: 'val_f1',
      ts: `2026-01-03T08:0${epoch}:00.000123+00:00`,
      value: 0.5 + epoch / 10,
      unit: 'ratio',
      epoch,
      step: 100 * epoch,
    }),
  );
  await putItems(server.doc, server.tableName, [
    legacyJob({ id, name: 'legacy-run', status: 'running', createdAt: '2026-01-03T08:00:00.000000+00:00' }),
    ...rows,
  ]);
  const card = () =>
    server.doc.send(new GetCommand({ TableName: server.tableName, Key: { PK: `JOB#${id}`, SK: 'CARD' }, ConsistentRead: true }));
  expect((await card()).Item).toBeUndefined();
  const first = await migrateStorage(gw);
  expect(first.jobsDone).toBe(first.jobsTotal);
  expect(first.cardsWritten).toBeGreaterThanOrEqual(1);
  const stored = (await card()).Item as Record<string, any>;
  expect(stored.series.val_f1).toHaveLength(3);
  const res = await server.gql(`query($id: ID!) { job(id: $id) { bestEpoch { epoch valF1 } series(name: "val_f1") { epoch value } } }`, {
    id,
  });
  expect(res.data?.job).toEqual({
    bestEpoch: { epoch: 2, valF1: 0.7 },
    series: [
      { epoch: 0, value: 0.5 },
      { epoch: 1, value: 0.6 },
      { epoch: 2, value: 0.7 },
    ],
  });
  const second = await migrateStorage(gw);
  expect(second).toMatchObject({ seriesTotal: 0, cardsWritten: 0, jobsDone: first.jobsTotal });
});

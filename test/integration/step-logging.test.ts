import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createJob } from '../helpers/api';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const LOG = `mutation($input: LogMetricsInput!) { logMetrics(input: $input) { written replayed userErrors { code field message } } }`;
const SERIES = `query($id: ID!, $name: String!, $max: Int) { job(id: $id) { series(name: $name, maxPoints: $max) { step value epoch timestamp } } }`;

/** A train_loss curve with a single spike at `spikeAt`. */
/** Logs points that are all new and checks they were all written (a setup that failed would fail a later check unseen). */
async function logNew(jobId: string, points: Record<string, unknown>[]): Promise<void> {
  const res = await server.gql(LOG, { input: { jobId, points } });
  expect({ errors: res.errors, payload: res.data?.logMetrics }).toEqual({
    errors: undefined,
    payload: { written: points.length, replayed: 0, userErrors: [] },
  });
}

function curve(from: number, count: number, spikeAt = -1) {
  return Array.from({ length: count }, (_, i) => {
    const step = from + i;
    return { name: 'train_loss', step, value: step === spikeAt ? 100 : 2 / Math.sqrt(step + 1), unit: 'loss' };
  });
}

async function seriesItems(jobId: string, name: string) {
  const out = await server.doc.send(
    new QueryCommand({
      TableName: server.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `JOB_SERIES#${jobId}#${name}` },
    }),
  );
  return out.Items ?? [];
}

test('1,000 points: written with about one BatchWriteItem per 25 points, then replayed without writing', async () => {
  const jobId = await createJob(server);
  const first = await server.gql(LOG, { input: { jobId, points: curve(1, 1000) } });
  expect(first.data?.logMetrics).toEqual({ written: 1000, replayed: 0, userErrors: [] });
  const stats = first.extensions?.dynamodb;
  expect(stats?.commands.BatchWriteItem).toBe(40);
  expect(stats?.calls).toBeLessThanOrEqual(40 + 5);
  const items = await seriesItems(jobId, 'train_loss');
  const points = items.filter((i) => i.TYPE === 'JOB_STEP_METRIC');
  expect(points).toHaveLength(1000);
  // Step points stay out of the all-jobs indexes: no hot METRIC#train_loss partition in GSI1/GSI2.
  expect(points.every((p) => p.GSI1PK === undefined && p.GSI2PK === undefined)).toBe(true);
  expect(points[0]).toMatchObject({
    job_id: jobId,
    metric_name: 'train_loss',
    step: 1,
    unit: 'loss',
    timestamp: expect.stringMatching(/\.\d{6}\+00:00$/),
  });

  const again = await server.gql(LOG, { input: { jobId, points: curve(1, 1000) } });
  expect(again.data?.logMetrics).toEqual({ written: 0, replayed: 1000, userErrors: [] });
  expect(again.extensions?.dynamodb?.commands.BatchWriteItem ?? 0).toBe(0);
  expect(await seriesItems(jobId, 'train_loss')).toEqual(items);
});

test('a changed value is ALREADY_EXISTS naming its index; the rest of the call is written', async () => {
  const jobId = await createJob(server);
  await logNew(jobId, curve(0, 10));
  const points = [...curve(0, 10), ...curve(10, 5)];
  points[7] = { ...points[7], value: 42 };
  const res = await server.gql(LOG, { input: { jobId, points } });
  expect(res.data?.logMetrics).toEqual({
    written: 5,
    replayed: 9,
    userErrors: [{ code: 'ALREADY_EXISTS', field: ['input', 'points', '7'], message: expect.stringContaining('step 7') }],
  });
  const series = await server.gql(SERIES, { id: jobId, name: 'train_loss' });
  expect(series.data?.job.series).toHaveLength(15);
  expect(series.data?.job.series[7].value).not.toBe(42);
});

test('input rules: more than 1,000 points, duplicates, bad values; unknown and finished jobs', async () => {
  const jobId = await createJob(server);
  const tooMany = await server.gql(LOG, { input: { jobId, points: curve(0, 1001) } });
  expect(tooMany.data?.logMetrics.userErrors).toEqual([
    { code: 'INVALID', field: ['input', 'points'], message: expect.stringContaining('1000') },
  ]);
  const dup = await server.gql(LOG, { input: { jobId, points: [...curve(0, 3), curve(1, 1)[0]] } });
  expect(dup.data?.logMetrics.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'points', '3'], message: expect.any(String) }]);
  const bad = await server.gql(LOG, { input: { jobId, points: [{ name: 'a#b', step: -1, value: 1 }] } });
  expect(bad.data?.logMetrics.userErrors.map((e: { field: string[] }) => e.field)).toEqual([
    ['input', 'points', '0', 'name'],
    ['input', 'points', '0', 'step'],
  ]);
  expect(await seriesItems(jobId, 'train_loss')).toEqual([]);
  const missing = await server.gql(LOG, { input: { jobId: randomUUID(), points: curve(0, 1) } });
  expect(missing.data?.logMetrics.userErrors[0].code).toBe('NOT_FOUND');
  await server.gql(`mutation($id: ID!) { finalizeJob(input: { jobId: $id, status: SUCCEEDED }) { userErrors { code } } }`, { id: jobId });
  const late = await server.gql(LOG, { input: { jobId, points: curve(0, 1) } });
  expect(late.data?.logMetrics.userErrors[0].code).toBe('CONFLICT');
});

// Ten 1,000-point calls on the shared DynamoDB Local: 15-70 s in CI runs depending on what ran before (its assertions
// are about items read, not time), hence a longer time-out.
test('downsampling keeps the first and last point and a single spike, from a few percent of the items', async () => {
  const jobId = await createJob(server);
  for (let from = 0; from < 10_000; from += 1000) {
    const res = await server.gql(LOG, { input: { jobId, points: curve(from, 1000, 2_345) } });
    expect(res.data?.logMetrics.written).toBe(1000);
  }
  const full = await server.gql(SERIES, { id: jobId, name: 'train_loss' });
  expect(full.data?.job.series).toHaveLength(10_000);
  expect(full.data?.job.series.map((p: { step: number }) => p.step)).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
  const small = await server.gql(SERIES, { id: jobId, name: 'train_loss', max: 200 });
  const points = small.data?.job.series as { step: number; value: number }[];
  expect(points.length).toBeLessThanOrEqual(200);
  expect(points.length).toBeGreaterThan(100);
  expect(points[0].step).toBe(0);
  expect(points[points.length - 1].step).toBe(9_999);
  expect(points.find((p) => p.step === 2_345)?.value).toBe(100);
  const fullRead = full.extensions?.dynamodb?.itemsRead as number;
  const smallRead = small.extensions?.dynamodb?.itemsRead as number;
  expect(smallRead).toBeLessThanOrEqual(fullRead * 0.05);
  // A request smaller than the block summaries can serve falls back to the points, still at most maxPoints.
  const tiny = await server.gql(SERIES, { id: jobId, name: 'train_loss', max: 4 });
  expect(tiny.data?.job.series.length).toBeLessThanOrEqual(4);
}, 180_000);

test('a series logged one point a call (the Trainer logs every logging_steps) gets useful blocks', async () => {
  const jobId = await createJob(server);
  for (let step = 50; step <= 50 * 120; step += 50) {
    await logNew(jobId, [{ name: 'learning_rate', step, value: 1 / step }]);
  }
  const blocks = (await seriesItems(jobId, 'learning_rate')).filter((i) => i.TYPE === 'JOB_STEP_BLOCK');
  expect(blocks.length).toBeLessThanOrEqual(2);
  const small = await server.gql(SERIES, { id: jobId, name: 'learning_rate', max: 8 });
  expect(small.data?.job.series.length).toBeLessThanOrEqual(8);
});

test('compareMetric downsamples each series and keeps best and last exact; deleteJob removes the series', async () => {
  const a = await createJob(server);
  const b = await createJob(server);
  await logNew(a, curve(0, 300, 150));
  await logNew(b, curve(0, 300));
  const res = await server.gql(
    `query($ids: [ID!]) { compareMetric(name: "train_loss", jobIds: $ids, maxPoints: 20) { jobId points { step } best { step value } last { step } } }`,
    { ids: [a, b] },
  );
  const [sa, sb] = res.data?.compareMetric ?? [];
  expect(sa.points.length).toBeLessThanOrEqual(20);
  expect(sa.best).toEqual({ step: 299, value: 2 / Math.sqrt(300) });
  expect(sa.last).toEqual({ step: 299 });
  expect(sb.points.length).toBeLessThanOrEqual(20);
  const del = await server.gql(`mutation($id: ID!) { deleteJob(input: { jobId: $id }) { deletedItems userErrors { code } } }`, { id: a });
  expect(del.data?.deleteJob.deletedItems).toBeGreaterThan(300);
  expect(await seriesItems(a, 'train_loss')).toEqual([]);
});

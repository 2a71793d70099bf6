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

const parts = (items: Record<string, unknown>[]) => items.filter((i) => String(i.SK).startsWith('PACK#'));
const pages = (items: Record<string, unknown>[]) => items.filter((i) => String(i.SK).startsWith('SUMMARY#'));

async function readSeries(jobId: string, name = 'train_loss') {
  const res = await server.gql(SERIES, { id: jobId, name });
  expect(res.errors).toBeUndefined();
  return res.data?.job.series as { step: number; value: number; epoch: number | null; timestamp: string }[];
}

test('1,000 points: one TransactWriteItems of four packed parts, a page and the head; replayed without writing', async () => {
  const jobId = await createJob(server);
  const first = await server.gql(LOG, { input: { jobId, points: curve(1, 1000) } });
  expect(first.data?.logMetrics).toEqual({ written: 1000, replayed: 0, userErrors: [] });
  // A new series: the job and head read, then one write call (and the job's first last-seen mark).
  expect(first.extensions?.dynamodb?.commands).toEqual({ BatchGetItem: 1, TransactWriteItems: 1, UpdateItem: 1 });
  const items = await seriesItems(jobId, 'train_loss');
  expect(parts(items).map((i) => [i.SK, i.n])).toEqual([
    ['PACK#000000000001', 250],
    ['PACK#000000000251', 250],
    ['PACK#000000000501', 250],
    ['PACK#000000000751', 250],
  ]);
  expect(pages(items).map((i) => [i.SK, i.n])).toEqual([['SUMMARY#000000000001', 4]]);
  expect(items).toHaveLength(5);
  // Out of every index: no TYPE (GSITYPE), no GSI keys.
  expect(items.every((i) => i.TYPE === undefined && i.GSI1PK === undefined && i.GSI2PK === undefined)).toBe(true);
  const series = await readSeries(jobId);
  expect(series.map((p) => p.step)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  expect(series[0]).toMatchObject({ step: 1, value: 2 / Math.sqrt(2), epoch: null, timestamp: expect.stringMatching(/\.\d{6}\+00:00$/) });

  const again = await server.gql(LOG, { input: { jobId, points: curve(1, 1000) } });
  expect(again.data?.logMetrics).toEqual({ written: 0, replayed: 1000, userErrors: [] });
  // The head, then the four parts (a first page of one, then the rest) and the page around the steps: nothing written.
  expect(again.extensions?.dynamodb?.commands).toEqual({ BatchGetItem: 1, Query: 3 });
  expect(await seriesItems(jobId, 'train_loss')).toEqual(items);

  // The next 1,000 points: the last part and page read, one write call.
  const next = await server.gql(LOG, { input: { jobId, points: curve(1001, 1000) } });
  expect(next.data?.logMetrics.written).toBe(1000);
  expect(next.extensions?.dynamodb?.commands).toEqual({ BatchGetItem: 1, Query: 2, TransactWriteItems: 1 });
  expect(next.extensions?.dynamodb?.itemsRead).toBe(1 + 1 + 1 + 1);
  expect((await readSeries(jobId)).map((p) => p.step)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
});

test('parts at their edges: out-of-order steps, gaps, a resend across a part boundary', async () => {
  const jobId = await createJob(server);
  const at = (step: number, value = step / 1000) => ({ name: 'train_loss', step, value });
  // Steps 1000..1399 (two parts: 250 and 150), then below them, between them and far past them.
  await logNew(
    jobId,
    Array.from({ length: 400 }, (_, i) => at(1000 + i)),
  );
  await logNew(jobId, [at(5), at(3), at(999), at(100_000)]);
  // A resend across the boundary of the first two parts (1249 | 1250) with new steps past the end of the second.
  const resend = Array.from({ length: 20 }, (_, i) => at(1240 + i));
  const res = await server.gql(LOG, { input: { jobId, points: [...resend, at(1400), at(1401), at(99_999)] } });
  expect(res.data?.logMetrics).toEqual({ written: 3, replayed: 20, userErrors: [] });
  // A conflicting value across the same boundary names its point; the others are replays.
  const conflict = await server.gql(LOG, { input: { jobId, points: [at(1249), at(1250, 7), at(3)] } });
  expect(conflict.data?.logMetrics).toEqual({
    written: 0,
    replayed: 2,
    userErrors: [{ code: 'ALREADY_EXISTS', field: ['input', 'points', '1'], message: expect.stringContaining('step 1250') }],
  });
  const expected = [3, 5, 999, ...Array.from({ length: 402 }, (_, i) => 1000 + i), 99_999, 100_000];
  const series = await readSeries(jobId);
  expect(series.map((p) => p.step)).toEqual(expected);
  expect(series.every((p) => p.value === p.step / 1000)).toBe(true);
  // Every stored point is in exactly one part, and the pages summarise every part.
  const items = await seriesItems(jobId, 'train_loss');
  expect(parts(items).reduce((n, i) => n + Number(i.n), 0)).toBe(expected.length);
  expect(pages(items).reduce((n, i) => n + Number(i.n), 0)).toBe(parts(items).length);
  // Downsampled from the summaries: first, last and extremes are stored points.
  const small = await server.gql(SERIES, { id: jobId, name: 'train_loss', max: 6 });
  const picked = small.data?.job.series as { step: number }[];
  expect(picked[0].step).toBe(3);
  expect(picked[picked.length - 1].step).toBe(100_000);
  expect(picked.every((p) => expected.includes(p.step))).toBe(true);
});

test('two writers on one series: every point stored once, none lost', async () => {
  const jobId = await createJob(server);
  const writer = async (offset: number) => {
    for (let call = 0; call < 6; call++) {
      const points = Array.from({ length: 50 }, (_, i) => ({ name: 'train_loss', step: 2 * (call * 50 + i) + offset, value: offset + i }));
      const res = await server.gql(LOG, { input: { jobId, points } });
      expect(res.data?.logMetrics).toEqual({ written: 50, replayed: 0, userErrors: [] });
    }
  };
  await Promise.all([writer(0), writer(1)]);
  const series = await readSeries(jobId);
  expect(series.map((p) => p.step)).toEqual(Array.from({ length: 600 }, (_, i) => i));
  const items = await seriesItems(jobId, 'train_loss');
  expect(parts(items).reduce((n, i) => n + Number(i.n), 0)).toBe(600);
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

test('a finished job takes no new point, but a resend of points it has is a replay (a retry after finalizeJob)', async () => {
  const jobId = await createJob(server);
  expect((await server.gql(LOG, { input: { jobId, points: curve(0, 5) } })).data?.logMetrics).toMatchObject({ written: 5, userErrors: [] });
  await server.gql(`mutation($id: ID!) { finalizeJob(input: { jobId: $id, status: SUCCEEDED }) { userErrors { code } } }`, { id: jobId });
  const resent = await server.gql(LOG, { input: { jobId, points: curve(0, 5) } });
  expect(resent.data?.logMetrics).toEqual({ written: 0, replayed: 5, userErrors: [] });
  const mixed = await server.gql(LOG, { input: { jobId, points: [...curve(0, 5), ...curve(5, 1)] } });
  expect(mixed.data?.logMetrics).toMatchObject({ written: 0, replayed: 0, userErrors: [{ code: 'CONFLICT', field: ['input', 'jobId'] }] });
  expect((await seriesItems(jobId, 'train_loss')).length).toBeGreaterThan(0);
  const read = await server.gql(`query($id: ID!) { job(id: $id) { series(name: "train_loss") { step } } }`, { id: jobId });
  expect(read.data?.job.series.map((p: { step: number }) => p.step)).toEqual([0, 1, 2, 3, 4]);
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
  const small = await server.gql(SERIES, { id: jobId, name: 'train_loss', max: 150 });
  const points = small.data?.job.series as { step: number; value: number }[];
  expect(points.length).toBeLessThanOrEqual(150);
  expect(points.length).toBeGreaterThan(75);
  expect(points[0].step).toBe(0);
  expect(points[points.length - 1].step).toBe(9_999);
  expect(points.find((p) => p.step === 2_345)?.value).toBe(100);
  // The full read: 40 parts. The downsampled one: 2 summary pages (and the job and the head either way).
  expect(full.extensions?.dynamodb?.itemsRead).toBe(40 + 2);
  expect(small.extensions?.dynamodb?.itemsRead).toBe(2 + 2);
  // The job and the series head (one BatchGetItem each), then one Query page of parts (or of summary pages); the
  // job's epoch rows of the same name are not read.
  expect(full.extensions?.dynamodb?.commands).toEqual({ BatchGetItem: 2, Query: 1 });
  expect(small.extensions?.dynamodb?.commands).toEqual({ BatchGetItem: 2, Query: 1 });
  // A request smaller than the block summaries can serve falls back to the points, still at most maxPoints.
  const tiny = await server.gql(SERIES, { id: jobId, name: 'train_loss', max: 4 });
  expect(tiny.data?.job.series.length).toBeLessThanOrEqual(4);
}, 180_000);

test('a series logged one point a call (the Trainer logs every logging_steps) fills one part', async () => {
  const jobId = await createJob(server);
  for (let step = 50; step <= 50 * 120; step += 50) {
    await logNew(jobId, [{ name: 'learning_rate', step, value: 1 / step }]);
  }
  const items = await seriesItems(jobId, 'learning_rate');
  expect(parts(items).map((i) => i.n)).toEqual([120]);
  expect(pages(items)).toHaveLength(1);
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
  expect(del.data?.deleteJob.deletedItems).toBeGreaterThanOrEqual(2 + 2);
  expect(await seriesItems(a, 'train_loss')).toEqual([]);
});

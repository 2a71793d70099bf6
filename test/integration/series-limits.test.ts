import { createJob } from '../helpers/api';
import { startTestServer, type TestServer } from '../helpers/test-server';

/*
 * One answer of `series` or `compareMetric` holds at most MAX_SERIES_POINTS points; past it the answer is refused with
 * BAD_USER_INPUT naming the limit, maxPoints and the CSV export (which holds every point), never SERVICE_UNAVAILABLE.
 * The server here holds 150 points an answer, so 200 logged points are over-long.
 */
const LIMIT = 150;

let server: TestServer;
let long: string;
let halves: [string, string];
beforeAll(async () => {
  server = await startTestServer({ server: { maxSeriesPoints: LIMIT } });
  long = await createJob(server);
  halves = [await createJob(server), await createJob(server)];
  await log(long, 0, 100);
  await log(long, 100, 100);
  await log(halves[0], 0, 100);
  await log(halves[1], 0, 100);
}, 120_000);
afterAll(() => server.close());

const LOG = `mutation($input: LogMetricsInput!) { logMetrics(input: $input) { written replayed userErrors { message } } }`;
const SERIES = `query($id: ID!, $max: Int) { job(id: $id) { series(name: "train_loss", maxPoints: $max) { step value } } }`;
const COMPARE = `query($ids: [ID!], $max: Int) { compareMetric(name: "train_loss", jobIds: $ids, maxPoints: $max) { jobId points { step } } }`;

async function log(jobId: string, from: number, count: number): Promise<void> {
  const points = Array.from({ length: count }, (_, i) => ({ name: 'train_loss', step: from + i, value: 1 / (from + i + 1) }));
  const res = await server.gql(LOG, { input: { jobId, points } });
  expect({ errors: res.errors, payload: res.data?.logMetrics }).toEqual({
    errors: undefined,
    payload: { written: count, replayed: 0, userErrors: [] },
  });
}

test('a series longer than one answer holds is refused naming the limit, maxPoints and its CSV export, which holds every point', async () => {
  const res = await server.gql(SERIES, { id: long });
  expect(res.errors).toHaveLength(1);
  const [error] = res.errors ?? [];
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'maxPoints', limit: LIMIT, points: 200 });
  expect(error.message).toBe(
    `series train_loss of job ${long} has 200 points, more than the 150 one answer holds; ask with maxPoints ` +
      `(at most 150 in all) or export it as CSV: GET /export/metrics/train_loss.csv?jobIds=${long}`,
  );
  // The export the message names serves the whole series.
  const path = / GET (\S+)$/.exec(error.message)?.[1] as string;
  const csv = await fetch(server.url.replace('/graphql', path));
  expect(csv.status).toBe(200);
  const rows = (await csv.text()).trim().split('\r\n').slice(1);
  expect(rows.map((r) => Number(r.split(',')[3]))).toEqual(Array.from({ length: 200 }, (_, i) => i));
});

test('with maxPoints the same series answers, downsampled; maxPoints above the limit is refused naming it', async () => {
  const res = await server.gql(SERIES, { id: long, max: 50 });
  expect(res.errors).toBeUndefined();
  const points = res.data?.job.series as { step: number }[];
  expect(points.length).toBeLessThanOrEqual(50);
  expect([points[0].step, points[points.length - 1].step]).toEqual([0, 199]);
  const tooMany = await server.gql(SERIES, { id: long, max: LIMIT + 1 });
  expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'maxPoints', limit: LIMIT });
  expect(tooMany.errors?.[0].message).toBe('maxPoints may be at most 150, the points one answer holds (151 asked)');
  // A series within the limit reads whole without maxPoints.
  const whole = await server.gql(SERIES, { id: halves[0] });
  expect(whole.data?.job.series).toHaveLength(100);
});

test('compareMetric counts its series together: two of 100 are refused, naming both jobs in the export path', async () => {
  const res = await server.gql(COMPARE, { ids: halves });
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'maxPoints', limit: LIMIT, points: 200 });
  expect(res.errors?.[0].message).toBe(
    `compareMetric train_loss has, across 2 jobs, 200 points, more than the 150 one answer holds; ask with maxPoints ` +
      `(at most 150 in all) or export it as CSV: GET /export/metrics/train_loss.csv?jobIds=${halves.join(',')}`,
  );
  const downsampled = await server.gql(COMPARE, { ids: halves, max: 70 });
  expect(downsampled.errors).toBeUndefined();
  expect(downsampled.data?.compareMetric.map((s: { jobId: string }) => s.jobId)).toEqual(halves);
  const one = await server.gql(COMPARE, { ids: [halves[1]] });
  expect(one.data?.compareMetric[0].points).toHaveLength(100);
});

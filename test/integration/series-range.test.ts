import { createJob, epochInput, RECORD_EPOCH } from '../helpers/api';
import { putItems } from '../helpers/legacy-seed';
import { seedPerPointSeries } from '../helpers/per-point-series';
import { startTestServer, type GqlResponse, type TestServer } from '../helpers/test-server';
import { packSeriesItems } from '../../src/modules/metrics/step-write-plan';

/*
 * Series read over a step range (`fromStep`, `toStep`): only points whose step lies in it, `maxPoints` within it, and
 * only the stored items that cover it read. The server holds LIMIT points an answer, so the 3,000-point series is too
 * long to read whole without maxPoints, yet a window of it reads.
 */
const LIMIT = 2000;

const LOG = `mutation($input: LogMetricsInput!) { logMetrics(input: $input) { written replayed userErrors { message } } }`;
const SERIES = `query($id: ID!, $name: String!, $max: Int, $from: Int, $to: Int) {
  job(id: $id) { series(name: $name, maxPoints: $max, fromStep: $from, toStep: $to) { step value epoch } }
}`;
const COMPARE = `query($name: String!, $ids: [ID!], $max: Int, $from: Int, $to: Int) {
  compareMetric(name: $name, jobIds: $ids, maxPoints: $max, fromStep: $from, toStep: $to) { jobId points { step value } best { step value } }
}`;

interface Point {
  step: number;
  value: number;
}

/** Job A's curve: steps 1000, 1010, ... 30990 (3,000 points, 12 packed parts of 250 from step 1000 on, one summary page). */
const A_STEPS = Array.from({ length: 3000 }, (_, i) => 1000 + 10 * i);
const SPIKE = 3330;
const DIP = 20_000;
const aValue = (step: number) => (step === SPIKE ? 100 : step === DIP ? -5 : 1 / Math.sqrt(step));
/** Job B's: steps 0..999. */
const bValue = (step: number) => 2 / Math.sqrt(step + 1);
/** Job C's: steps 0..9,999, seeded as logging leaves it (40 parts, two summary pages). */
const cValue = (step: number) => (step === 6543 ? 50 : Math.cos(step / 100));

let server: TestServer;
let jobA: string;
let jobB: string;
let jobC: string;
beforeAll(async () => {
  server = await startTestServer({ server: { maxSeriesPoints: LIMIT } });
  [jobA, jobB, jobC] = [await createJob(server), await createJob(server), await createJob(server)];
  for (let call = 0; call < 3; call++) await log(jobA, A_STEPS.slice(1000 * call, 1000 * (call + 1)), aValue);
  await log(
    jobB,
    Array.from({ length: 1000 }, (_, i) => i),
    bValue,
  );
  const cPoints = Array.from({ length: 10_000 }, (_, step) => ({
    jobId: jobC,
    name: 'train_loss',
    value: cValue(step),
    step,
    epoch: null,
    unit: null,
    timestamp: '2026-01-05T10:00:00.000000+00:00',
  }));
  await putItems(server.doc, server.tableName, packSeriesItems(jobC, 'train_loss', cPoints));
}, 120_000);
afterAll(() => server.close());

async function log(jobId: string, steps: number[], value: (step: number) => number): Promise<void> {
  const points = steps.map((step) => ({ name: 'train_loss', step, value: value(step) }));
  const res = await server.gql(LOG, { input: { jobId, points } });
  expect({ errors: res.errors, payload: res.data?.logMetrics }).toEqual({
    errors: undefined,
    payload: { written: steps.length, replayed: 0, userErrors: [] },
  });
}

async function series(id: string, vars: { max?: number; from?: number; to?: number; name?: string }) {
  const res = await server.gql(SERIES, { id, name: 'train_loss', ...vars });
  expect(res.errors).toBeUndefined();
  return { points: res.data?.job.series as (Point & { epoch: number | null })[], stats: res.extensions?.dynamodb };
}

const stepsOf = (points: Point[]) => points.map((p) => p.step);
const range = (from: number, to: number, by = 1) => Array.from({ length: Math.floor((to - from) / by) + 1 }, (_, i) => from + by * i);

/** Checks a downsampled window: within `max`, exact stored values, its first and last point and its extremes kept. */
function expectDownsampled(points: Point[], expected: Point[], max: number): void {
  expect(points.length).toBeLessThanOrEqual(max);
  const stored = new Map(expected.map((p) => [p.step, p.value]));
  expect(points.every((p) => stored.get(p.step) === p.value)).toBe(true);
  expect(stepsOf(points)).toEqual([...stepsOf(points)].sort((a, b) => a - b));
  expect([points[0].step, points[points.length - 1].step]).toEqual([expected[0].step, expected[expected.length - 1].step]);
  const values = expected.map((p) => p.value);
  expect(points.map((p) => p.value)).toEqual(expect.arrayContaining([Math.min(...values), Math.max(...values)]));
}

const aPoints = (from: number, to: number) => A_STEPS.filter((s) => s >= from && s <= to).map((step) => ({ step, value: aValue(step) }));

describe('Job.series over a step range (packed series)', () => {
  test('inside one part: its points, read from that one part', async () => {
    const { points, stats } = await series(jobA, { from: 1040, to: 1990 });
    expect(points).toEqual(aPoints(1040, 1990).map((p) => ({ ...p, epoch: null })));
    // The job and the series' head (BatchGetItem each); the summary page over the range (the series holds more than
    // one answer, so the parts overlapping the range bound its points first); then the part holding step 1040 and the
    // (no) parts after it: each of the two reads a Query downwards from step 1040 and one upwards from it.
    expect(stats?.commands).toEqual({ BatchGetItem: 2, Query: 4 });
    expect(stats?.itemsRead).toBe(1 + 1 + 1 + 1);
  });

  test('across parts: the parts covering the range and no others', async () => {
    const { points, stats } = await series(jobA, { from: 3400, to: 8600 });
    expect(points).toEqual(aPoints(3400, 8600).map((p) => ({ ...p, epoch: null })));
    // The job, the head, the summary page, and of the parts (from 1000, 3500, 6000, 8500...) the one holding 3400 and
    // those starting up to 8600.
    expect(stats?.itemsRead).toBe(1 + 1 + 1 + 4);
  });

  test('before and after every point: nothing, and nothing of the series read', async () => {
    for (const vars of [{ from: 0, to: 999 }, { from: 31_000, to: 90_000 }, { to: 500 }, { from: 30_991 }]) {
      const { points, stats } = await series(jobA, vars);
      expect(points).toEqual([]);
      // Only the job and the head: the head's step range says the series has nothing there.
      expect(stats?.commands).toEqual({ BatchGetItem: 2 });
    }
  });

  test('ranges over an edge of the series, open ends, and a single step', async () => {
    expect(stepsOf((await series(jobA, { from: 0, to: 1100 })).points)).toEqual(range(1000, 1100, 10));
    expect(stepsOf((await series(jobA, { from: 30_950 })).points)).toEqual(range(30_950, 30_990, 10));
    expect(stepsOf((await series(jobA, { to: 1030 })).points)).toEqual([1000, 1010, 1020, 1030]);
    // A step at a part's first step, and a step between two stored ones.
    expect((await series(jobA, { from: 3500, to: 3500 })).points).toEqual([{ step: 3500, value: aValue(3500), epoch: null }]);
    expect((await series(jobA, { from: 3501, to: 3509 })).points).toEqual([]);
  });

  test('maxPoints within a narrow range: downsampled from its points, the spike kept', async () => {
    const { points, stats } = await series(jobA, { from: 2000, to: 7000, max: 12 });
    expectDownsampled(points, aPoints(2000, 7000), 12);
    expect(points).toContainEqual({ step: SPIKE, value: 100, epoch: null });
    // Three parts cover it (1000, 3500, 6000): reading them costs no more items than the summaries would.
    expect(stats?.itemsRead).toBe(1 + 1 + 3);
  });

  test('maxPoints over a wide range: from the summary pages and the two parts the range cuts', async () => {
    const expected = Array.from({ length: 9000 - 3100 + 1 }, (_, i) => ({ step: 3100 + i, value: cValue(3100 + i) }));
    const { points, stats } = await series(jobC, { from: 3100, to: 9000, max: 40 });
    expectDownsampled(points, expected, 40);
    expect(points).toContainEqual({ step: 6543, value: 50, epoch: null });
    // The job, the head, the two summary pages covering it (from steps 0 and 8000), then the parts from 3000 and
    // 9000 (cut by the range) in one BatchGetItem: not the 25 parts the range spans.
    expect(stats?.commands).toEqual({ BatchGetItem: 3, Query: 2 });
    expect(stats?.itemsRead).toBe(1 + 1 + 2 + 2);
    // Asked for more points than the summaries give, the same range reads its parts: the one holding step 3100 and
    // the 24 starting after it up to 9000.
    const detailed = await series(jobC, { from: 3100, to: 9000, max: LIMIT });
    expectDownsampled(detailed.points, expected, LIMIT);
    expect(detailed.stats?.itemsRead).toBe(1 + 1 + 1 + 24);
  });

  test('MAX_SERIES_POINTS counts the points in the range: a window of an over-long series reads, a wide one is refused unread', async () => {
    const whole = await server.gql(SERIES, { id: jobA, name: 'train_loss' });
    expect(whole.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'maxPoints', points: 3000 });
    const window = await series(jobA, { from: 5000, to: 14_990 });
    expect(window.points).toHaveLength(1000);
    const wide: GqlResponse = await server.gql(SERIES, { id: jobA, name: 'train_loss', from: 1000, to: 26_990 });
    expect(wide.errors).toHaveLength(1);
    expect(wide.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'maxPoints', limit: LIMIT, points: 2600 });
    expect(wide.errors?.[0].message).toContain('has 2,600 points, more than the 2,000 one answer holds');
    // Counted from the summary page and the part the range cuts (from 26000), not from the 11 parts it spans.
    expect(wide.extensions?.dynamodb?.itemsRead).toBe(1 + 1 + 1 + 1);
    // With maxPoints the same range answers.
    expectDownsampled((await series(jobA, { from: 1000, to: 26_990, max: 100 })).points, aPoints(1000, 26_990), 100);
  });
});

describe('compareMetric over a step range', () => {
  test('two jobs: each series within the range, maxPoints within it, best from the range', async () => {
    const res = await server.gql(COMPARE, { name: 'train_loss', ids: [jobA, jobB], from: 900, to: 1200, max: 50 });
    expect(res.errors).toBeUndefined();
    const [a, b] = res.data?.compareMetric as { jobId: string; points: Point[]; best: Point }[];
    expect(a.jobId).toBe(jobA);
    expect(a.points).toEqual(aPoints(900, 1200));
    expect(a.best.step).toBe(1200);
    expect(b.jobId).toBe(jobB);
    expectDownsampled(
      b.points,
      range(900, 999).map((step) => ({ step, value: bValue(step) })),
      50,
    );
    expect(b.best).toEqual({ step: 999, value: bValue(999) });
    // Per job the head and the one part holding step 900 (job A's holds 1000..3490, job B's 750..999): two items each.
    expect(res.extensions?.dynamodb?.itemsRead).toBe(2 + 2);
  });

  test('a job with nothing in the range has an empty series', async () => {
    const res = await server.gql(COMPARE, { name: 'train_loss', ids: [jobA, jobB], from: 20_000, to: 20_100 });
    const [a, b] = res.data?.compareMetric as { points: Point[]; best: Point | null }[];
    expect(a.points).toEqual(aPoints(20_000, 20_100));
    expect(a.best).toEqual({ step: DIP, value: -5 });
    expect(b).toMatchObject({ points: [], best: null });
  });
});

describe('epoch series and series stored before packing', () => {
  let runs: [string, string, string];
  beforeAll(async () => {
    runs = [await createJob(server), await createJob(server), await createJob(server)];
    for (const [i, id] of runs.entries()) {
      for (const epoch of [1, 2, 3]) {
        // The third run's epochs are at steps 1100, 1200, 1300; the others' at 100, 200, 300.
        const res = await server.gql(RECORD_EPOCH, { input: epochInput(id, epoch, 1, { step: (i === 2 ? 1000 : 0) + 100 * epoch }) });
        expect(res.data?.recordEpoch.userErrors).toEqual([]);
      }
    }
  });

  test('epoch series (from the card, and an extra metric) are filtered by their points step', async () => {
    for (const name of ['val_f1', 'samples_per_second', 'eval_loss']) {
      const res = await server.gql(SERIES, { id: runs[0], name, from: 150, to: 300 });
      expect(res.errors).toBeUndefined();
      expect((res.data?.job.series as { step: number; epoch: number }[]).map((p) => [p.epoch, p.step])).toEqual([
        [2, 200],
        [3, 300],
      ]);
    }
  });

  test('compareMetric of every job with the metric leaves out the jobs with nothing in the range', async () => {
    const res = await server.gql(COMPARE, { name: 'val_f1', from: 150, to: 300 });
    expect(res.errors).toBeUndefined();
    const found = res.data?.compareMetric as { jobId: string; points: Point[] }[];
    expect(found.map((s) => s.jobId).sort()).toEqual([runs[0], runs[1]].sort());
    for (const s of found) expect(stepsOf(s.points)).toEqual([200, 300]);
  });

  test('a series stored one item per point, with packed points beside them: both read over the range alone', async () => {
    const jobId = await createJob(server);
    const value = (step: number) => 1 / (1 + step);
    await seedPerPointSeries(server, jobId, range(0, 990, 10), value);
    await log(jobId, range(1000, 1490, 10), value);
    const { points, stats } = await series(jobId, { from: 900, to: 1100 });
    expect(points.map((p) => [p.step, p.value])).toEqual(range(900, 1100, 10).map((step) => [step, value(step)]));
    // The job and the head, the per-point items 900..990 and the one part (1000..1490) covering the rest.
    expect(stats?.itemsRead).toBe(1 + 1 + 10 + 1);
    const small = await series(jobId, { from: 900, to: 1100, max: 6 });
    expectDownsampled(
      small.points,
      range(900, 1100, 10).map((step) => ({ step, value: value(step) })),
      6,
    );
  });
});

test('bad ranges are BAD_USER_INPUT naming the argument', async () => {
  const cases: [Record<string, number>, string][] = [
    [{ from: 10, to: 5 }, 'fromStep'],
    [{ from: -1 }, 'fromStep'],
    [{ to: -3 }, 'toStep'],
  ];
  for (const [vars, argument] of cases) {
    for (const res of [
      await server.gql(SERIES, { id: jobA, name: 'train_loss', ...vars }),
      await server.gql(COMPARE, { name: 'train_loss', ids: [jobA], ...vars }),
    ]) {
      expect(res.errors).toHaveLength(1);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(res.errors?.[0].message).toContain(argument);
    }
  }
});

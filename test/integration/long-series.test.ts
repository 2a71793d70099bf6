import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../../src/dev/dynamodb-local-process';
import { startProcess, type Started } from '../helpers/child-process';
import { embeddedEnv } from '../helpers/npm-scripts';

/*
 * The held-out check a new user runs: `npm start` with the default configuration (only its own data directory and
 * port), one job, 100,000 train_loss points logged in 100 calls of 1,000, then the whole series read with
 * `series(name: "train_loss")` and no maxPoints, and the job's CSV export. Before the fix the read answered
 * SERVICE_UNAVAILABLE "retry shortly" after ~18 s: DynamoDB Local took longer than the 2 s DYNAMODB_TIMEOUT_MS to
 * answer Query pages asked for without a Limit (src/db/batch.ts, QUERY_PAGE_ITEMS).
 */

const POINTS = 100_000;
const PER_CALL = 1000;
/** Settings whose defaults this check is about: none may come from the environment the tests run in. */
const DEFAULTED = ['DYNAMODB_TIMEOUT_MS', 'REQUEST_TIMEOUT_MS', 'MAX_SERIES_POINTS', 'DYNAMODB_STATS', 'LIVE_EVENTS', 'AUTH', 'NODE_ENV'];

const LOG = `mutation($input: LogMetricsInput!) { logMetrics(input: $input) { written replayed userErrors { message } } }`;
const SERIES = `query($id: ID!) { job(id: $id) { series(name: "train_loss") { step value } } }`;

interface Answer {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

let server: Started;
let url: string;
const dataDir = mkdtempSync(join(tmpdir(), 'long-series-'));

beforeAll(async () => {
  const port = await findFreePort();
  const env = embeddedEnv(dataDir, { PORT: String(port) });
  for (const name of DEFAULTED) delete env[name];
  server = await startProcess('npm', ['start'], env, 'training metrics API on', 90_000);
  url = `http://127.0.0.1:${port}/graphql`;
}, 120_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function gql(query: string, variables?: Record<string, unknown>): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as Answer;
}

const valueAt = (step: number) => 2 / Math.sqrt(step + 1);

/**
 * One logMetrics call, sent again while it answers SERVICE_UNAVAILABLE, as the Python client does (a resend stores
 * what is missing and replays the rest); any other error fails. Returns how many times it was sent again.
 */
async function logCall(jobId: string, from: number): Promise<number> {
  const points = Array.from({ length: PER_CALL }, (_, i) => ({ name: 'train_loss', step: from + i, value: valueAt(from + i) }));
  for (let resends = 0; ; resends++) {
    const res = await gql(LOG, { input: { jobId, points } });
    const unavailable = res.errors?.length && res.errors.every((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE');
    if (unavailable && resends < 10) {
      await new Promise((r) => setTimeout(r, 500 * (resends + 1)));
      continue;
    }
    expect({ errors: res.errors, userErrors: res.data?.logMetrics?.userErrors }).toEqual({ errors: undefined, userErrors: [] });
    expect(res.data?.logMetrics.written + res.data?.logMetrics.replayed).toBe(PER_CALL);
    return resends;
  }
}

test('npm start with the defaults: 100,000 points logged in 100 calls, read whole by series() in order, and every step in the CSV export', async () => {
  const created = await gql(`mutation { createJob(input: { name: "held-out-long-series" }) { job { id } } }`);
  const jobId = created.data?.createJob.job.id as string;
  expect(jobId).toEqual(expect.any(String));

  const logStarted = Date.now();
  let resends = 0;
  for (let from = 0; from < POINTS; from += PER_CALL) resends += await logCall(jobId, from);
  const logSeconds = (Date.now() - logStarted) / 1000;

  const readStarted = Date.now();
  const read = await gql(SERIES, { id: jobId });
  const readSeconds = (Date.now() - readStarted) / 1000;
  expect(read.errors).toBeUndefined();
  const series = read.data?.job.series as { step: number; value: number }[];
  expect(series).toHaveLength(POINTS);
  const wrong = series.findIndex((p, i) => p.step !== i || p.value !== valueAt(i));
  expect(wrong).toBe(-1);

  const exportStarted = Date.now();
  const csv = await fetch(url.replace('/graphql', `/export/jobs/${jobId}/metrics.csv`));
  expect(csv.status).toBe(200);
  const steps: number[] = [];
  for (const line of (await csv.text()).split('\r\n')) {
    const m = /^train_loss,[^,]*,(\d+),/.exec(line);
    if (m) steps.push(Number(m[1]));
  }
  const exportSeconds = (Date.now() - exportStarted) / 1000;
  expect(steps).toEqual(Array.from({ length: POINTS }, (_, i) => i));

  // What it took, for the record (the check is that each answered whole with the defaults).
  process.stdout.write(
    `long series: logged ${POINTS} points in ${logSeconds.toFixed(1)} s (${resends} calls sent again after SERVICE_UNAVAILABLE), ` +
      `read whole in ${readSeconds.toFixed(1)} s, exported in ${exportSeconds.toFixed(1)} s\n`,
  );
}, 300_000);

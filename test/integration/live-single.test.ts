import { createJob, epochInput, RECORD_EPOCH } from '../helpers/api';
import { legacyEpochRows, legacyJob, putOneByOne } from '../helpers/legacy-seed';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { MAX_SUBSCRIPTIONS_PER_CONNECTION } from '../../src/http/websocket-server';
import { activeSubscriptions, subscribe, untilActive, wsUrl, type Subscriber } from '../helpers/subscriber';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Subscriptions as the embedded default serves them: one server, the table's stream read inside it, events fanned out
 * in memory. Every event here comes from DynamoDB Local's stream, never from the mutation's own code path.
 */

const EPOCH = `subscription($jobId: ID) { epochRecorded(jobId: $jobId) { epoch step valF1 evalLoss isBest recordedAt labels { label f1 precision recall support } extra { name value } } }`;
const JOB = `subscription($jobId: ID) { jobUpdated(jobId: $jobId) { id status results { bestF1 trainRuntime } } }`;
const POINTS = `subscription($jobId: ID!, $name: String!) { metricPointsAdded(jobId: $jobId, name: $name) { jobId name step value epoch } }`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('live updates in a single server (embedded default: stream consumer in the process, in-memory fan-out)', () => {
  let server: TestServer;
  const open: Subscriber[] = [];
  const sub = async (query: string, variables: Record<string, unknown>) => {
    const s = await subscribe(server.url, query, variables);
    open.push(s);
    return s;
  };
  beforeAll(async () => {
    server = await startTestServer({ live: { quietMs: 500 } });
  });
  afterAll(async () => {
    await Promise.all(open.map((s) => s.close()));
    await server.close();
  });

  test('epochRecorded delivers a recorded epoch once, whole, to the job subscriber and the all-jobs one', async () => {
    const jobId = await createJob(server);
    const other = await createJob(server);
    const mine = await sub(EPOCH, { jobId });
    const all = await sub(EPOCH, {});
    const res = await server.gql(RECORD_EPOCH, { input: epochInput(jobId, 1, 12) });
    expect(res.data?.recordEpoch.userErrors).toEqual([]);
    // Within 2 s of the write's acknowledgement (the stream has it from then on).
    const recorded = Date.now();
    const event = await mine.nth(1, 2000);
    expect(Date.now() - recorded).toBeLessThan(2000);
    const epoch = event.data.epochRecorded;
    expect(epoch).toMatchObject({ epoch: 1, step: 100, valF1: 0.51, evalLoss: 0.5, isBest: true });
    expect(epoch.labels).toHaveLength(12);
    expect(epoch.labels.find((l: { label: string }) => l.label === 'LABEL_3')).toEqual({
      label: 'LABEL_3',
      f1: 0.5,
      precision: 0.6,
      recall: 0.4,
      support: 13,
    });
    expect(epoch.extra).toEqual([{ name: 'samples_per_second', value: 12.5 }]);
    // A replayed call and another job's epoch: the job subscriber sees neither, the all-jobs one sees the other job's.
    await server.gql(RECORD_EPOCH, { input: epochInput(jobId, 1, 12) });
    await server.gql(RECORD_EPOCH, { input: epochInput(other, 1, 2) });
    await all.nth(2, 2000);
    await sleep(700);
    expect(mine.received).toHaveLength(1);
    expect(all.received.map((r) => r.data.epochRecorded.labels.length)).toEqual([12, 2]);
  });

  test('an epoch too large for one transaction (staged) is announced once, after it is complete', async () => {
    const jobId = await createJob(server);
    const s = await sub(EPOCH, { jobId });
    const res = await server.gql(RECORD_EPOCH, { input: epochInput(jobId, 0, 150) });
    expect(res.data?.recordEpoch.userErrors).toEqual([]);
    const event = await s.nth(1, 3000);
    expect(event.data.epochRecorded.labels).toHaveLength(150);
    await sleep(700);
    expect(s.received).toHaveLength(1);
  });

  test('legacy rows written one by one become one whole epoch, announced when the next epoch starts or after a quiet period, and rank without a reindex', async () => {
    const jobId = '3b2f6c1e-7d4a-4e8b-9c0d-2a1b3c4d5e6f';
    await putOneByOne(server.doc, server.tableName, [
      legacyJob({ id: jobId, name: 'legacy-live', status: 'running', createdAt: '2026-03-01T09:59:00.000000+00:00' }),
    ]);
    const s = await sub(EPOCH, { jobId });
    const labels = ['MERCHANT_NAME', 'DATE', 'TOTAL'];
    await putOneByOne(server.doc, server.tableName, legacyEpochRows(jobId, 1, labels));
    const first = await s.nth(1, 2500);
    expect(first.data.epochRecorded).toMatchObject({ epoch: 1, valF1: 0.51, evalLoss: 0.5 });
    expect(first.data.epochRecorded.labels.map((l: { label: string }) => l.label)).toEqual(['DATE', 'MERCHANT_NAME', 'TOTAL']);
    expect(first.data.epochRecorded.labels[1]).toEqual({ label: 'MERCHANT_NAME', f1: 0.4, precision: 0.5, recall: 0.3, support: 10 });
    // Two epochs back to back: the first of them is announced as soon as the second starts, each whole.
    await putOneByOne(server.doc, server.tableName, [...legacyEpochRows(jobId, 2, labels), ...legacyEpochRows(jobId, 3, labels)]);
    await s.nth(3, 2500);
    expect(s.received.map((r) => [r.data.epochRecorded.epoch, r.data.epochRecorded.labels.length])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    // The leaderboard summary kept by the stream consumer: epoch 3 (val_f1 0.53) is this job's best.
    let entry: Record<string, unknown> | undefined;
    for (const end = Date.now() + 3000; !entry && Date.now() < end; await sleep(100)) {
      const board = await server.gql(`{ leaderboard(metric: "val_f1", first: 50) { jobId value epoch } }`);
      entry = board.data?.leaderboard.find((e: { jobId: string; epoch: number }) => e.jobId === jobId && e.epoch === 3);
    }
    expect(entry).toEqual({ jobId, value: 0.53, epoch: 3 });
    await sleep(700);
    expect(s.received).toHaveLength(3);
  });

  test('jobUpdated reports status changes and the finalize with its results; metricPointsAdded the logged points', async () => {
    const jobId = await createJob(server);
    const jobs = await sub(JOB, { jobId });
    const points = await sub(POINTS, { jobId, name: 'train_loss' });
    await server.gql(`mutation($input: LogMetricsInput!) { logMetrics(input: $input) { written } }`, {
      input: { jobId, points: [0, 10, 20].map((step) => ({ name: 'train_loss', value: 2 - step / 100, step })) },
    });
    const steps = () => points.received.flatMap((r) => r.data.metricPointsAdded);
    await points.waitFor(() => steps().length >= 3, 2000);
    expect(steps()).toEqual([0, 10, 20].map((step) => ({ jobId, name: 'train_loss', step, value: 2 - step / 100, epoch: null })));
    await server.gql(RECORD_EPOCH, { input: epochInput(jobId, 1, 2) });
    // The job's creation may or may not reach this subscriber (it subscribed just after), its start does.
    const running = await jobs.waitFor((r) => r.data.jobUpdated.status === 'RUNNING', 2000);
    expect(running.data.jobUpdated).toEqual({ id: jobId, status: 'RUNNING', results: null });
    const fin = await server.gql(`mutation($input: FinalizeJobInput!) { finalizeJob(input: $input) { userErrors { code } } }`, {
      input: { jobId, status: 'SUCCEEDED', trainRuntime: 321.5 },
    });
    expect(fin.data?.finalizeJob.userErrors).toEqual([]);
    const done = await jobs.waitFor((r) => r.data.jobUpdated.status !== 'RUNNING' && r.data.jobUpdated.status !== 'PENDING', 2000);
    expect(done.data.jobUpdated).toEqual({ id: jobId, status: 'SUCCEEDED', results: { bestF1: 0.51, trainRuntime: 321.5 } });
  });

  test('a subscriber that reconnects gets what follows, and nothing it already had', async () => {
    const jobId = await createJob(server);
    const before = await sub(EPOCH, { jobId });
    await server.gql(RECORD_EPOCH, { input: epochInput(jobId, 1, 1) });
    await before.nth(1, 2000);
    await before.close();
    const after = await sub(EPOCH, { jobId });
    await server.gql(RECORD_EPOCH, { input: epochInput(jobId, 2, 1) });
    await after.nth(1, 2000);
    await sleep(700);
    expect(after.received.map((r) => r.data.epochRecorded.epoch)).toEqual([2]);
  });

  test('bad arguments and other operations are refused over the socket', async () => {
    const bad = await sub(EPOCH, { jobId: 'not-a-uuid' });
    const blank = await sub(POINTS, { jobId: '3b2f6c1e-7d4a-4e8b-9c0d-2a1b3c4d5e6f', name: ' ' });
    const mutation = await sub(`mutation { deleteJob(input: { jobId: "3b2f6c1e-7d4a-4e8b-9c0d-2a1b3c4d5e6f" }) { deletedItems } }`, {});
    await sleep(200);
    expect(JSON.stringify(bad.received)).toContain('jobId must be a UUID');
    // The name rule of writes (src/platform/names.ts): a blank name is refused, naming the argument.
    expect(JSON.stringify(blank.received)).toContain('name must not be empty');
    expect(JSON.stringify(mutation.errors)).toContain('only subscriptions are served over WebSocket');
  });

  test('one connection holds at most 100 subscriptions; the 101st is refused with the limit in the message', async () => {
    const client = createClient({ url: wsUrl(server.url), webSocketImpl: WebSocket, retryAttempts: 0 });
    const before = await activeSubscriptions(server.url);
    const errors: unknown[] = [];
    const stops = Array.from({ length: MAX_SUBSCRIPTIONS_PER_CONNECTION }, () =>
      client.subscribe(
        { query: 'subscription { jobUpdated { id } }' },
        { next: () => undefined, error: (e) => errors.push(e), complete: () => undefined },
      ),
    );
    await untilActive(server.url, (n) => n === before + MAX_SUBSCRIPTIONS_PER_CONNECTION);
    const refused = new Promise<unknown>((resolve) =>
      client.subscribe({ query: 'subscription { jobUpdated { id } }' }, { next: resolve, error: resolve, complete: () => undefined }),
    );
    expect(JSON.stringify(await refused)).toContain(`at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection`);
    expect(errors).toEqual([]);
    stops.forEach((stop) => stop());
    await client.dispose();
    await untilActive(server.url, (n) => n === before);
  });
});

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../src/db/client';
import { findFreePort } from '../../src/dev/dynamodb-local-process';
import { startProcess, type Started } from '../helpers/child-process';
import { legacyEpochRows, legacyJob, putOneByOne } from '../helpers/legacy-seed';
import { until } from '../helpers/until';

/**
 * A server with live updates off still reads the table's stream for the leaderboard: epochs the legacy writer puts
 * straight into the table rank without `npm run reindex`, and keep ranking right as more arrive.
 */

const ENTRY = resolve(__dirname, '../../dist/app/index.js');
const BOARD = `query($metric: String!) { leaderboard(metric: $metric, first: 50) { jobId value epoch } }`;

type Entry = { jobId: string; value: number; epoch: number | null };

describe('a server with LIVE_EVENTS=off', () => {
  const tableName = `upkeep-${randomUUID()}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'metrics-upkeep-'));
  let server: Started;
  let url: string;
  let doc: DynamoDBDocumentClient;

  beforeAll(async () => {
    const endpoint = process.env.DYNAMODB_ENDPOINT as string;
    doc = createDocumentClient({ region: 'us-east-1', endpoint, timeoutMs: 10_000 });
    const port = await findFreePort();
    const env = {
      ...process.env,
      DYNAMODB_ENDPOINT: endpoint,
      TABLE_NAME: tableName,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      AUTH: 'off',
      LIVE_EVENTS: 'off',
      LOG_LEVEL: 'warn',
    };
    server = await startProcess(process.execPath, [ENTRY], env, 'training metrics API on');
    url = `http://127.0.0.1:${port}/graphql`;
  });

  afterAll(async () => {
    await server?.stop();
    doc?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function board(metric: string): Promise<Entry[]> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: BOARD, variables: { metric } }),
    });
    const body = (await res.json()) as { data?: { leaderboard: Entry[] }; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data?.leaderboard ?? [];
  }

  /** Polls both ranked leaderboards until `done` holds for what they show. */
  async function pollUntil(done: (f1: Entry[], loss: Entry[]) => boolean, what: string): Promise<{ f1: Entry[]; loss: Entry[] }> {
    let seen = { f1: [] as Entry[], loss: [] as Entry[] };
    let polling = true;
    const poll = (async () => {
      for (; polling; await new Promise((r) => setTimeout(r, 200))) seen = { f1: await board('val_f1'), loss: await board('eval_loss') };
    })();
    try {
      await until(() => done(seen.f1, seen.loss), what, 60_000);
    } finally {
      polling = false;
      await poll;
    }
    return seen;
  }

  test('says it still reads the stream, and legacy epochs rank in val_f1 and eval_loss without npm run reindex', async () => {
    expect(server.output()).toContain(
      'live updates off: the table stream is still read here, for leaderboard summaries and the job catalog',
    );
    const jobId = randomUUID();
    const rows = [...legacyEpochRows(jobId, 1, ['DATE']), ...legacyEpochRows(jobId, 2, ['DATE'])];
    await putOneByOne(doc, tableName, [
      legacyJob({ id: jobId, name: 'legacy-upkeep', status: 'running', createdAt: '2026-03-01T09:00:00.000000+00:00' }),
      ...rows,
    ]);
    const ranked = await pollUntil(
      (f1, loss) => f1.some((e) => e.jobId === jobId && e.epoch === 2) && loss.some((e) => e.jobId === jobId && e.epoch === 2),
      'the legacy job ranked by its second epoch',
    );
    expect(ranked.f1.find((e) => e.jobId === jobId)).toEqual({ jobId, value: 0.52, epoch: 2 });
    expect(ranked.loss.find((e) => e.jobId === jobId)).toEqual({ jobId, value: 1 / 3, epoch: 2 });

    // A later, better epoch moves the job's summary on; a worse one leaves it.
    await putOneByOne(doc, tableName, legacyEpochRows(jobId, 5, []));
    await pollUntil((f1) => f1.some((e) => e.jobId === jobId && e.epoch === 5), 'the legacy job ranked by its fifth epoch');
    const [worse] = legacyEpochRows(jobId, 6, []).map((row) => ({ ...row, value: 0.1 }));
    await putOneByOne(doc, tableName, [worse]);
    const other = randomUUID();
    await putOneByOne(doc, tableName, [
      legacyJob({ id: other, name: 'legacy-later', status: 'running', createdAt: '2026-03-01T10:00:00.000000+00:00' }),
      ...legacyEpochRows(other, 1, []),
    ]);
    // Once a job written after the worse row ranks, the worse row has been read: the first job's summary stays.
    const last = await pollUntil((f1) => f1.some((e) => e.jobId === other), 'the second legacy job ranked');
    expect(last.f1.find((e) => e.jobId === jobId)).toEqual({ jobId, value: 0.55, epoch: 5 });
    // The same stream feeds the job catalog: the legacy jobs are found by a search, best first, with their summaries.
    const search = async () => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `{ jobs(query: "name startswith \\"legacy-\\" and metrics.val_f1 > 0", orderBy: [{ field: METRIC, metric: "val_f1" }]) {
            edges { node { id summary(metric: "val_f1") { best epochOfBest count } } } } }`,
        }),
      });
      return (await res.json()) as { data?: { jobs: { edges: Array<{ node: Record<string, unknown> }> } }; errors?: unknown };
    };
    let found = await search();
    for (const end = Date.now() + 10_000; (found.data?.jobs.edges.length ?? 0) < 2 && Date.now() < end; found = await search())
      await new Promise((r) => setTimeout(r, 100));
    expect(found.errors).toBeUndefined();
    expect(found.data?.jobs.edges.map((e) => e.node)).toEqual([
      { id: jobId, summary: { best: 0.55, epochOfBest: 5, count: 4 } },
      { id: other, summary: { best: 0.51, epochOfBest: 1, count: 1 } },
    ]);
  }, 180_000);
});

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { newCallStats } from '../../src/db/call-stats';
import { DynamoGateway } from '../../src/db/gateway';
import type { LiveEvent } from '../../src/live/live-events';
import { LeaderboardUpkeep } from '../../src/modules/leaderboard/summary-upkeep';
import { LiveChangeFeed } from '../../src/stream/change-feed';
import { MemoryCheckpoints } from '../../src/stream/checkpoints';
import { toChange, type ItemChange } from '../../src/stream/table-stream-reader';
import { createJob, RECORD_EPOCH } from '../helpers/api';
import {
  expectedBest,
  expectedComputedEntry,
  legacySendItems,
  partitionCases,
  runLevelItems,
  serverSendInput,
  type Best,
  type PartitionCase,
} from '../helpers/epoch-partitions';
import { legacyJob, legacyMetric, legacyTs, putItems, putOneByOne, type Item } from '../helpers/legacy-seed';
import { streamRecords } from '../helpers/stream-records';
import { subscribe, type Subscriber } from '../helpers/subscriber';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * One best epoch through the real server: an epoch's value of a metric is its latest row (a legacy re-send supersedes
 * the earlier ones), the best epoch the best such value, whichever query, summary, announcement or finalize asks.
 */

const VAL_F1_ONLY = `query($id: ID!) { job(id: $id) { bestEpoch { epoch valF1 } } }`;
const WHOLE = `query($id: ID!) { job(id: $id) { bestEpoch { epoch valF1 evalLoss } epochs { epoch valF1 isBest } } }`;
const BOARD = `query($metric: String!, $direction: RankDirection) { leaderboard(metric: $metric, first: 500, direction: $direction) { jobId value epoch } }`;
const FINALIZE = `mutation($input: FinalizeJobInput!) { finalizeJob(input: $input) { job { results { bestF1 bestEpoch } } userErrors { code message } } }`;

type Row = { epoch: number | null; value: number } | null;
const asBest = (row: { epoch: number | null; valF1?: number | null; value?: number | null } | null | undefined): Best | null =>
  row ? { epoch: row.epoch, value: (row.valF1 ?? row.value) as number } : null;

/** A job's entry in a leaderboard, or null. */
async function boardEntry(server: TestServer, jobId: string, metric: string, direction?: 'ASC' | 'DESC'): Promise<Row> {
  const res = await server.gql(BOARD, { metric, direction });
  expect(res.errors).toBeUndefined();
  return asBest(res.data?.leaderboard.find((e: { jobId: string }) => e.jobId === jobId));
}

describe('random partitions of server and legacy epochs (re-sent ones too), through the API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const cases = fc.sample(partitionCases, { seed: 1616, numRuns: 12 });

  test('the sample holds re-sent legacy epochs next to server epochs', () => {
    const resent = (c: PartitionCase) => c.sends.some((s) => c.sends.some((t) => t !== s && t.epoch === s.epoch));
    expect(cases.filter(resent).length).toBeGreaterThanOrEqual(4);
    expect(cases.filter((c) => c.sends.some((s) => s.server) && c.sends.some((s) => !s.server)).length).toBeGreaterThanOrEqual(4);
  });

  test.each(cases.map((c, i) => [i, c] as const))(
    'case %i: Job.bestEpoch (val_f1 alone and whole), Epoch.isBest, the leaderboards and finalize agree with the rule',
    async (i, c) => {
      const jobId = await createJob(server, { name: `best-${i}` });
      // The legacy writer's rows, then the summaries made from them (what `npm run reindex` or the stream consumer does).
      await putItems(server.doc, server.tableName, [
        ...c.sends.filter((s) => !s.server).flatMap((s) => legacySendItems(jobId, s)),
        ...runLevelItems(jobId, c),
      ]);
      await LeaderboardUpkeep.over(new DynamoGateway(server.doc, server.tableName)).reindexJob(jobId);
      // Server epochs, in order: each keeps the summaries in its own transaction.
      for (const s of c.sends.filter((x) => x.server).sort((a, b) => a.order - b.order)) {
        const res = await server.gql(RECORD_EPOCH, { input: serverSendInput(jobId, s) });
        expect(res.data?.recordEpoch.userErrors).toEqual([]);
      }
      const f1 = expectedBest(c, 'valF1', 'DESC');

      const valF1Only = await server.gql(VAL_F1_ONLY, { id: jobId });
      const whole = await server.gql(WHOLE, { id: jobId });
      // The two selections take the two read paths: val_f1 alone reads less than the whole partition.
      expect(valF1Only.extensions?.dynamodb?.itemsRead).toBeLessThan(whole.extensions?.dynamodb?.itemsRead as number);
      const flagged = whole.data?.job.epochs.filter((e: { isBest: boolean }) => e.isBest);
      const results = (await server.gql(FINALIZE, { input: { jobId, status: 'SUCCEEDED' } })).data?.finalizeJob;
      expect(results.userErrors).toEqual([]);
      const { bestF1, bestEpoch } = results.job.results ?? { bestF1: null, bestEpoch: null };

      expect({
        bestEpochValF1Only: asBest(valF1Only.data?.job.bestEpoch),
        bestEpochWhole: asBest(whole.data?.job.bestEpoch),
        epochIsBest: flagged.length ? flagged.map(asBest) : [null],
        leaderboardValF1: await boardEntry(server, jobId, 'val_f1'),
        leaderboardEvalLoss: await boardEntry(server, jobId, 'eval_loss'),
        computedValF1Asc: await boardEntry(server, jobId, 'val_f1', 'ASC'),
        computedEvalLossDesc: await boardEntry(server, jobId, 'eval_loss', 'DESC'),
        finalize: bestEpoch === null ? null : { epoch: bestEpoch, value: bestF1 },
      }).toEqual({
        bestEpochValF1Only: f1,
        bestEpochWhole: f1,
        epochIsBest: [f1],
        leaderboardValF1: f1,
        leaderboardEvalLoss: expectedBest(c, 'evalLoss', 'ASC'),
        computedValF1Asc: expectedComputedEntry(c, 'ASC'),
        computedEvalLossDesc: expectedBest(c, 'evalLoss', 'DESC'),
        finalize: f1,
      });
    },
    120_000,
  );
});

/** One legacy val_f1 row of a job's epoch, `second` seconds into the run. */
const valF1Row = (jobId: string, epoch: number, value: number, second: number): Item =>
  legacyMetric({
    jobId,
    name: 'val_f1',
    ts: legacyTs('2026-03-01T10:00:00', second * 1_000_000),
    value,
    unit: 'ratio',
    epoch,
    step: epoch * 100,
  });

describe('the stream consumer reading through legacy rows made before it started (keepSummaries)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  test('a re-sent best epoch with a lower value has its job reindexed; a re-sent epoch that stays behind leaves the summary', async () => {
    const jobId = randomUUID();
    const gw = new DynamoGateway(server.doc, server.tableName);
    await putOneByOne(server.doc, server.tableName, [
      legacyJob({ id: jobId, name: 'resent', status: 'running', createdAt: '2026-03-01T09:59:00.000000+00:00' }),
      valF1Row(jobId, 0, 0.9, 0),
      valF1Row(jobId, 1, 0.6, 1),
      valF1Row(jobId, 2, 0.5, 2),
    ]);
    await LeaderboardUpkeep.over(gw).reindexJob(jobId);
    const summary = async () =>
      (await server.doc.send(new GetCommand({ TableName: server.tableName, Key: { PK: `JOB#${jobId}`, SK: 'LEADERBOARD#val_f1' } }))).Item;
    expect(await summary()).toMatchObject({ value: 0.9, epoch: 0 });

    /** Feeds the stream's changes of `rows` to a consumer that started after they were made; its DynamoDB calls. */
    const readThrough = async (rows: Item[]) => {
      await putOneByOne(server.doc, server.tableName, rows);
      const keys = new Set(rows.map((r) => r.SK));
      const changes = (await streamRecords(server))
        .map((r) => toChange(r, 'shard'))
        .filter((c): c is ItemChange => c !== null && keys.has(c.keys.SK));
      expect(changes).toHaveLength(rows.length);
      const stats = newCallStats();
      const events: LiveEvent[] = [];
      // The stream rounds a change's time down to the minute on DynamoDB Local: "started" two minutes from now.
      const feed = new LiveChangeFeed(gw.withStats(stats), async (e) => void events.push(e), new MemoryCheckpoints(), {
        quietMs: 1,
        announceSince: Date.now() + 120_000,
      });
      await feed.handle(changes);
      // Read through: no subscriber hears of them (the job catalogs do).
      expect(events.filter((e) => e.kind !== 'catalog')).toEqual([]);
      return stats.commands;
    };

    // Epoch 2 sent again, 0.55: still behind epoch 0, the summary stays (read, not reindexed). The job's card packs
    // every val_f1 row, so the card (one BatchGetItem) is rebuilt: one partition read, one PutItem.
    expect(await readThrough([valF1Row(jobId, 2, 0.55, 3)])).toEqual({ BatchGetItem: 2, Query: 1, PutItem: 1 });
    expect(await summary()).toMatchObject({ value: 0.9, epoch: 0 });
    // Epoch 0, the best, sent again with 0.3: its latest row is its value, so epoch 1 (0.6) is now the best. The
    // summary's partition read rebuilds the card too.
    expect(await readThrough([valF1Row(jobId, 0, 0.3, 4)])).toEqual({ BatchGetItem: 1, Query: 1, PutItem: 2 });
    expect(await summary()).toMatchObject({ value: 0.6, epoch: 1 });
    expect(await boardEntry(server, jobId, 'val_f1')).toEqual({ epoch: 1, value: 0.6 });
    expect(asBest((await server.gql(VAL_F1_ONLY, { id: jobId })).data?.job.bestEpoch)).toEqual({ epoch: 1, value: 0.6 });
    expect((await server.gql(WHOLE, { id: jobId })).data?.job.epochs).toEqual([
      { epoch: 0, valF1: 0.3, isBest: false },
      { epoch: 1, valF1: 0.6, isBest: true },
      { epoch: 2, valF1: 0.55, isBest: false },
    ]);
  });
});

describe('epochRecorded.isBest with a re-sent legacy epoch (the server reading its own stream)', () => {
  let server: TestServer;
  let sub: Subscriber | undefined;
  beforeAll(async () => {
    server = await startTestServer({ live: { quietMs: 1000 } });
  });
  afterAll(async () => {
    await sub?.close();
    await server.close();
  });

  test('legacy epochs sent twice, then a server epoch: each announced with its latest value, the server epoch best by its summary as by the queries', async () => {
    const jobId = randomUUID();
    await putOneByOne(server.doc, server.tableName, [
      legacyJob({ id: jobId, name: 'resent-live', status: 'running', createdAt: '2026-03-01T09:59:00.000000+00:00' }),
    ]);
    sub = await subscribe(server.url, `subscription($jobId: ID) { epochRecorded(jobId: $jobId) { epoch valF1 isBest } }`, { jobId });
    const s = sub;
    const announced = (n: number) => s.received.slice(0, n).map((r) => r.data.epochRecorded);

    // Epoch 0 sent twice back to back (0.9, then 0.3), then epoch 1 (0.6): each announced whole, with its latest value.
    await putOneByOne(server.doc, server.tableName, [valF1Row(jobId, 0, 0.9, 0), valF1Row(jobId, 0, 0.3, 1), valF1Row(jobId, 1, 0.6, 2)]);
    await s.nth(2, 20_000);
    expect(announced(2).map((e) => [e.epoch, e.valF1])).toEqual([
      [0, 0.3],
      [1, 0.6],
    ]);
    // Epoch 0 is read back when epoch 1 starts, so whether epoch 1 is stored by then decides its isBest; epoch 1 beats 0.3.
    expect(announced(2)[1].isBest).toBe(true);
    // Epoch 1 sent again after it was announced, lower (0.2): a late row; the job's summary follows, epoch 0 (0.3) is the best.
    await putOneByOne(server.doc, server.tableName, [valF1Row(jobId, 1, 0.2, 3)]);
    let entry: Row = null;
    for (const end = Date.now() + 20_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
      entry = await boardEntry(server, jobId, 'val_f1');
      if (entry?.epoch === 0) break;
    }
    expect(entry).toEqual({ epoch: 0, value: 0.3 });

    // A server epoch at 0.4: better than every epoch's latest value (not than the superseded 0.9 and 0.6 rows).
    const res = await server.gql(RECORD_EPOCH, { input: { jobId, epoch: 2, step: 200, valF1: 0.4 } });
    expect(res.data?.recordEpoch.userErrors).toEqual([]);
    await s.nth(3, 20_000);
    expect(announced(3)[2]).toEqual({ epoch: 2, valF1: 0.4, isBest: true });
    expect((await server.gql(WHOLE, { id: jobId })).data?.job).toEqual({
      bestEpoch: { epoch: 2, valF1: 0.4, evalLoss: null },
      epochs: [
        { epoch: 0, valF1: 0.3, isBest: false },
        { epoch: 1, valF1: 0.2, isBest: false },
        { epoch: 2, valF1: 0.4, isBest: true },
      ],
    });
    expect(asBest((await server.gql(VAL_F1_ONLY, { id: jobId })).data?.job.bestEpoch)).toEqual({ epoch: 2, value: 0.4 });
    expect(await boardEntry(server, jobId, 'val_f1')).toEqual({ epoch: 2, value: 0.4 });
  });
});

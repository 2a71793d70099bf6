import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { newCallStats } from '../../src/db/call-stats';
import { DynamoGateway } from '../../src/db/gateway';
import { LiveChangeFeed } from '../../src/stream/change-feed';
import { LeaderboardUpkeep } from '../../src/modules/leaderboard/summary-upkeep';
import type { LiveEvent } from '../../src/live/live-events';
import { MemoryCheckpoints } from '../../src/stream/checkpoints';
import { toChange, type ItemChange } from '../../src/stream/table-stream-reader';
import { createJob, epochInput, RECORD_EPOCH } from '../helpers/api';
import { legacyEpochRows, legacyJob, putOneByOne } from '../helpers/legacy-seed';
import { streamRecords } from '../helpers/stream-records';
import { subscribe } from '../helpers/subscriber';
import { startTestServer, type TestServer } from '../helpers/test-server';

/** What the change feed reads to announce an epoch, counted on DynamoDB Local, and that it announces what queries read. */
describe('the live change feed', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const EPOCHS = `query($id: ID!) { job(id: $id) { epochs { jobId: __typename epoch step valF1 valPrecision valRecall evalLoss trainLoss learningRate isBest recordedAt
    labels { label f1 precision recall support } extra { name value unit step epoch timestamp } } } }`;

  async function feedAll(): Promise<{ events: LiveEvent[]; stats: ReturnType<typeof newCallStats>; feed: LiveChangeFeed }> {
    const stats = newCallStats();
    const events: LiveEvent[] = [];
    const feed = new LiveChangeFeed(
      new DynamoGateway(server.doc, server.tableName).withStats(stats),
      async (e) => void events.push(e),
      new MemoryCheckpoints(),
      { quietMs: 60_000 },
    );
    const changes = (await streamRecords(server)).map((r) => toChange(r, 'shard')).filter((c): c is ItemChange => c !== null);
    await feed.handle(changes);
    return { events, stats, feed };
  }

  test('a server epoch is built from its committed marker with one BatchGetItem (its val_f1 summary), equal to what queries read', async () => {
    const jobId = await createJob(server);
    for (const epoch of [1, 2]) {
      const input = epochInput(jobId, epoch, 12, epoch === 2 ? { valF1: 0.4 } : {});
      expect((await server.gql(RECORD_EPOCH, { input })).data?.recordEpoch.userErrors).toEqual([]);
    }
    const { events, stats } = await feedAll();
    expect(stats.commands).toEqual({ BatchGetItem: 1 });
    const announced = events.filter((e): e is Extract<LiveEvent, { kind: 'epoch' }> => e.kind === 'epoch').map((e) => e.epoch);
    const queried = (await server.gql(EPOCHS, { id: jobId })).data?.job.epochs;
    // The same fields as the API serves them (GraphQL drops the model's extra properties such as sortKey).
    const served = announced.map((row) => ({
      ...row,
      jobId: 'Epoch',
      labels: row.labels.map(({ label, f1, precision, recall, support }) => ({ label, f1, precision, recall, support })),
      extra: row.extra.map(({ name, value, unit, step, epoch, timestamp }) => ({ name, value, unit, step, epoch, timestamp })),
    }));
    expect(served).toEqual(queried);
    expect(announced.map((e) => [e.epoch, e.isBest])).toEqual([
      [1, true],
      [2, false],
    ]);
  });

  test('a legacy epoch costs one Query of its job partition, and its summaries come from that same read', async () => {
    const jobId = '5d6e7f80-1a2b-4c3d-8e4f-a0b1c2d3e4f5';
    await putOneByOne(server.doc, server.tableName, [
      legacyJob({ id: jobId, name: 'legacy-feed', status: 'running', createdAt: '2026-03-01T09:00:00.000000+00:00' }),
      ...legacyEpochRows(jobId, 1, ['DATE']),
    ]);
    const { events, stats, feed } = await feedAll();
    expect(events.filter((e) => e.kind === 'epoch' && e.jobId === jobId)).toEqual([]);
    const before = { ...stats.commands };
    // The job finishes: its pending legacy epoch is due.
    await server.doc.send(
      new UpdateCommand({
        TableName: server.tableName,
        Key: { PK: `JOB#${jobId}`, SK: 'JOB' },
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'succeeded' },
      }),
    );
    const last = (await streamRecords(server))
      .map((r) => toChange(r, 'shard'))
      .filter((c): c is ItemChange => c !== null)
      .slice(-1);
    await feed.handle(last);
    expect(stats.commands.Query - (before.Query ?? 0)).toBe(1);
    expect(stats.commands.PutItem - (before.PutItem ?? 0)).toBe(2);
    const epoch = events.find((e) => e.kind === 'epoch' && e.jobId === jobId);
    expect(epoch).toMatchObject({ epoch: { epoch: 1, valF1: 0.51, isBest: true, labels: [{ label: 'DATE', f1: 0.4, support: 10 }] } });
  });

  test('changes made before the consumer started are read through without events; legacy summaries are kept with one BatchGetItem and a reindex only where a row improves one', async () => {
    const fresh = '6e7f8091-2a3b-4c4d-9e5f-b0c1d2e3f4a5';
    const indexed = '7f8091a2-3b4c-4d5e-8f60-c1d2e3f4a5b6';
    for (const jobId of [fresh, indexed]) {
      await putOneByOne(server.doc, server.tableName, [
        legacyJob({ id: jobId, name: `before-${jobId.slice(0, 4)}`, status: 'running', createdAt: '2026-03-01T09:00:00.000000+00:00' }),
      ]);
      await putOneByOne(server.doc, server.tableName, [...legacyEpochRows(jobId, 1, ['DATE']), ...legacyEpochRows(jobId, 2, ['DATE'])]);
    }
    const gw = new DynamoGateway(server.doc, server.tableName);
    expect(await LeaderboardUpkeep.over(gw).reindexJob(indexed)).toBe(2);
    const stats = newCallStats();
    const events: LiveEvent[] = [];
    // The stream rounds a change's time down to the minute on DynamoDB Local: "started" two minutes from now.
    const feed = new LiveChangeFeed(gw.withStats(stats), async (e) => void events.push(e), new MemoryCheckpoints(), {
      quietMs: 1,
      announceSince: Date.now() + 120_000,
    });
    const ours = (c: ItemChange) => [fresh, indexed].some((id) => c.keys.PK === `JOB#${id}`);
    const changes = (await streamRecords(server)).map((r) => toChange(r, 'shard')).filter((c): c is ItemChange => c !== null && ours(c));
    await feed.handle(changes);
    feed.caughtUpWith('shard', Date.now() + 600_000);
    await feed.tick();
    // No subscriber hears of them; the job catalogs do (both jobs, their rows).
    expect(events.filter((e) => e.kind !== 'catalog')).toEqual([]);
    const forCatalog = events.flatMap((e) => (e.kind === 'catalog' ? e.changes : []));
    expect(new Set(forCatalog.filter((c) => c.kind === 'job').map((c) => (c.kind === 'job' ? c.facts.id : '')))).toEqual(
      new Set([fresh, indexed]),
    );
    expect(forCatalog.filter((c) => c.kind === 'rows')).toHaveLength(2);
    // Best val_f1 and eval_loss of both jobs in one BatchGetItem; the fresh job's partition read, its two summaries and
    // its card written from that read. The other job's summaries are current, its card missing (one BatchGetItem): it
    // is read once more and its card written.
    expect(stats.commands).toEqual({ BatchGetItem: 2, Query: 2, PutItem: 4 });
    const summary = await server.doc.send(
      new GetCommand({ TableName: server.tableName, Key: { PK: `JOB#${fresh}`, SK: 'LEADERBOARD#val_f1' } }),
    );
    expect(summary.Item).toMatchObject({ value: 0.52, epoch: 2 });
  });

  test('a server with live updates off says so to a subscriber, as SERVICE_UNAVAILABLE', async () => {
    const s = await subscribe(server.url, 'subscription { jobUpdated { id } }');
    await s.waitFor((r) => Boolean(r.errors), 2000);
    expect(s.received[0].errors).toEqual([
      expect.objectContaining({
        message: 'live updates are off on this server (LIVE_EVENTS=off)',
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      }),
    ]);
    await s.close();
  });
});

describe('shutting down with subscribers connected', () => {
  test('the server tells each subscriber it is going away (1001) and closes at once instead of waiting on their sockets', async () => {
    const server = await startTestServer({ live: { quietMs: 500 } });
    const subscribers = [
      await subscribe(server.url, 'subscription { jobUpdated { id } }'),
      await subscribe(server.url, 'subscription { epochRecorded { epoch } }'),
    ];
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(3000);
    for (const s of subscribers) {
      for (const end = Date.now() + 2000; s.closedWith() === null && Date.now() < end;) await new Promise((r) => setTimeout(r, 20));
      expect(s.closedWith()).toBe(1001);
    }
  });
});

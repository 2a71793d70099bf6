import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoGateway } from '../../src/db/gateway';
import { rebuildJobCard } from '../../src/modules/cards/card-upkeep';
import { createJob, epochInput, RECORD_EPOCH } from '../helpers/api';
import { legacyJob, legacyMetric, legacyTs, putOneByOne, type Item } from '../helpers/legacy-seed';
import { startTestServer, type GqlResponse, type TestServer } from '../helpers/test-server';

/**
 * Job cards (docs/storage.md, "Job cards"): written with each epoch by the server, kept by the stream consumer for
 * rows the legacy writer puts straight into the table, rebuilt by reindex; read for overviews, and answering exactly
 * what the job's rows answer.
 */

/** What the card answers: the curves of val_f1 and eval_loss (whole and downsampled) and the best epoch, both shapes. */
const CARD_FIELDS = `
  f1: series(name: "val_f1") { epoch step value timestamp unit data }
  loss: series(name: "eval_loss") { epoch step value timestamp unit }
  few: series(name: "val_f1", maxPoints: 4) { epoch step value timestamp }
  b1: bestEpoch { epoch step valF1 isBest }
  b2: bestEpoch { epoch step valF1 recordedAt }`;
const FROM_CARD = `query($id: ID!) { job(id: $id) { ${CARD_FIELDS} } }`;
/** The same with the epochs asked too: the job's partition is read, and answers everything. */
const FROM_PARTITION = `query($id: ID!) { job(id: $id) { epochs { epoch } ${CARD_FIELDS} } }`;

type Stats = NonNullable<NonNullable<GqlResponse['extensions']>['dynamodb']>;

function statsOf(res: GqlResponse<unknown>): Stats {
  expect(res.errors).toBeUndefined();
  return res.extensions?.dynamodb as Stats;
}

async function cardItem(server: TestServer, jobId: string): Promise<Record<string, unknown> | undefined> {
  const out = await server.doc.send(
    new GetCommand({ TableName: server.tableName, Key: { PK: `JOB#${jobId}`, SK: 'CARD' }, ConsistentRead: true }),
  );
  return out.Item;
}

/** The job's card answers and its partition's, and what reading them cost. */
async function bothWays(server: TestServer, id: string) {
  const card = await server.gql(FROM_CARD, { id });
  const partition = await server.gql(FROM_PARTITION, { id });
  const { epochs: _, ...fromPartition } = partition.data?.job ?? {};
  return { fromCard: card.data?.job, fromPartition, cardStats: statsOf(card), partitionStats: statsOf(partition) };
}

describe('cards of jobs the server records', () => {
  let server: TestServer;
  let gw: DynamoGateway;
  beforeAll(async () => {
    server = await startTestServer();
    gw = new DynamoGateway(server.doc, server.tableName);
  });
  afterAll(() => server.close());

  test('each epoch puts the card in its one transaction, and the card answers series and bestEpoch as the rows do', async () => {
    const id = await createJob(server, { name: 'card-server' });
    const f1 = [0.61, 0.83, 0.7, 0.83, 0.5, 0.66];
    for (const [epoch, valF1] of f1.entries()) {
      const res = await server.gql(RECORD_EPOCH, { input: epochInput(id, epoch, 2, { valF1 }) });
      expect(res.data?.recordEpoch).toEqual({ replayed: false, userErrors: [] });
      // One consistent BatchGetItem of the job, its summaries and its card; the first epoch also reads the partition
      // (no card yet); one TransactWriteItems with the card in it.
      expect(statsOf(res).commands).toEqual(
        epoch === 0 ? { BatchGetItem: 1, Query: 1, TransactWriteItems: 1 } : { BatchGetItem: 1, TransactWriteItems: 1 },
      );
    }
    const item = await cardItem(server, id);
    expect(item).toMatchObject({ card_version: 1, version: f1.length, job_id: id });
    expect(item?.TYPE).toBeUndefined();
    // What the writer kept is what a rebuild from the rows makes.
    expect(await rebuildJobCard(gw, id)).toBe('unchanged');

    const { fromCard, fromPartition, cardStats, partitionStats } = await bothWays(server, id);
    expect(fromCard).toEqual(fromPartition);
    expect(fromCard?.f1.map((p: { value: number }) => p.value)).toEqual(f1);
    expect(fromCard?.few).toHaveLength(4);
    expect(fromCard?.b1).toEqual({ epoch: 1, step: 100, valF1: 0.83, isBest: true });
    // The job item and the card (with the descriptors of the series asked): two BatchGetItem calls, no Query.
    expect(cardStats.commands).toEqual({ BatchGetItem: 2 });
    expect(partitionStats.commands).toEqual({ Query: 1 });
  });

  test('a staged epoch (too big for one transaction) puts the card with its commit; a replay changes nothing', async () => {
    const id = await createJob(server, { name: 'card-staged' });
    expect((await server.gql(RECORD_EPOCH, { input: epochInput(id, 0, 2) })).data?.recordEpoch.userErrors).toEqual([]);
    const before = await cardItem(server, id);
    const staged = await server.gql(RECORD_EPOCH, { input: epochInput(id, 1, 200, { valF1: 0.9 }) });
    expect(staged.data?.recordEpoch).toEqual({ replayed: false, userErrors: [] });
    expect(statsOf(staged).commands.BatchWriteItem).toBeGreaterThan(1);
    const after = await cardItem(server, id);
    expect(after?.version).toBe((before?.version as number) + 1);
    expect(await rebuildJobCard(gw, id)).toBe('unchanged');
    const { fromCard, fromPartition } = await bothWays(server, id);
    expect(fromCard).toEqual(fromPartition);
    expect(fromCard?.b2).toMatchObject({ epoch: 1, valF1: 0.9 });

    const again = await server.gql(RECORD_EPOCH, { input: epochInput(id, 1, 200, { valF1: 0.9 }) });
    expect(again.data?.recordEpoch).toEqual({ replayed: true, userErrors: [] });
    const replayAgain = await server.gql(RECORD_EPOCH, { input: epochInput(id, 0, 2) });
    expect(replayAgain.data?.recordEpoch).toEqual({ replayed: true, userErrors: [] });
    // The card has the epoch: its marker is read at once (the replay check), nothing is written.
    expect(statsOf(replayAgain).commands).toEqual({ BatchGetItem: 1, GetItem: 1 });
    expect(await cardItem(server, id)).toEqual(after);
  });

  test('epochs recorded at once, with rebuilds running meanwhile, leave the card a rebuild makes (versioned puts, no lost epoch)', async () => {
    const id = await createJob(server, { name: 'card-race' });
    const scores = Array.from({ length: 10 }, (_, i) => ((i * 7) % 10) / 12.5);
    const rebuilds = Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = 0; i < 3; i++) await rebuildJobCard(gw, id);
      }),
    );
    const recorded = await Promise.all(
      scores.map((valF1, epoch) => server.gql(RECORD_EPOCH, { input: epochInput(id, epoch, 1, { valF1 }) })),
    );
    await rebuilds;
    expect(recorded.map((r) => r.data?.recordEpoch.userErrors)).toEqual(scores.map(() => []));
    expect(await rebuildJobCard(gw, id)).toBe('unchanged');
    const { fromCard, fromPartition } = await bothWays(server, id);
    expect(fromCard).toEqual(fromPartition);
    expect(fromCard?.f1).toHaveLength(scores.length);
  });

  test('a job without a card (made before cards) answers the same from its rows, and a rebuild brings the card back', async () => {
    const id = await createJob(server, { name: 'card-missing' });
    for (const epoch of [0, 1, 2]) await server.gql(RECORD_EPOCH, { input: epochInput(id, epoch, 1, { valF1: [0.4, 0.7, 0.6][epoch] }) });
    const withCard = await bothWays(server, id);
    const stored = await cardItem(server, id);
    await server.doc.send(new DeleteCommand({ TableName: server.tableName, Key: { PK: `JOB#${id}`, SK: 'CARD' } }));
    const without = await bothWays(server, id);
    expect(without.fromCard).toEqual(withCard.fromCard);
    expect(without.fromCard).toEqual(without.fromPartition);
    // No card: the job's rows are read (the val_f1 and eval_loss points by prefix, or its partition for bestEpoch).
    expect(without.cardStats.commands.Query).toBeGreaterThanOrEqual(1);
    expect(await rebuildJobCard(gw, id)).toBe('written');
    const { version: _, updated_at: __, ...rebuilt } = (await cardItem(server, id)) as Record<string, unknown>;
    const { version: ___, updated_at: ____, ...kept } = stored as Record<string, unknown>;
    expect(rebuilt).toEqual(kept);
    expect(await rebuildJobCard(gw, id)).toBe('unchanged');
  });
});

describe.each([
  ['with live events', { live: { quietMs: 300 } }],
  ['with live events off (the job catalog)', { catalog: {} }],
])('cards of jobs the legacy writer fills, kept by the stream consumer %s', (_, opts) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(opts);
  });
  afterAll(() => server.close());

  /** One legacy epoch's standard rows and a label row, put one by one from `base`, val_f1 as given. */
  const legacyEpoch = (jobId: string, epoch: number, valF1: number, base: string): Item[] => {
    let offset = 0;
    const row = (name: string, value: number, unit: string) =>
      legacyMetric({ jobId, name, ts: legacyTs(base, (offset += 7000)), value, unit, epoch, step: epoch * 100 });
    return [
      row('val_f1', valF1, 'ratio'),
      row('eval_loss', 1 - valF1, 'loss'),
      row('train_loss', 0.4, 'loss'),
      row('label_TOTAL_f1', 0.5, 'ratio'),
    ];
  };

  const valF1Rows = async (jobId: string) =>
    ((await cardItem(server, jobId))?.series as { val_f1?: unknown[] } | undefined)?.val_f1?.length ?? 0;
  /** Once the consumer has seen every row: the card holds `rows` val_f1 rows and answers as the partition does. */
  const settled = (jobId: string, rows: number) => async () => {
    const { fromCard, fromPartition } = await bothWays(server, jobId);
    // Both answers select the same fields in the same order: equal answers are equal texts.
    return (await valF1Rows(jobId)) === rows && JSON.stringify(fromCard) === JSON.stringify(fromPartition);
  };

  test('legacy rows put straight into the table get a card; a re-sent epoch puts both rows on it, and the latest decides the best', async () => {
    const id = randomUUID();
    await putOneByOne(server.doc, server.tableName, [
      legacyJob({ id, name: 'legacy-card', status: 'running', createdAt: '2026-03-01T09:00:00.000000+00:00' }),
      ...legacyEpoch(id, 1, 0.8, '2026-03-01T10:00:00'),
      ...legacyEpoch(id, 2, 0.9, '2026-03-01T10:10:00'),
    ]);
    await waitFor(settled(id, 2), 'the consumer to build the legacy job card');
    const first = await bothWays(server, id);
    expect(first.fromCard).toEqual(first.fromPartition);
    expect(first.fromCard?.b2).toEqual({ epoch: 2, step: 200, valF1: 0.9, recordedAt: '2026-03-01T10:10:00.007000+00:00' });
    expect(first.cardStats.commands).toEqual({ BatchGetItem: 2 });

    // The legacy writer sends epoch 2 again, later and lower: its latest row is the epoch's value.
    await putOneByOne(server.doc, server.tableName, legacyEpoch(id, 2, 0.7, '2026-03-01T10:20:00'));
    await waitFor(settled(id, 3), 'the consumer to put the re-sent epoch on the card');
    const resent = await bothWays(server, id);
    expect(resent.fromCard).toEqual(resent.fromPartition);
    expect(resent.fromCard?.f1.map((p: { epoch: number; value: number }) => [p.epoch, p.value])).toEqual([
      [1, 0.8],
      [2, 0.9],
      [2, 0.7],
    ]);
    expect(resent.fromCard?.b1).toEqual({ epoch: 1, step: 100, valF1: 0.8, isBest: true });
    expect(resent.cardStats.commands).toEqual({ BatchGetItem: 2 });
  });
});

/** Polls an asynchronous condition (the stream consumer works a moment behind the writes). */
async function waitFor(check: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  for (const end = Date.now() + ms; !(await check()); await new Promise((r) => setTimeout(r, 50)))
    if (Date.now() > end) throw new Error(`not within ${ms / 1000} s: ${what}`);
}

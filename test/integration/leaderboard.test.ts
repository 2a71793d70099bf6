import { DynamoGateway } from '../../src/db/gateway';
import { LeaderboardUpkeep } from '../../src/modules/leaderboard/summary-upkeep';
import { createJob, epochInput, RECORD_EPOCH } from '../helpers/api';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const BOARD = `query($metric: String!, $first: Int, $direction: RankDirection) { leaderboard(metric: $metric, first: $first, direction: $direction) { rank jobId value epoch job { name } } }`;

/** Creates `n` jobs with one epoch each (val_f1 spread so ranks are known). */
async function jobsWithEpochs(n: number, offset = 0): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = await createJob(server, { name: `lb-${offset + i}` });
    await server.gql(RECORD_EPOCH, {
      input: epochInput(id, 1, 1, { valF1: ((offset + i) % 997) / 1000, evalLoss: 1 + ((offset + i) % 991) / 1000 }),
    });
    ids.push(id);
  }
  return ids;
}

test('summaries follow each epoch in the same write: best value, the earliest epoch on a tie, both directions', async () => {
  const id = await createJob(server, { name: 'lb-own' });
  for (const [epoch, valF1, evalLoss] of [
    [1, 0.97, 0.5],
    [2, 0.99, 0.3],
    [3, 0.99, 0.2],
    [4, 0.98, 0.25],
  ]) {
    const res = await server.gql(RECORD_EPOCH, { input: epochInput(id, epoch, 2, { valF1, evalLoss }) });
    expect(res.extensions?.dynamodb?.commands).toMatchObject({ TransactWriteItems: 1 });
  }
  const f1 = await server.gql(BOARD, { metric: 'val_f1', first: 1 });
  expect(f1.data?.leaderboard).toEqual([{ rank: 1, jobId: id, value: 0.99, epoch: 2, job: { name: 'lb-own' } }]);
  const loss = await server.gql(BOARD, { metric: 'eval_loss', first: 1 });
  expect(loss.data?.leaderboard[0]).toMatchObject({ jobId: id, value: 0.2, epoch: 3 });
});

test('leaderboard(first: 10) reads the same items at 12 and at 72 jobs', async () => {
  await jobsWithEpochs(12);
  const small = await server.gql(BOARD, { metric: 'val_f1', first: 10 });
  await jobsWithEpochs(60, 12);
  const large = await server.gql(BOARD, { metric: 'val_f1', first: 10 });
  expect(large.data?.leaderboard).toHaveLength(10);
  expect(large.extensions?.dynamodb?.itemsRead).toBe(small.extensions?.dynamodb?.itemsRead);
  expect(large.extensions?.dynamodb?.itemsRead).toBeLessThanOrEqual(20);
  expect(large.extensions?.dynamodb?.commands).toEqual({ Query: 1, BatchGetItem: 1 });
  const values = large.data?.leaderboard.map((e: { value: number }) => e.value);
  expect(values).toEqual([...values].sort((a: number, b: number) => b - a));
  // The same ranking as computing it from every point (the path a non-default direction takes).
  const computed = await server.gql(BOARD, { metric: 'val_f1', first: 10, direction: 'ASC' });
  expect(computed.data?.leaderboard[0].value).toBeLessThanOrEqual(values[9]);
});

test('concurrent epochs of one job and a reindex running meanwhile leave the true best', async () => {
  const id = await createJob(server, { name: 'lb-race' });
  const scores = Array.from({ length: 12 }, (_, i) => ((i * 7) % 12) / 12.5);
  const gw = new DynamoGateway(server.doc, server.tableName);
  await Promise.all([
    ...scores.map((valF1, epoch) => server.gql(RECORD_EPOCH, { input: epochInput(id, epoch, 1, { valF1 }) })),
    LeaderboardUpkeep.over(gw).reindexAll({ concurrency: 4 }),
  ]);
  await LeaderboardUpkeep.over(gw).reindexAll();
  const board = await server.gql(BOARD, { metric: 'val_f1', first: 500 });
  const entry = board.data?.leaderboard.find((e: { jobId: string }) => e.jobId === id);
  expect(entry).toMatchObject({ value: Math.max(...scores), epoch: scores.indexOf(Math.max(...scores)) });
});

test('an epoch of 88 labels, the first of a PENDING job, is one TransactWriteItems call', async () => {
  const id = await createJob(server);
  // 94 rows, 2 summaries, the job's card, the marker, the job's move and its status-history item: 100, one transaction.
  const first = await server.gql(RECORD_EPOCH, { input: epochInput(id, 1, 88, { extra: [] }) });
  expect(first.data?.recordEpoch).toEqual({ replayed: false, userErrors: [] });
  expect(first.extensions?.dynamodb?.commands.TransactWriteItems).toBe(1);
  expect(first.extensions?.dynamodb?.commands.BatchWriteItem).toBeUndefined();
  const second = await server.gql(RECORD_EPOCH, { input: epochInput(id, 2, 89, { extra: [] }) });
  expect(second.extensions?.dynamodb?.commands.TransactWriteItems).toBe(1);
  const view = await server.gql(`query($id: ID!) { job(id: $id) { status epochs { labels { label } } } }`, { id });
  expect(view.data?.job.status).toBe('RUNNING');
  expect(view.data?.job.epochs.map((e: { labels: unknown[] }) => e.labels.length)).toEqual([88, 89]);
});

test('an epoch of 89 labels, the first of a PENDING job: the start commits on its own, then the epoch as one transaction, nothing staged or left out', async () => {
  const id = await createJob(server);
  // 95 rows, 2 summaries, the job's card, the marker and the job guard are 100: the start (the job's move and its
  // status-history item) cannot join them, so it goes first in its own transaction.
  const first = await server.gql(RECORD_EPOCH, { input: epochInput(id, 1, 89, { extra: [] }) });
  expect(first.data?.recordEpoch).toEqual({ replayed: false, userErrors: [] });
  expect(first.extensions?.dynamodb?.commands.TransactWriteItems).toBe(2);
  expect(first.extensions?.dynamodb?.commands.BatchWriteItem).toBeUndefined();
  const again = await server.gql(RECORD_EPOCH, { input: epochInput(id, 1, 89, { extra: [] }) });
  expect(again.data?.recordEpoch).toEqual({ replayed: true, userErrors: [] });
  const view = await server.gql(`query($id: ID!) { job(id: $id) { status statusHistory { status } epochs { isBest labels { label } } } }`, {
    id,
  });
  expect(view.data?.job.status).toBe('RUNNING');
  expect(view.data?.job.statusHistory.map((s: { status: string }) => s.status)).toEqual(['RUNNING']);
  expect(view.data?.job.epochs.map((e: { labels: unknown[] }) => e.labels.length)).toEqual([89]);
  const board = await server.gql(BOARD, { metric: 'val_f1', first: 500 });
  expect(board.data?.leaderboard.some((e: { jobId: string }) => e.jobId === id)).toBe(true);
});

import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { createDocumentClient } from '../../src/db/client';
import { tableDefinition } from '../../src/db/table';
import { createJob, epochInput, RECORD_EPOCH } from '../helpers/api';
import { legacyEpochRows, legacyFixtureItems, legacyJob, legacyStatus, putItems } from '../helpers/legacy-seed';
import { runNpm } from '../helpers/npm-scripts';
import { partitionItems } from '../helpers/table-items';
import { startTestServer } from '../helpers/test-server';

/**
 * `npm run db:create-table` and `npm run reindex` as a user runs them: `npm run …` from the project root, pointed at
 * a table by DYNAMODB_ENDPOINT and TABLE_NAME (here the suite's DynamoDB Local), judged by what they print, how they
 * exit and what the table holds afterwards.
 */

const endpoint = process.env.DYNAMODB_ENDPOINT as string;
const against = (tableName: string): NodeJS.ProcessEnv => ({ ...process.env, DYNAMODB_ENDPOINT: endpoint, TABLE_NAME: tableName });
const doc = createDocumentClient({ region: 'us-east-1', endpoint, timeoutMs: 5000 });
afterAll(() => doc.destroy());

test('db:create-table creates the table of docs/storage.md, says "exists" the second time, and the server works on it', async () => {
  const tableName = `cli-create-${randomUUID()}`;
  const first = await runNpm(['run', 'db:create-table'], against(tableName));
  expect({ code: first.code, line: /^(created table .*)$/m.exec(first.stdout)?.[1] }).toEqual({
    code: 0,
    line: `created table ${tableName} (${endpoint})`,
  });
  const { Table } = await doc.send(new DescribeTableCommand({ TableName: tableName }));
  const expected = tableDefinition(tableName);
  expect(Table?.KeySchema).toEqual(expected.KeySchema);
  expect((Table?.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, g.KeySchema]).sort()).toEqual(
    (expected.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, g.KeySchema]).sort(),
  );
  expect(Table?.StreamSpecification).toMatchObject({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });

  const again = await runNpm(['run', 'db:create-table'], against(tableName));
  expect({ code: again.code, line: /^(table .* exists .*)$/m.exec(again.stdout)?.[1] }).toEqual({
    code: 0,
    line: `table ${tableName} exists (${endpoint})`,
  });

  const server = await startTestServer({ tableName, skipTableCreation: true });
  try {
    const id = await createJob(server, { name: 'on-a-cli-table' });
    const epoch = await server.gql(RECORD_EPOCH, { input: epochInput(id, 1, 2) });
    expect(epoch.data?.recordEpoch).toEqual({ replayed: false, userErrors: [] });
  } finally {
    await server.close();
  }
}, 120_000);

test('db:create-table on a table of another shape names each difference and exits 1', async () => {
  const tableName = `cli-shape-${randomUUID()}`;
  await doc.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  );
  const run = await runNpm(['run', 'db:create-table'], against(tableName));
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(`table ${tableName} does not have the shape docs/storage.md defines:`);
  expect(run.stderr).toContain('primary key is id:HASH, expected PK:HASH,SK:RANGE');
  for (const gsi of tableDefinition(tableName).GlobalSecondaryIndexes ?? [])
    expect(run.stderr).toContain(`index ${gsi.IndexName} is missing`);
}, 120_000);

test('reindex ranks the jobs the legacy writer wrote (no summaries of their own) with their best epoch and gives them cards, a rerun writes nothing, and a card deleted is rebuilt', async () => {
  const server = await startTestServer();
  const BOARD = `query { leaderboard(metric: "val_f1", first: 10) { rank jobId value epoch } }`;
  try {
    // Two legacy jobs (val_f1 0.5 + epoch / 100 in legacyEpochRows) and one the server recorded.
    const legacy = [randomUUID(), randomUUID()];
    const epochsOf = [3, 5];
    await putItems(doc, server.tableName, [
      ...legacy.map((id, i) =>
        legacyJob({ id, name: `legacy-${i}`, status: 'succeeded', createdAt: `2026-03-0${i + 1}T09:00:00.000000+00:00` }),
      ),
      ...legacy.flatMap((id, i) => Array.from({ length: epochsOf[i] }, (_, e) => legacyEpochRows(id, e + 1, ['TOTAL'])).flat()),
    ]);
    const own = await createJob(server, { name: 'server-written' });
    await server.gql(RECORD_EPOCH, { input: epochInput(own, 1, 1, { valF1: 0.52 }) });
    expect((await server.gql(BOARD)).data?.leaderboard).toEqual([{ rank: 1, jobId: own, value: 0.52, epoch: 1 }]);

    const run = await runNpm(['run', 'reindex'], against(server.tableName));
    expect(run.code).toBe(0);
    // Per job, a summary for each ranked metric the legacy rows hold (val_f1 and eval_loss), and a card (this server
    // runs no stream consumer); the server's job has both already.
    expect(/^reindex done in [\d.]+ s: (.*)$/m.exec(run.stdout)?.[1]).toBe(
      '3 jobs, 4 summaries written, 2 cards written, 0 status items repaired',
    );
    expect((await server.gql(BOARD)).data?.leaderboard).toEqual([
      { rank: 1, jobId: legacy[1], value: 0.55, epoch: 5 },
      { rank: 2, jobId: legacy[0], value: 0.53, epoch: 3 },
      { rank: 3, jobId: own, value: 0.52, epoch: 1 },
    ]);

    // The legacy jobs' overviews come from their cards now, answering as their rows do.
    const OVERVIEW = `query($id: ID!) { job(id: $id) { bestEpoch { epoch valF1 } series(name: "val_f1") { epoch value } } }`;
    const overview = await server.gql(OVERVIEW, { id: legacy[1] });
    expect(overview.extensions?.dynamodb?.commands).toEqual({ BatchGetItem: 2 });
    expect(overview.data?.job.bestEpoch).toEqual({ epoch: 5, valF1: 0.55 });
    expect(overview.data?.job.series).toHaveLength(5);

    const rerun = await runNpm(['run', 'reindex'], against(server.tableName));
    expect({ code: rerun.code, done: /^reindex done in [\d.]+ s: (.*)$/m.exec(rerun.stdout)?.[1] }).toEqual({
      code: 0,
      done: '3 jobs, 0 summaries written, 0 cards written, 0 status items repaired',
    });

    // A card deleted (or written by an older server) is rebuilt the same.
    const cardKey = { PK: `JOB#${own}`, SK: 'CARD' };
    const card = (await doc.send(new GetCommand({ TableName: server.tableName, Key: cardKey }))).Item;
    await doc.send(new DeleteCommand({ TableName: server.tableName, Key: cardKey }));
    const rebuild = await runNpm(['run', 'reindex'], against(server.tableName));
    expect({ code: rebuild.code, done: /^reindex done in [\d.]+ s: (.*)$/m.exec(rebuild.stdout)?.[1] }).toEqual({
      code: 0,
      done: '3 jobs, 0 summaries written, 1 cards written, 0 status items repaired',
    });
    const rebuilt = (await doc.send(new GetCommand({ TableName: server.tableName, Key: cardKey }))).Item;
    const content = (item: Record<string, unknown> | undefined) => ({ ...item, version: undefined, updated_at: undefined });
    expect(content(rebuilt)).toEqual(content(card));
  } finally {
    await server.close();
  }
}, 120_000);

test('reindex gives status items stored without updated_at the timestamp of their SK, changes nothing else, and a rerun repairs none', async () => {
  const server = await startTestServer();
  try {
    // The fixture's jobs (job A's one status item has no updated_at), a legacy job with two such items, and a job the
    // server moved (its item has updated_at already).
    const [a, b, legacy] = [randomUUID(), randomUUID(), randomUUID()];
    await putItems(doc, server.tableName, [
      ...legacyFixtureItems({ a, b }),
      legacyJob({ id: legacy, name: 'legacy-history', status: 'succeeded', createdAt: '2026-03-01T09:00:00.000000+00:00' }),
      legacyStatus({ jobId: legacy, ts: '2026-03-01T09:00:01.000000+00:00', status: 'running', message: 'started' }),
      legacyStatus({ jobId: legacy, ts: '2026-03-01T09:30:00.000000+00:00', status: 'succeeded' }),
    ]);
    const own = await createJob(server, { name: 'server-moved' });
    const moved = await server.gql(`mutation($input: UpdateJobStatusInput!) { updateJobStatus(input: $input) { userErrors { code } } }`, {
      input: { jobId: own, status: 'RUNNING' },
    });
    expect(moved.data?.updateJobStatus.userErrors).toEqual([]);

    const jobIds = [a, b, legacy, own];
    // Every item of the jobs but the leaderboard summaries and cards, which the reindex writes too.
    const stored = async () =>
      (await Promise.all(jobIds.map((id) => partitionItems(doc, server.tableName, id))))
        .flat()
        .filter((i) => i.TYPE !== 'JOB_LEADERBOARD' && i.SK !== 'CARD');
    const before = await stored();
    const unstamped = before.filter((i) => i.TYPE === 'JOB_STATUS' && i.updated_at === undefined);
    expect(unstamped.map((i) => i.PK).sort()).toEqual([`JOB#${a}`, `JOB#${legacy}`, `JOB#${legacy}`].sort());

    const run = await runNpm(['run', 'reindex'], against(server.tableName));
    expect({
      code: run.code,
      repaired: /^reindex done in [\d.]+ s: 4 jobs, \d+ summaries written, \d+ cards written, (.*)$/m.exec(run.stdout)?.[1],
    }).toEqual({
      code: 0,
      repaired: '3 status items repaired',
    });
    expect(run.stdout).toMatch(/^reindex: 4\/4 jobs, \d+ summaries written, \d+ cards written, 3 status items repaired$/m);
    const after = await stored();
    const history = after.filter((i) => i.TYPE === 'JOB_STATUS');
    expect(history).toHaveLength(4);
    for (const item of history) expect(item.updated_at).toBe(String(item.SK).slice('STATUS#'.length));
    // The repaired items gained updated_at and nothing else; every other item is as it was.
    expect(after).toEqual(before.map((i) => (unstamped.includes(i) ? { ...i, updated_at: String(i.SK).slice('STATUS#'.length) } : i)));

    const rerun = await runNpm(['run', 'reindex'], against(server.tableName));
    expect({ code: rerun.code, done: /^reindex done in [\d.]+ s: (.*)$/m.exec(rerun.stdout)?.[1] }).toEqual({
      code: 0,
      done: '4 jobs, 0 summaries written, 0 cards written, 0 status items repaired',
    });
    expect(await stored()).toEqual(after);
  } finally {
    await server.close();
  }
}, 180_000);

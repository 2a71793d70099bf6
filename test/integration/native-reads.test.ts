import { randomUUID } from 'node:crypto';
import { BatchGetCommand, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { newCallStats } from '../../src/db/call-stats';
import { createDocumentClient, createDynamoClients, type DynamoClients } from '../../src/db/client';
import { FaultInjector } from '../../src/dev/fault-injection';
import { DynamoGateway, type AnyCommand } from '../../src/db/gateway';
import { ensureTable } from '../../src/db/table';
import { batchGet, batchPut, type Item } from '../../src/db/batch';
import { legacyItems } from '../unit/support/legacy-fixture';

/**
 * The server reads through a low-level client whose protocol decodes answers itself (`createDynamoClients`); the
 * document client as the SDK ships it is the reference. On real DynamoDB Local, every read answers the same, pages the
 * same, costs the same calls and capacity, and fails the same way.
 */

const endpoint = () => process.env.DYNAMODB_ENDPOINT as string;
const tableName = `test-${randomUUID()}`;
const pk = `TYPES#${randomUUID()}`;
let clients: DynamoClients;
let fast: DynamoGateway;
let stock: DynamoGateway;
/** Calls sent on the reads client: the reads under test do take the decoding path. */
let readsSent = 0;

/** Every attribute type, nested, with the awkward values. */
const TYPED: Item[] = Array.from({ length: 30 }, (_, i) => ({
  PK: pk,
  SK: `ROW#${String(i).padStart(3, '0')}`,
  s: `text ${i} é ✓ \u2028 "quoted"`,
  empty: '',
  // Numbers beyond double precision on purpose: both decoders must round them alike.
  // eslint-disable-next-line no-loss-of-precision
  n: i % 3 === 0 ? 1.2345678901234567e17 : i / 7,
  // eslint-disable-next-line no-loss-of-precision
  big: 12345678901234567890,
  negative: -i,
  yes: i % 2 === 0,
  nothing: null,
  bytes: new Uint8Array([i, 0, 255]),
  tags: new Set([`t${i}`, 'common']),
  numbers: new Set([i, i + 0.5]),
  blobs: new Set([new Uint8Array([1, i]), new Uint8Array([2])]),
  list: [1, 'two', { three: [3, null, false] }, [], {}],
  map: { nested: { deeper: { value: i, label: `L${i}` } }, 'odd name.with#marks': true },
}));

/** Sends `command` through both gateways (each with its own tally) and returns both outputs without $metadata. */
async function both(command: () => AnyCommand) {
  const [a, b] = [newCallStats(), newCallStats()];
  const strip = ({ $metadata: _metadata, ...rest }: Record<string, unknown>) => rest;
  const out = {
    fast: strip(await fast.withStats(a).send<Record<string, unknown>>(command())),
    stock: strip(await stock.withStats(b).send<Record<string, unknown>>(command())),
  };
  return { ...out, statsFast: a, statsStock: b };
}

beforeAll(async () => {
  clients = createDynamoClients({ region: 'us-east-1', endpoint: endpoint(), timeoutMs: 5000 });
  await ensureTable(clients.doc, tableName);
  clients.reads.middlewareStack.add((next) => async (args) => (readsSent++, next(args)), { step: 'initialize', name: 'countReads' });
  fast = new DynamoGateway(clients, tableName);
  stock = new DynamoGateway(createDocumentClient({ region: 'us-east-1', endpoint: endpoint(), timeoutMs: 5000 }), tableName);
  await batchPut(stock, [...TYPED, ...legacyItems()]);
});
afterAll(() => {
  fast.destroy();
  stock.destroy();
});

test('a Query of every attribute type answers as the document client does, with the same calls and capacity', async () => {
  const before = readsSent;
  const r = await both(
    () => new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } }),
  );
  expect(readsSent).toBe(before + 1);
  expect(r.fast).toStrictEqual(r.stock);
  expect((r.fast.Items as Item[]).length).toBe(30);
  expect((r.fast.Items as Item[])[3].bytes).toBeInstanceOf(Uint8Array);
  expect(Object.getPrototypeOf((r.fast.Items as Item[])[0].map)).toBe(Object.prototype);
  expect(r.statsFast).toEqual(r.statsStock);
  expect(r.statsFast.readCapacityUnits).toBeGreaterThan(0);
});

/** Every page of a Query, 7 items a page. */
async function pagesOf(gw: DynamoGateway, input: Record<string, unknown>): Promise<Item[][]> {
  const pages: Item[][] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await gw.send<{ Items: Item[]; LastEvaluatedKey?: Record<string, unknown> }>(
      new QueryCommand({ TableName: tableName, ...input, Limit: 7, ExclusiveStartKey: start }),
    );
    pages.push(out.Items);
    start = out.LastEvaluatedKey;
  } while (start);
  return pages;
}

test('pages: Limit, ExclusiveStartKey and LastEvaluatedKey round-trip, on the table and on an index', async () => {
  const inputs = [
    { KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } },
    {
      IndexName: 'GSITYPE',
      KeyConditionExpression: '#t = :t',
      ExpressionAttributeNames: { '#t': 'TYPE' },
      ExpressionAttributeValues: { ':t': 'JOB_METRIC' },
    },
  ];
  for (const input of inputs) {
    const pages = await pagesOf(fast, input);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages).toStrictEqual(await pagesOf(stock, input));
  }
});

test('GetItem (found and missing) and BatchGetItem (with missing keys) answer as the document client does; a Scan goes through it', async () => {
  const key = { PK: pk, SK: 'ROW#004' };
  const hit = await both(() => new GetCommand({ TableName: tableName, Key: key }));
  expect(hit.fast).toStrictEqual(hit.stock);
  expect((hit.fast.Item as Item).SK).toBe('ROW#004');
  const miss = await both(() => new GetCommand({ TableName: tableName, Key: { PK: pk, SK: 'ROW#none' } }));
  expect(miss.fast).toStrictEqual(miss.stock);
  expect(miss.fast.Item).toBeUndefined();

  const keys = [...TYPED.slice(0, 12).map((i) => ({ PK: i.PK, SK: i.SK })), { PK: pk, SK: 'ROW#none' }];
  const batch = await both(() => new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }));
  const sorted = (out: Record<string, unknown>) =>
    ((out.Responses as Record<string, Item[]>)[tableName] ?? []).sort((x, y) => String(x.SK).localeCompare(String(y.SK)));
  expect(sorted(batch.fast)).toStrictEqual(sorted(batch.stock));
  expect(sorted(batch.fast)).toHaveLength(12);
  expect(batch.statsFast).toEqual(batch.statsStock);

  const before = readsSent;
  const scan = await both(
    () =>
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'PK = :pk AND yes = :y',
        ExpressionAttributeValues: { ':pk': pk, ':y': true },
      }),
  );
  expect(scan.fast).toStrictEqual(scan.stock);
  expect((scan.fast.Items as Item[]).length).toBe(15);
  expect(readsSent).toBe(before);
});

test('a read DynamoDB rejects fails as with the document client: the named error, counted as a call', async () => {
  const stats = newCallStats();
  const bad = () =>
    new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :missing', ExpressionAttributeValues: { ':pk': pk } });
  const fastError = await fast
    .withStats(stats)
    .send(bad())
    .catch((e: Error) => e);
  const stockError = await stock.send(bad()).catch((e: Error) => e);
  expect(fastError).toBeInstanceOf(Error);
  expect((fastError as Error).name).toBe('ValidationException');
  expect((fastError as Error).name).toBe((stockError as Error).name);
  expect((fastError as Error).message).toBe((stockError as Error).message);
  expect(stats.calls).toBe(1);
  const missingTable = await fast
    .send(new GetCommand({ TableName: `${tableName}-none`, Key: { PK: 'x', SK: 'y' } }))
    .catch((e: Error) => e);
  expect((missingTable as Error).name).toBe('ResourceNotFoundException');
});

test('UnprocessedKeys come back as plain keys, so batchGet retries them until every item is read', async () => {
  const faulty = createDynamoClients({ region: 'us-east-1', endpoint: endpoint(), timeoutMs: 5000 });
  const faults = new FaultInjector(() => 0).install(faulty.reads);
  faults.plan = { unprocessedReads: 0.5 };
  const gw = new DynamoGateway(faulty, tableName);
  try {
    const stats = newCallStats();
    const keys = TYPED.map((i) => ({ PK: i.PK as string, SK: i.SK as string }));
    const found = await batchGet(gw.withStats(stats), keys, { attempts: 8, baseDelayMs: 1, maxDelayMs: 2 });
    expect(found.map((i) => i.SK).sort()).toEqual(keys.map((k) => k.SK).sort());
    expect(faults.counts.unprocessedKeys).toBeGreaterThan(10);
    expect(stats.commands.BatchGetItem).toBeGreaterThan(3);
  } finally {
    gw.destroy();
  }
});

test('legacy parameters the document client converts (KeyConditions) still go through it', async () => {
  const before = readsSent;
  const r = await both(
    () => new QueryCommand({ TableName: tableName, KeyConditions: { PK: { ComparisonOperator: 'EQ', AttributeValueList: [pk] } } }),
  );
  expect(readsSent).toBe(before);
  expect(r.fast).toStrictEqual(r.stock);
  expect((r.fast.Items as Item[]).length).toBe(30);
});

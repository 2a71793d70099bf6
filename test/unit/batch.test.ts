/** Batch helpers against a scripted fake gateway: chunking to API limits, retries of unprocessed work, paging. */
import { BatchGetCommand, BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  BATCH_GET_LIMIT,
  BATCH_WRITE_LIMIT,
  batchDelete,
  batchGet,
  batchPut,
  batchWrite,
  chunk,
  pageItemsFor,
  QUERY_PAGE_ITEMS,
  queryAll,
  queryPages,
  queryUntil,
  UnprocessedError,
  type Item,
  type RetryPolicy,
} from '../../src/db/batch';
import type { DynamoGateway } from '../../src/db/gateway';
import type { TableKey } from '../../src/db/schema';

const TABLE = 'unit-table';
const FAST: RetryPolicy = { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 };

type Command = BatchGetCommand | BatchWriteCommand | QueryCommand;
type Reply = (command: Command, call: number) => unknown;

/** A gateway that records every command and answers with `reply` (a function of the command and call number). */
function fakeGateway(reply: Reply): { gw: DynamoGateway; sent: Command[] } {
  const sent: Command[] = [];
  const fake = {
    tableName: TABLE,
    async send<T>(command: object): Promise<T> {
      if (!(command instanceof BatchGetCommand || command instanceof BatchWriteCommand || command instanceof QueryCommand)) {
        throw new Error(`unexpected command ${command.constructor.name}`);
      }
      sent.push(command);
      return reply(command, sent.length) as T;
    },
  };
  // The helpers only use tableName and send.
  return { gw: fake as unknown as DynamoGateway, sent };
}

const keys = (n: number): TableKey[] => Array.from({ length: n }, (_, i) => ({ PK: `JOB#${i}`, SK: 'JOB' }));
const itemOf = (k: TableKey): Item => ({ ...k, TYPE: 'JOB', n: Number(k.PK.slice(4)) });

function requestedKeys(c: Command): TableKey[] {
  if (!(c instanceof BatchGetCommand)) throw new Error('not a BatchGet');
  return (c.input.RequestItems?.[TABLE]?.Keys ?? []) as TableKey[];
}

type WriteRequest = { PutRequest?: { Item: Item }; DeleteRequest?: { Key: TableKey } };
function requestedWrites(c: Command): WriteRequest[] {
  if (!(c instanceof BatchWriteCommand)) throw new Error('not a BatchWrite');
  return (c.input.RequestItems?.[TABLE] ?? []) as WriteRequest[];
}

describe('chunk', () => {
  it('splits into chunks of at most size, keeping order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([1, 2], 5)).toEqual([[1, 2]]);
    expect(chunk([], 3)).toEqual([]);
  });

  it('uses the DynamoDB API limits', () => {
    expect(BATCH_GET_LIMIT).toBe(100);
    expect(BATCH_WRITE_LIMIT).toBe(25);
  });
});

describe('batchGet', () => {
  it('sends nothing for no keys', async () => {
    const { gw, sent } = fakeGateway(() => ({}));
    expect(await batchGet(gw, [], FAST)).toEqual([]);
    expect(sent).toHaveLength(0);
  });

  it('asks for at most 100 keys a call, against the gateway table', async () => {
    const { gw, sent } = fakeGateway((c) => ({ Responses: { [TABLE]: requestedKeys(c).map(itemOf) } }));
    const all = keys(250);
    const items = await batchGet(gw, all, FAST);
    expect(sent.map((c) => requestedKeys(c).length)).toEqual([100, 100, 50]);
    expect(sent.flatMap(requestedKeys)).toEqual(all);
    expect(items.map((i) => i.PK).sort()).toEqual(all.map((k) => k.PK).sort());
  });

  it('returns only the items found', async () => {
    const { gw } = fakeGateway((c) => ({
      Responses: {
        [TABLE]: requestedKeys(c)
          .filter((_, i) => i % 2 === 0)
          .map(itemOf),
      },
    }));
    expect((await batchGet(gw, keys(4), FAST)).map((i) => i.PK)).toEqual(['JOB#0', 'JOB#2']);
  });

  it('retries UnprocessedKeys until every key is read', async () => {
    // Each call processes only the first two keys it is given and hands the rest back.
    const { gw, sent } = fakeGateway((c) => {
      const asked = requestedKeys(c);
      return {
        Responses: { [TABLE]: asked.slice(0, 2).map(itemOf) },
        UnprocessedKeys: asked.length > 2 ? { [TABLE]: { Keys: asked.slice(2) } } : {},
      };
    });
    const items = await batchGet(gw, keys(5), { attempts: 5, baseDelayMs: 1, maxDelayMs: 2 });
    expect(items.map((i) => i.PK)).toEqual(['JOB#0', 'JOB#1', 'JOB#2', 'JOB#3', 'JOB#4']);
    expect(sent.map((c) => requestedKeys(c).map((k) => k.PK))).toEqual([
      ['JOB#0', 'JOB#1', 'JOB#2', 'JOB#3', 'JOB#4'],
      ['JOB#2', 'JOB#3', 'JOB#4'],
      ['JOB#4'],
    ]);
  });

  it('throws UnprocessedError when retries run out, never dropping keys silently', async () => {
    const { gw, sent } = fakeGateway((c) => ({ Responses: { [TABLE]: [] }, UnprocessedKeys: { [TABLE]: { Keys: requestedKeys(c) } } }));
    const failure = batchGet(gw, keys(3), FAST);
    await expect(failure).rejects.toBeInstanceOf(UnprocessedError);
    await expect(failure).rejects.toMatchObject({ name: 'UnprocessedError', operation: 'BatchGetItem', remaining: 3 });
    expect(sent).toHaveLength(FAST.attempts);
  });
});

describe('batchWrite', () => {
  const items = (n: number): Item[] => keys(n).map(itemOf);

  it('sends nothing for no requests', async () => {
    const { gw, sent } = fakeGateway(() => ({}));
    await batchPut(gw, [], FAST);
    expect(sent).toHaveLength(0);
  });

  it('writes at most 25 requests a call, all of them, in order', async () => {
    const { gw, sent } = fakeGateway(() => ({ UnprocessedItems: {} }));
    const all = items(120);
    await batchPut(gw, all, FAST);
    expect(sent.map((c) => requestedWrites(c).length)).toEqual([25, 25, 25, 25, 20]);
    expect(sent.flatMap(requestedWrites).map((r) => r.PutRequest?.Item)).toEqual(all);
  });

  it('batchDelete sends DeleteRequests by key', async () => {
    const { gw, sent } = fakeGateway(() => ({}));
    await batchDelete(gw, keys(30), FAST);
    expect(sent.map((c) => requestedWrites(c).length)).toEqual([25, 5]);
    expect(requestedWrites(sent[0])[0]).toEqual({ DeleteRequest: { Key: { PK: 'JOB#0', SK: 'JOB' } } });
  });

  it('retries UnprocessedItems until done', async () => {
    let throttled = 2;
    const { gw, sent } = fakeGateway((c) => {
      const asked = requestedWrites(c);
      if (throttled-- > 0) return { UnprocessedItems: { [TABLE]: asked.slice(1) } };
      return { UnprocessedItems: {} };
    });
    await batchPut(gw, items(3), FAST);
    expect(sent.map((c) => requestedWrites(c).map((r) => r.PutRequest?.Item.PK))).toEqual([
      ['JOB#0', 'JOB#1', 'JOB#2'],
      ['JOB#1', 'JOB#2'],
      ['JOB#2'],
    ]);
  });

  it('throws UnprocessedError with the count left when retries run out', async () => {
    const { gw, sent } = fakeGateway((c) => ({ UnprocessedItems: { [TABLE]: requestedWrites(c).slice(0, 2) } }));
    await expect(
      batchWrite(
        gw,
        items(10).map((Item) => ({ PutRequest: { Item } })),
        FAST,
      ),
    ).rejects.toMatchObject({
      name: 'UnprocessedError',
      operation: 'BatchWriteItem',
      remaining: 2,
      message: 'BatchWriteItem: 2 requests still unprocessed after retries',
    });
    expect(sent).toHaveLength(FAST.attempts);
  });

  it('runs at most `parallel` chunks at a time', async () => {
    let inFlight = 0;
    let peak = 0;
    const sent: number[] = [];
    const fake = {
      tableName: TABLE,
      async send<T>(command: object): Promise<T> {
        inFlight++;
        peak = Math.max(peak, inFlight);
        sent.push(requestedWrites(command as BatchWriteCommand).length);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight--;
        return {} as T;
      },
    };
    await batchWrite(
      fake as unknown as DynamoGateway,
      items(250).map((Item) => ({ PutRequest: { Item } })),
      FAST,
      3,
    );
    expect(sent).toHaveLength(10);
    expect(peak).toBe(3);
  });
});

describe('queryUntil', () => {
  const page = (from: number, n: number): Item[] => Array.from({ length: n }, (_, i) => ({ PK: 'P', SK: `S${from + i}`, n: from + i }));
  const start = (c: Command): unknown => (c instanceof QueryCommand ? c.input.ExclusiveStartKey : undefined);
  const limit = (c: Command): number | undefined => (c instanceof QueryCommand ? c.input.Limit : undefined);

  it('stops as soon as it has `want` items', async () => {
    const { gw, sent } = fakeGateway(() => ({ Items: page(0, 10), LastEvaluatedKey: { PK: 'P', SK: 'S9' } }));
    const out = await queryUntil(gw, { KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'P' } }, 3);
    expect(out.items.map((i) => i.n)).toEqual([0, 1, 2]);
    expect(out.exhausted).toBe(false);
    expect(sent).toHaveLength(1);
    const q = sent[0] as QueryCommand;
    expect(q.input).toMatchObject({ TableName: TABLE, KeyConditionExpression: 'PK = :pk', Limit: 3 });
  });

  it('pages on LastEvaluatedKey while filtered items are too few, asking only for what is missing', async () => {
    const pages = [
      { Items: page(0, 4), LastEvaluatedKey: { PK: 'P', SK: 'S3' } },
      { Items: page(4, 4), LastEvaluatedKey: { PK: 'P', SK: 'S7' } },
      { Items: page(8, 4), LastEvaluatedKey: { PK: 'P', SK: 'S11' } },
    ];
    const { gw, sent } = fakeGateway((_c, call) => pages[call - 1]);
    const even = (i: Item): boolean => (i.n as number) % 2 === 0;
    const out = await queryUntil(gw, { KeyConditionExpression: 'PK = :pk' }, 5, even);
    expect(out.items.map((i) => i.n)).toEqual([0, 2, 4, 6, 8]);
    expect(out.exhausted).toBe(false);
    expect(sent.map(start)).toEqual([undefined, { PK: 'P', SK: 'S3' }, { PK: 'P', SK: 'S7' }]);
    expect(sent.map(limit)).toEqual([5, 3, 1]);
  });

  it('reports exhausted when the query ends before `want`', async () => {
    const pages = [{ Items: page(0, 2), LastEvaluatedKey: { PK: 'P', SK: 'S1' } }, { Items: page(2, 1) }];
    const { gw, sent } = fakeGateway((_c, call) => pages[call - 1]);
    const out = await queryUntil(gw, {}, 10);
    expect(out).toEqual({ items: page(0, 3), exhausted: true });
    expect(sent).toHaveLength(2);
  });

  it('keeps paging through empty pages (a filter may match nothing in a page)', async () => {
    const pages = [{ Items: [], LastEvaluatedKey: { k: 1 } }, { Items: [], LastEvaluatedKey: { k: 2 } }, { Items: page(0, 1) }];
    const { gw, sent } = fakeGateway((_c, call) => pages[call - 1]);
    const out = await queryUntil(gw, {}, 2);
    expect(out.items).toHaveLength(1);
    expect(sent).toHaveLength(3);
  });

  it('starts from the caller’s ExclusiveStartKey', async () => {
    const { gw, sent } = fakeGateway(() => ({ Items: page(5, 1) }));
    await queryUntil(gw, { ExclusiveStartKey: { PK: 'P', SK: 'S4' } }, 1);
    expect(start(sent[0])).toEqual({ PK: 'P', SK: 'S4' });
  });
});

describe('queryAll', () => {
  it('reads every page until there is no LastEvaluatedKey', async () => {
    const pages = [
      { Items: [{ n: 1 }], LastEvaluatedKey: { k: 1 } },
      { Items: [], LastEvaluatedKey: { k: 2 } },
      { Items: [{ n: 2 }, { n: 3 }] },
    ];
    const { gw, sent } = fakeGateway((_c, call) => pages[call - 1]);
    expect(await queryAll(gw, { KeyConditionExpression: 'PK = :pk' })).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(sent.map((c) => (c as QueryCommand).input.ExclusiveStartKey)).toEqual([undefined, { k: 1 }, { k: 2 }]);
    expect(sent.every((c) => (c as QueryCommand).input.TableName === TABLE)).toBe(true);
  });
});

describe('page sizes: every Query names a Limit of at most QUERY_PAGE_ITEMS', () => {
  const limits = (sent: Command[]) => sent.map((c) => (c as QueryCommand).input.Limit);

  it('asks for QUERY_PAGE_ITEMS a page when the caller names no Limit (DynamoDB Local reads the rest of the partition without one)', async () => {
    const pages = [{ Items: [{ n: 1 }], LastEvaluatedKey: { k: 1 } }, { Items: [{ n: 2 }] }];
    const { gw, sent } = fakeGateway((_c, call) => pages[call - 1]);
    expect(await queryAll(gw, { KeyConditionExpression: 'PK = :pk' })).toHaveLength(2);
    expect(limits(sent)).toEqual([QUERY_PAGE_ITEMS, QUERY_PAGE_ITEMS]);
  });

  it('keeps a smaller Limit and lowers a larger one, in queryPages and queryUntil', async () => {
    const { gw, sent } = fakeGateway(() => ({ Items: [] }));
    for await (const page of queryPages(gw, { Limit: 250 })) expect(page).toEqual([]);
    for await (const page of queryPages(gw, { Limit: 50_000 })) expect(page).toEqual([]);
    await queryUntil(gw, {}, 5000);
    expect(limits(sent)).toEqual([250, QUERY_PAGE_ITEMS, QUERY_PAGE_ITEMS]);
  });

  it('pageItemsFor: a quarter of a MB of items of that size, 1 to QUERY_PAGE_ITEMS', () => {
    expect(QUERY_PAGE_ITEMS).toBe(1000);
    expect(pageItemsFor(3500)).toBe(74);
    expect(pageItemsFor(200)).toBe(QUERY_PAGE_ITEMS);
    expect(pageItemsFor(400 * 1024)).toBe(1);
    expect(pageItemsFor(0)).toBe(QUERY_PAGE_ITEMS);
  });
});

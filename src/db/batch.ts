import { BatchGetCommand, BatchWriteCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DynamoGateway } from './gateway';
import type { TableKey } from './schema';

export type Item = Record<string, unknown>;
type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: TableKey } };

/** API limits of the batch operations. */
export const BATCH_GET_LIMIT = 100;
export const BATCH_WRITE_LIMIT = 25;
export const TRANSACT_WRITE_LIMIT = 100;

/** Retry budget for UnprocessedKeys/UnprocessedItems: bounded exponential backoff with full jitter. */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}
export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 25, maxDelayMs: 1000 };

/** Raised when DynamoDB keeps returning unprocessed work after every retry: nothing is silently dropped. */
export class UnprocessedError extends Error {
  override readonly name = 'UnprocessedError';
  constructor(
    readonly operation: string,
    readonly remaining: number,
  ) {
    super(`${operation}: ${remaining} requests still unprocessed after retries`);
  }
}

/** Splits `list` into chunks of at most `size`. */
export function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function backoff(policy: RetryPolicy, attempt: number): Promise<void> {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * cap));
}

/**
 * Like Promise.all, but waits for every promise to settle before rejecting with the first failure: a request that
 * fails must not leave some of its DynamoDB calls running after it has answered.
 */
export async function settleAll<T>(work: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/** Reads items by key, 100 keys a call in parallel, retrying UnprocessedKeys; returns the items found (any order). */
export async function batchGet(gw: DynamoGateway, keys: TableKey[], policy = DEFAULT_RETRY, consistent = false): Promise<Item[]> {
  const results = await settleAll(
    chunk(keys, BATCH_GET_LIMIT).map(async (part) => {
      const found: Item[] = [];
      let pending: TableKey[] = part;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= policy.attempts) throw new UnprocessedError('BatchGetItem', pending.length);
        if (attempt > 0) await backoff(policy, attempt);
        const out = await gw.send<{ Responses?: Record<string, Item[]>; UnprocessedKeys?: Record<string, { Keys?: TableKey[] }> }>(
          new BatchGetCommand({ RequestItems: { [gw.tableName]: { Keys: pending, ...(consistent ? { ConsistentRead: true } : {}) } } }),
        );
        found.push(...(out.Responses?.[gw.tableName] ?? []));
        pending = out.UnprocessedKeys?.[gw.tableName]?.Keys ?? [];
      }
      return found;
    }),
  );
  return results.flat();
}

/** Writes puts and deletes, 25 a call, retrying UnprocessedItems; throws UnprocessedError when retries run out. */
export async function batchWrite(gw: DynamoGateway, requests: WriteRequest[], policy = DEFAULT_RETRY, parallel = 8): Promise<void> {
  const parts = chunk(requests, BATCH_WRITE_LIMIT);
  for (const wave of chunk(parts, parallel)) {
    await settleAll(
      wave.map(async (part) => {
        let pending: WriteRequest[] = part;
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt >= policy.attempts) throw new UnprocessedError('BatchWriteItem', pending.length);
          if (attempt > 0) await backoff(policy, attempt);
          const out = await gw.send<{ UnprocessedItems?: Record<string, WriteRequest[]> }>(
            new BatchWriteCommand({ RequestItems: { [gw.tableName]: pending } }),
          );
          pending = out.UnprocessedItems?.[gw.tableName] ?? [];
        }
      }),
    );
  }
}

/** Puts items with BatchWriteItem. */
export function batchPut(gw: DynamoGateway, items: Item[], policy = DEFAULT_RETRY): Promise<void> {
  return batchWrite(
    gw,
    items.map((Item) => ({ PutRequest: { Item } })),
    policy,
  );
}

/** Deletes items by key with BatchWriteItem. */
export function batchDelete(gw: DynamoGateway, keys: TableKey[], policy = DEFAULT_RETRY): Promise<void> {
  return batchWrite(
    gw,
    keys.map((Key) => ({ DeleteRequest: { Key } })),
    policy,
  );
}

/**
 * Most items one Query page asks for; every Query sent here names a Limit of at most this. Without a Limit DynamoDB
 * Local (SQLite underneath) reads the whole rest of the partition for every page and then cuts it at 1 MB: measured
 * on a 100,000-point step series on a loaded 2-core machine, its 22 pages of 1 MB took 5.8 s, 3.3 s, 2.6 s ... 0.2 s
 * (35 to 51 s in all), so the first ones passed the default 2 s per-attempt time-out (DYNAMODB_TIMEOUT_MS) three
 * attempts in a row and a full series read answered SERVICE_UNAVAILABLE (the second page, 8 s into the read, in a run
 * at load 3). With a Limit it reads only the page: 1,000 step points (about 230 KB) took 30-240 ms (the whole series
 * 10 s in that run), 4,545 took 240 ms (p50; 724 ms at most). On DynamoDB itself a page stops at 1 MB anyway; this
 * adds calls only to reads of more than 1,000 items (one per 1,000).
 */
export const QUERY_PAGE_ITEMS = 1000;

/**
 * Bytes one Query page of large items should hold: 256 KB, a quarter of DynamoDB's 1 MB page. DynamoDB Local's time is
 * per attribute value read: of items of 3.6 KB holding 500 numbers each, a 1 MB first page took 6.5 s without a
 * Limit and 0.9 s with one; 100 of them (360 KB) a page 0.2 s (0.35 s at most), under load.
 */
export const QUERY_PAGE_BYTES = 256 * 1024;

/** Items per Query page for items of about `itemBytes` each: QUERY_PAGE_BYTES of them, 1 to QUERY_PAGE_ITEMS. */
export function pageItemsFor(itemBytes: number): number {
  return Math.max(1, Math.min(QUERY_PAGE_ITEMS, Math.floor(QUERY_PAGE_BYTES / Math.max(1, itemBytes))));
}

/** A Query's Limit: the caller's, at most QUERY_PAGE_ITEMS, and QUERY_PAGE_ITEMS when it names none. */
function pageLimit(limit: number | undefined): number {
  return Math.min(limit ?? QUERY_PAGE_ITEMS, QUERY_PAGE_ITEMS);
}

/** Query of the items of partition `pk` whose sort key starts with `prefix`, `pageSize` a page (QUERY_PAGE_ITEMS when unset). */
export function prefixQuery(pk: string, prefix: string, pageSize?: number): Omit<QueryCommandInput, 'TableName'> {
  return {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
    ...(pageSize ? { Limit: pageSize } : {}),
  };
}

/** A Query of the sort keys from `lo` to `hi` (inclusive) in partition `pk`, in key order; `pageSize` items a page. */
export function rangeQuery(pk: string, lo: string, hi: string, pageSize?: number): Omit<QueryCommandInput, 'TableName'> {
  return {
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :lo AND :hi',
    ExpressionAttributeValues: { ':pk': pk, ':lo': lo, ':hi': hi },
    ...(pageSize ? { Limit: pageSize } : {}),
  };
}

/**
 * A Query's pages, one at a time: a caller that handles each page before the next holds one page in memory. Each page
 * is its own call with its own time-out (DYNAMODB_TIMEOUT_MS per attempt) and at most QUERY_PAGE_ITEMS items, so a
 * read of any length is never cut by the time-out that protects short requests.
 */
export async function* queryPages(gw: DynamoGateway, input: Omit<QueryCommandInput, 'TableName'>): AsyncGenerator<Item[]> {
  let start: Record<string, unknown> | undefined;
  do {
    const out = await gw.send<{ Items?: Item[]; LastEvaluatedKey?: Record<string, unknown> }>(
      new QueryCommand({ ...input, TableName: gw.tableName, ExclusiveStartKey: start, Limit: pageLimit(input.Limit) }),
    );
    yield out.Items ?? [];
    start = out.LastEvaluatedKey;
  } while (start);
}

/** Runs a Query to the end, page after page; the caller bounds what it asks for. */
export async function queryAll(gw: DynamoGateway, input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of queryPages(gw, input)) items.push(...page);
  return items;
}

/**
 * Collects up to `want` items passing `accept`, paging the Query as long as needed: a FilterExpression or an
 * in-memory filter makes DynamoDB's Limit count items before filtering, so one call may return too few.
 */
export async function queryUntil(
  gw: DynamoGateway,
  input: Omit<QueryCommandInput, 'TableName'>,
  want: number,
  accept: (item: Item) => boolean = () => true,
): Promise<{ items: Item[]; exhausted: boolean }> {
  const items: Item[] = [];
  let start = input.ExclusiveStartKey;
  for (;;) {
    const out = await gw.send<{ Items?: Item[]; LastEvaluatedKey?: Record<string, unknown> }>(
      new QueryCommand({ ...input, TableName: gw.tableName, ExclusiveStartKey: start, Limit: pageLimit(Math.max(want - items.length, 1)) }),
    );
    for (const item of out.Items ?? []) {
      if (accept(item)) items.push(item);
      if (items.length >= want) return { items, exhausted: false };
    }
    start = out.LastEvaluatedKey;
    if (!start) return { items, exhausted: true };
  }
}

/** Every key of one partition (strongly consistent), for deleting it. */
export async function partitionKeys(gw: DynamoGateway, pk: string): Promise<TableKey[]> {
  return (await queryAll(gw, {
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': pk },
    ProjectionExpression: 'PK, SK',
    ConsistentRead: true,
  })) as TableKey[];
}

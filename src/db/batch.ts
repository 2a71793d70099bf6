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

/** Query of the items of partition `pk` whose sort key starts with `prefix`, `pageSize` a page (DynamoDB's own pages when unset). */
export function prefixQuery(pk: string, prefix: string, pageSize?: number): Omit<QueryCommandInput, 'TableName'> {
  return {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
    ...(pageSize ? { Limit: pageSize } : {}),
  };
}

/** A Query's pages, one at a time: a caller that handles each page before the next holds one page in memory. */
export async function* queryPages(gw: DynamoGateway, input: Omit<QueryCommandInput, 'TableName'>): AsyncGenerator<Item[]> {
  let start: Record<string, unknown> | undefined;
  do {
    const out = await gw.send<{ Items?: Item[]; LastEvaluatedKey?: Record<string, unknown> }>(
      new QueryCommand({ ...input, TableName: gw.tableName, ExclusiveStartKey: start }),
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
      new QueryCommand({ ...input, TableName: gw.tableName, ExclusiveStartKey: start, Limit: Math.max(want - items.length, 1) }),
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

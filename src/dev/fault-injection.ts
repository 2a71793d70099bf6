import { nativeItem, type WireItem } from '../db/native-items';
import { NativeReadsProtocol } from '../db/native-reads-protocol';

/**
 * Faults a test (or the soak run) injects into a DynamoDB client, as shares of 0..1. Nothing installs this in a
 * server started by `npm start`: it exists so that tests can prove the retry paths against real DynamoDB Local.
 */
export interface FaultPlan {
  /** Share of attempts answered with a ThrottlingException before reaching DynamoDB (inside the SDK's retry loop). */
  throttle?: number;
  /** Share of each BatchWriteItem's requests held back (rounded down) and returned as UnprocessedItems. */
  unprocessedWrites?: number;
  /** Share of each BatchGetItem's keys held back (rounded down) and returned as UnprocessedKeys. */
  unprocessedReads?: number;
}

/** What the hook has done so far. */
export interface FaultCounts {
  throttled: number;
  unprocessedItems: number;
  unprocessedKeys: number;
}

type Handler = (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>;
type Middleware = (next: Handler, context: { commandName?: string }) => Handler;

/** Where a batch command keeps its per-table work, and where its output reports what was left unprocessed. */
interface BatchShape {
  share: 'unprocessedWrites' | 'unprocessedReads';
  output: 'UnprocessedItems' | 'UnprocessedKeys';
  counter: 'unprocessedItems' | 'unprocessedKeys';
  list(entry: unknown): unknown[];
  with(entry: unknown, list: unknown[]): unknown;
}

const BATCH_SHAPES: Record<string, BatchShape> = {
  // RequestItems: { table: [PutRequest | DeleteRequest, ...] }
  BatchWriteItemCommand: {
    share: 'unprocessedWrites',
    output: 'UnprocessedItems',
    counter: 'unprocessedItems',
    list: (e) => e as unknown[],
    with: (_, list) => list,
  },
  // RequestItems: { table: { Keys: [...], ConsistentRead, ProjectionExpression, ... } }
  BatchGetItemCommand: {
    share: 'unprocessedReads',
    output: 'UnprocessedKeys',
    counter: 'unprocessedKeys',
    list: (e) => (e as { Keys?: unknown[] }).Keys ?? [],
    with: (e, list) => ({ ...(e as object), Keys: list }),
  },
};

/** Splits `list` into [sent, held back]: the last floor(length x share) entries are held back, so retries converge. */
function split<T>(list: readonly T[], share: number): [T[], T[]] {
  const cut = list.length - Math.floor(list.length * Math.min(1, share));
  return [list.slice(0, cut), list.slice(cut)];
}

/** A throttling error as the SDK's retry strategy recognises it. */
function throttlingError(): Error {
  return Object.assign(new Error('Rate of requests exceeds the allowed throughput (injected by a test)'), {
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
}

/** Middleware on a client that throttles calls and leaves batch work unprocessed, as DynamoDB does under load. */
export class FaultInjector {
  plan: FaultPlan = {};
  readonly counts: FaultCounts = { throttled: 0, unprocessedItems: 0, unprocessedKeys: 0 };

  /** Where the throttle's draws come from: a test sets a seeded generator so the same attempts are hit on every run. */
  constructor(public random: () => number = Math.random) {}

  /**
   * Adds the hook to `client`'s middleware stack (a document client shares its DynamoDBClient's). Install before the
   * client's first call: a client with `cacheMiddleware` keeps the handlers it built then.
   */
  install(client: { middlewareStack: unknown; config?: object }): this {
    // The held-back keys are taken from the low-level input (wire form); a client whose protocol answers with plain
    // objects must report them in that form too, as DynamoDB's own UnprocessedKeys reach its caller.
    const nativeKeys = (client.config as { protocol?: unknown } | undefined)?.protocol instanceof NativeReadsProtocol;
    const stack = client.middlewareStack as unknown as { add(mw: Middleware, opts: Record<string, unknown>): void };
    // finalizeRequest at low priority runs inside the SDK's retry middleware: every attempt can be throttled.
    stack.add(
      (next) => async (args) => {
        if (this.plan.throttle && this.random() < this.plan.throttle) {
          this.counts.throttled++;
          throw throttlingError();
        }
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'faultInjectionThrottle' },
    );
    // initialize runs once per call, on the caller's (unmarshalled) input, outside the retries: like DynamoDB, it
    // reports held-back work as UnprocessedItems/UnprocessedKeys for the caller to retry.
    stack.add(
      (next, context) => async (args) => {
        const shape = context.commandName ? BATCH_SHAPES[context.commandName] : undefined;
        const share = shape ? (this.plan[shape.share] ?? 0) : 0;
        return shape && share > 0 ? this.holdBack(next, args, share, shape, nativeKeys) : next(args);
      },
      { step: 'initialize', priority: 'high', name: 'faultInjectionUnprocessed' },
    );
    return this;
  }

  /** Sends part of a batch's requests (or keys) and reports the rest as unprocessed, merged with DynamoDB's own. */
  private async holdBack(next: Handler, args: { input: Record<string, unknown> }, share: number, shape: BatchShape, nativeKeys: boolean) {
    const kept: Record<string, unknown> = {};
    const held: Record<string, unknown> = {};
    for (const [table, entry] of Object.entries(args.input.RequestItems as Record<string, unknown>)) {
      const [k, h] = split(shape.list(entry), share);
      if (k.length) kept[table] = shape.with(entry, k);
      if (h.length)
        held[table] = shape.with(entry, nativeKeys && shape.output === 'UnprocessedKeys' ? h.map((key) => nativeItem(key as WireItem)) : h);
      this.counts[shape.counter] += h.length;
    }
    const result = Object.keys(kept).length
      ? await next({ ...args, input: { ...args.input, RequestItems: kept } })
      : { output: { $metadata: {} } };
    const unprocessed = { ...((result.output[shape.output] ?? {}) as Record<string, unknown>) };
    for (const [table, h] of Object.entries(held)) {
      const before = unprocessed[table];
      unprocessed[table] = before === undefined ? h : shape.with(h, [...shape.list(before), ...shape.list(h)]);
    }
    return { ...result, output: { ...result.output, [shape.output]: unprocessed } };
  }
}

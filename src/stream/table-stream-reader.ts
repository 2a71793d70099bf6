import {
  DescribeStreamCommand,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type AttributeValue as StreamAttributeValue,
  type DynamoDBStreamsClient,
  type Shard,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { CheckpointStore } from './checkpoints';

/** One item change from the table's stream, its images as plain objects. */
export interface ItemChange {
  event: 'INSERT' | 'MODIFY' | 'REMOVE';
  keys: Record<string, unknown>;
  newImage: Record<string, unknown> | null;
  oldImage: Record<string, unknown> | null;
  sequenceNumber: string;
  /** The shard the change was read from. */
  shardId: string;
  /** When the change was made, rounded down as the stream rounds it (to the second on AWS, the minute on DynamoDB Local). */
  madeAtMs: number | null;
}

/**
 * Whether a change was certainly made before `ms`. Its time is rounded down: to the second on AWS, to the minute on
 * DynamoDB Local; a time on a whole minute may be either, so it counts as anywhere in that minute.
 */
export function madeBefore(change: ItemChange, ms: number): boolean {
  if (change.madeAtMs === null) return false;
  const rounding = change.madeAtMs % 60_000 === 0 ? 60_000 : 1000;
  return change.madeAtMs + rounding <= ms;
}

export interface StreamReaderOptions {
  /**
   * Where the shards of a consumer's very first run start: LATEST (only new changes) or TRIM_HORIZON (the last 24
   * hours). Shards found later (after a split, or after a restart) start at TRIM_HORIZON, so nothing written to them
   * before they were found is missed.
   */
  startAt?: 'LATEST' | 'TRIM_HORIZON';
  /** Pause before polling a shard that had nothing new. */
  idleMs?: number;
  /** How often the shard list is read again (splits add shards). */
  rediscoverMs?: number;
  log?: (msg: string) => void;
  /**
   * Told when a read of a shard that started at `startedAtMs` reached the shard's end (so every change made before
   * then has been handed over), after its changes were handled.
   */
  onCaughtUp?: (shardId: string, startedAtMs: number) => void;
}

/** Waits `ms`, or less when `signal` aborts; its abort listener goes when the wait ends, so idle polling adds none. */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * The streams client hands an empty map attribute (`{"M": {}}` on the wire) over as `{}`, a union with no member set,
 * which unmarshall rejects: put the empty map back, at any depth.
 */
function repairEmptyMaps(value: StreamAttributeValue): AttributeValue {
  if (Object.keys(value).length === 0) return { M: {} };
  if (value.M) return { M: Object.fromEntries(Object.entries(value.M).map(([k, v]) => [k, repairEmptyMaps(v)])) };
  if (value.L) return { L: value.L.map(repairEmptyMaps) };
  return value;
}

/** GetRecords returns at most 1,000 records or 1 MB: a page short of both limits ends at the shard's latest record. */
function reachedEnd(records: readonly _Record[]): boolean {
  const bytes = records.reduce((sum, r) => sum + (r.dynamodb?.SizeBytes ?? 0), 0);
  return records.length < 1000 && bytes < 900 * 1024;
}

/** A record's creation time: a Date from GetRecords, seconds since the epoch in a Lambda event's JSON. */
function madeAtMs(at: Date | number | undefined): number | null {
  const ms = typeof at === 'number' ? at * 1000 : at?.getTime();
  return ms === undefined || Number.isNaN(ms) ? null : ms;
}

/** One stream record (as GetRecords or a Lambda event carries it) as an item change; null for a record without data. */
export function toChange(record: _Record, shardId: string): ItemChange | null {
  const d = record.dynamodb;
  if (!d?.SequenceNumber || !record.eventName) return null;
  // Every N as a JS number, as the table client reads them (legacy total_flos values exceed 2^53).
  const image = (m: typeof d.NewImage) =>
    m
      ? unmarshall(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, repairEmptyMaps(v)])), {
          wrapNumbers: (v: string) => Number(v),
        })
      : null;
  return {
    event: record.eventName as ItemChange['event'],
    keys: image(d.Keys) ?? {},
    newImage: image(d.NewImage),
    oldImage: image(d.OldImage),
    sequenceNumber: d.SequenceNumber,
    shardId,
    madeAtMs: madeAtMs(d.ApproximateCreationDateTime as Date | number | undefined),
  };
}

/**
 * Reads a DynamoDB stream: every shard, a parent before its children (so a split keeps each item's changes in order),
 * each from its checkpoint, handing each batch of changes to `handle` and checkpointing after it returns. A handler
 * that throws gets the same batch again after a pause; so delivery is at least once, in order per item.
 */
export class TableStreamReader {
  private readonly startAt: 'LATEST' | 'TRIM_HORIZON';
  private readonly idleMs: number;
  private readonly rediscoverMs: number;
  private readonly log: (msg: string) => void;
  private readonly onCaughtUp: (shardId: string, startedAtMs: number) => void;

  constructor(
    private readonly streams: DynamoDBStreamsClient,
    private readonly streamArn: string,
    private readonly checkpoints: CheckpointStore,
    opts: StreamReaderOptions = {},
  ) {
    this.startAt = opts.startAt ?? 'LATEST';
    this.idleMs = opts.idleMs ?? 250;
    this.rediscoverMs = opts.rediscoverMs ?? 10_000;
    this.log = opts.log ?? (() => undefined);
    this.onCaughtUp = opts.onCaughtUp ?? (() => undefined);
  }

  /** Runs until `signal` aborts. */
  async run(handle: (changes: ItemChange[]) => Promise<void>, signal: AbortSignal): Promise<void> {
    const reading = new Map<string, Promise<void>>();
    let firstRun = !this.checkpoints.started();
    while (!signal.aborted) {
      let shards: Shard[] = [];
      try {
        shards = await this.shards();
      } catch (error) {
        this.log(`stream: cannot describe ${this.streamArn}: ${(error as Error).message}`);
      }
      const known = new Set(shards.map((s) => s.ShardId as string));
      // Shards trimmed from the stream (older than its 24 hours) leave the checkpoints.
      if (shards.length) this.checkpoints.prune(known);
      for (const shard of shards) {
        const id = shard.ShardId as string;
        if (reading.has(id) || this.checkpoints.finished(id)) continue;
        // A child waits until its parent has been read to its end (or is gone from the stream).
        const parent = shard.ParentShardId;
        if (parent && known.has(parent) && !this.checkpoints.finished(parent)) continue;
        const startAt = firstRun ? this.startAt : 'TRIM_HORIZON';
        reading.set(
          id,
          this.readShard(id, startAt, handle, signal).finally(() => reading.delete(id)),
        );
      }
      if (shards.length && firstRun) {
        firstRun = false;
        this.checkpoints.markStarted();
      }
      await sleep(this.rediscoverMs, signal);
    }
    await Promise.all(reading.values());
  }

  private async shards(): Promise<Shard[]> {
    const all: Shard[] = [];
    let start: string | undefined;
    do {
      const out = await this.streams.send(new DescribeStreamCommand({ StreamArn: this.streamArn, ExclusiveStartShardId: start }));
      all.push(...(out.StreamDescription?.Shards ?? []));
      start = out.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return all;
  }

  private async iterator(shardId: string, startAt: 'LATEST' | 'TRIM_HORIZON'): Promise<string | undefined> {
    const after = this.checkpoints.get(shardId);
    const out = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.streamArn,
        ShardId: shardId,
        ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: startAt }),
      }),
    );
    return out.ShardIterator;
  }

  private async readShard(
    shardId: string,
    startAt: 'LATEST' | 'TRIM_HORIZON',
    handle: (changes: ItemChange[]) => Promise<void>,
    signal: AbortSignal,
  ): Promise<void> {
    let iterator: string | undefined;
    // A failure is logged when it starts (not on every retry while it lasts) and when reading works again.
    let failing: string | undefined;
    while (!signal.aborted) {
      try {
        iterator ??= await this.iterator(shardId, startAt);
        if (!iterator) break;
        const startedAt = Date.now();
        const out = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        if (failing) this.log(`stream: shard ${shardId}: reading again after: ${failing}`);
        failing = undefined;
        const records = out.Records ?? [];
        const changes = records.map((r) => toChange(r, shardId)).filter((c): c is ItemChange => c !== null);
        if (changes.length) {
          await handle(changes);
          this.checkpoints.set(shardId, changes[changes.length - 1].sequenceNumber);
        }
        if (reachedEnd(records)) this.onCaughtUp(shardId, startedAt);
        iterator = out.NextShardIterator;
        if (!iterator) {
          this.checkpoints.finish(shardId);
          return;
        }
        if (records.length === 0) await sleep(this.idleMs, signal);
      } catch (error) {
        // An expired iterator, a handler or network failure: start again from the checkpoint after a pause.
        if (!(error instanceof ExpiredIteratorException)) {
          const message = (error as Error).message;
          if (message !== failing) this.log(`stream: shard ${shardId}: ${message}${failing ? '' : ' (retrying every second)'}`);
          failing = message;
        }
        iterator = undefined;
        await sleep(Math.max(this.idleMs, 1000), signal);
      }
    }
  }
}

import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import { getEventListeners } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileCheckpoints } from '../../src/stream/checkpoints';
import { madeBefore, TableStreamReader, toChange, type ItemChange } from '../../src/stream/table-stream-reader';

/**
 * Shard splits, which DynamoDB Local never makes: a fake streams client with a closed parent shard and two children.
 * The reader must finish the parent before either child (so each item's changes stay in order), then read both, and
 * a restarted reader must go on from its checkpoints without repeating anything.
 */

const record = (sk: string, seq: string): _Record => ({
  eventName: 'INSERT',
  dynamodb: { Keys: { PK: { S: 'P' }, SK: { S: sk } }, NewImage: { PK: { S: 'P' }, SK: { S: sk } }, SequenceNumber: seq },
});

class FakeStreams {
  readonly calls: string[] = [];
  /** Records per shard; a shard in `closed` ends after its records (no next iterator). */
  constructor(private readonly shards: Record<string, { parent?: string; records: _Record[]; closed: boolean }>) {}

  async send(command: object): Promise<unknown> {
    if (command instanceof DescribeStreamCommand) {
      return { StreamDescription: { Shards: Object.entries(this.shards).map(([ShardId, s]) => ({ ShardId, ParentShardId: s.parent })) } };
    }
    if (command instanceof GetShardIteratorCommand) {
      const { ShardId, ShardIteratorType, SequenceNumber } = command.input;
      const records = this.shards[ShardId as string].records;
      const from =
        ShardIteratorType === 'AFTER_SEQUENCE_NUMBER' ? records.findIndex((r) => r.dynamodb?.SequenceNumber === SequenceNumber) + 1 : 0;
      return { ShardIterator: `${ShardId}@${from}` };
    }
    if (command instanceof GetRecordsCommand) {
      const [shardId, at] = (command.input.ShardIterator as string).split('@');
      const shard = this.shards[shardId];
      const page = shard.records.slice(Number(at), Number(at) + 2);
      this.calls.push(`${shardId}:${page.length}`);
      const next = Number(at) + page.length;
      return { Records: page, NextShardIterator: shard.closed && next >= shard.records.length ? undefined : `${shardId}@${next}` };
    }
    throw new Error(`unexpected ${command.constructor.name}`);
  }
}

describe('TableStreamReader across a shard split', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'stream-split-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function readUntil(streams: FakeStreams, checkpoints: FileCheckpoints, count: number): Promise<string[]> {
    const seen: string[] = [];
    const abort = new AbortController();
    const reader = new TableStreamReader(streams as unknown as DynamoDBStreamsClient, 'arn:stream', checkpoints, {
      startAt: 'TRIM_HORIZON',
      idleMs: 5,
      rediscoverMs: 20,
    });
    const running = reader.run(async (changes: ItemChange[]) => void seen.push(...changes.map((c) => String(c.keys.SK))), abort.signal);
    for (const end = Date.now() + 3000; seen.length < count && Date.now() < end;) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 60)); // anything extra would show up now
    abort.abort();
    await running;
    return seen;
  }

  test('the parent is read to its end before its children; a restart repeats nothing', async () => {
    const streams = new FakeStreams({
      parent: { records: [record('p1', '1'), record('p2', '2'), record('p3', '3')], closed: true },
      childA: { parent: 'parent', records: [record('a1', '4'), record('a2', '5')], closed: false },
      childB: { parent: 'parent', records: [record('b1', '6')], closed: false },
    });
    const path = join(dir, 'checkpoints.json');
    const seen = await readUntil(streams, new FileCheckpoints(path, 'arn:stream'), 6);
    expect(seen.slice(0, 3)).toEqual(['p1', 'p2', 'p3']);
    expect(seen.slice(3).sort()).toEqual(['a1', 'a2', 'b1']);
    const restarted = new FileCheckpoints(path, 'arn:stream');
    expect(restarted.finished('parent')).toBe(true);
    expect(restarted.get('childA')).toBe('5');
    // New records on a child after the restart: only they are handed over.
    (streams as unknown as { shards: Record<string, { records: _Record[] }> }).shards.childA.records.push(record('a3', '7'));
    expect(await readUntil(streams, restarted, 1)).toEqual(['a3']);
  });

  test('shards trimmed from the stream leave the checkpoint file', async () => {
    const streams = new FakeStreams({
      parent: { records: [record('p1', '1')], closed: true },
      child: { parent: 'parent', records: [record('c1', '2')], closed: false },
    });
    const path = join(dir, 'checkpoints.json');
    expect(await readUntil(streams, new FileCheckpoints(path, 'arn:stream'), 2)).toEqual(['p1', 'c1']);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      stream: 'arn:stream',
      positions: { parent: '1', child: '2' },
      finished: ['parent'],
      started: true,
    });
    // A day later the parent is gone from the stream: its position and its finished mark go too.
    delete (streams as unknown as { shards: Record<string, unknown> }).shards.parent;
    const abort = new AbortController();
    const reader = new TableStreamReader(
      streams as unknown as DynamoDBStreamsClient,
      'arn:stream',
      new FileCheckpoints(path, 'arn:stream'),
      { idleMs: 5, rediscoverMs: 20 },
    );
    const running = reader.run(async () => undefined, abort.signal);
    const saved = () => JSON.parse(readFileSync(path, 'utf8')) as { positions: Record<string, string>; finished: string[] };
    for (const end = Date.now() + 10_000; 'parent' in saved().positions && Date.now() < end;) await new Promise((r) => setTimeout(r, 10));
    abort.abort();
    await running;
    expect(saved()).toEqual({ stream: 'arn:stream', positions: { child: '2' }, finished: [], started: true });
  });
});

describe('TableStreamReader while idle', () => {
  test('a long idle run holds a constant number of abort listeners (none piles up per poll)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stream-idle-'));
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      // Two open shards with nothing new: every poll comes back empty and waits idleMs.
      const streams = new FakeStreams({ a: { records: [], closed: false }, b: { records: [], closed: false } });
      const abort = new AbortController();
      const reader = new TableStreamReader(
        streams as unknown as DynamoDBStreamsClient,
        'arn:stream',
        new FileCheckpoints(join(dir, 'c.json'), 'arn:stream'),
        { idleMs: 1, rediscoverMs: 5 },
      );
      const running = reader.run(async () => undefined, abort.signal);
      const counts: number[] = [];
      for (let i = 0; i < 10; i++) {
        await new Promise((r) => setTimeout(r, 100));
        counts.push(getEventListeners(abort.signal, 'abort').length);
      }
      abort.abort();
      await running;
      const polls = streams.calls.length;
      // Hundreds of idle polls and rediscoveries, yet at most one pending wait per shard plus the rediscovery wait.
      expect(polls).toBeGreaterThan(200);
      expect(Math.max(...counts)).toBeLessThanOrEqual(3);
      expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('when a change was made', () => {
  const at = (t: Date | number | undefined) =>
    toChange({ eventName: 'INSERT', dynamodb: { ...record('x', '1').dynamodb, ApproximateCreationDateTime: t as Date } }, 's');

  test('read from GetRecords (a Date) and from a Lambda event (seconds since the epoch); null when absent', () => {
    expect(at(new Date('2026-12-05T08:07:34Z'))?.madeAtMs).toBe(Date.parse('2026-12-05T08:07:34Z'));
    expect(at(1796458054)?.madeAtMs).toBe(1796458054000);
    expect(at(undefined)?.madeAtMs).toBeNull();
  });

  test("madeBefore allows for the stream's rounding down: to the second on AWS, to the minute on DynamoDB Local", () => {
    const start = Date.parse('2026-12-05T08:07:30.500Z');
    // On a second: made within that second.
    expect(madeBefore(at(new Date('2026-12-05T08:07:29Z')) as ItemChange, start)).toBe(true);
    expect(madeBefore(at(new Date('2026-12-05T08:07:30Z')) as ItemChange, start)).toBe(false);
    // On a whole minute: DynamoDB Local's rounding, made anywhere in that minute.
    expect(madeBefore(at(new Date('2026-12-05T08:06:00Z')) as ItemChange, start)).toBe(true);
    expect(madeBefore(at(new Date('2026-12-05T08:07:00Z')) as ItemChange, start)).toBe(false);
    expect(madeBefore(at(undefined) as ItemChange, start)).toBe(false);
  });
});

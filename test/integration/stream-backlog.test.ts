import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../src/db/client';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../src/dev/embedded-dynamodb';
import { findFreePort } from '../../src/dev/dynamodb-local-process';
import { ensureTable } from '../../src/db/table';
import { summaryToItem } from '../../src/modules/leaderboard/leaderboard-items';
import { startProcess, type Started } from '../helpers/child-process';
import { legacyEpochRows, legacyJob, legacyMetric, legacyTs, putItems, putOneByOne, type Item } from '../helpers/legacy-seed';
import { subscribe } from '../helpers/subscriber';

/**
 * A server restarted after the legacy writer wrote a backlog of thousands of epochs while it was stopped: its stream
 * consumer reads the backlog through in constant memory (RSS beside the same server with live events off), keeps a
 * small checkpoint file, announces none of the epochs written before it started, and keeps the leaderboard right.
 */

const ROOT = resolve(__dirname, '../..');
const JOBS = 3000;
const EPOCHS = 3;
/** Jobs of the backlog without a leaderboard summary (as if `npm run reindex` had not reached them). */
const UNINDEXED = 10;
const EPOCH = `subscription { epochRecorded { epoch valF1 } }`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The server's command line as `npm start` runs it (same V8 flags), with the entry point's absolute path. */
function serverArgs(): string[] {
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const [node, ...args] = start.split(' ');
  expect(node).toBe('node');
  return args.map((a) => (a.startsWith('dist/') ? join(ROOT, a) : a));
}

/** Resident memory of a process in MB, from /proc. */
function rssMb(pid: number): number {
  const line = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(line?.[1]) / 1024;
}

/** The furthest stream position a checkpoint file holds (sequence numbers are its long digit strings, whatever its shape). */
function furthest(checkpoints: string): bigint {
  return [...checkpoints.matchAll(/"(\d{15,})"/g)].reduce((max, [, seq]) => (BigInt(seq) > max ? BigInt(seq) : max), 0n);
}

const rowTs = (epoch: number) => legacyTs('2026-03-01T09:00:00', epoch * 1_000_000);
const valF1 = (epoch: number) => 0.5 + epoch / 100;

/** One backlog job: the job item and EPOCHS epochs of one val_f1 row each (the least a legacy epoch holds to rank). */
function backlogJob(jobId: string, n: number): Item[] {
  const rows: Item[] = [legacyJob({ id: jobId, name: `backlog-${n}`, status: 'running', createdAt: legacyTs('2026-03-01T08:00:00', n) })];
  for (let epoch = 1; epoch <= EPOCHS; epoch++)
    rows.push(legacyMetric({ jobId, name: 'val_f1', ts: rowTs(epoch), value: valF1(epoch), unit: 'ratio', epoch, step: epoch * 100 }));
  return rows;
}

/** The summary `npm run reindex` writes for a backlog job: its last epoch is its best. */
const backlogSummary = (jobId: string): Item =>
  summaryToItem({ jobId, metric: 'val_f1', value: valF1(EPOCHS), epoch: EPOCHS, timestamp: rowTs(EPOCHS), version: 1 });

describe('a stream consumer catching up a backlog', () => {
  // A DynamoDB Local of its own: a stream of 15,000 records slows every later write to the one the suite shares.
  let dynamo: EmbeddedDynamo;
  let endpoint: string;
  let doc: DynamoDBDocumentClient;
  let streams: DynamoDBStreamsClient;
  const tableName = `backlog-${randomUUID()}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'metrics-backlog-'));
  const running: Started[] = [];

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo();
    endpoint = dynamo.endpoint;
    doc = createDocumentClient({ region: 'us-east-1', endpoint, timeoutMs: 10_000 });
    streams = new DynamoDBStreamsClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });

  const startServer = async (extra: Record<string, string> = {}) => {
    const port = await findFreePort();
    const env = {
      ...process.env,
      DYNAMODB_ENDPOINT: endpoint,
      TABLE_NAME: tableName,
      DATA_DIR: dataDir,
      PORT: String(port),
      AUTH: 'off',
      LOG_LEVEL: 'warn',
      ...extra,
    };
    const server = await startProcess(process.execPath, serverArgs(), env, 'training metrics API on');
    running.push(server);
    return { ...server, pid: server.child.pid as number, url: `http://127.0.0.1:${port}/graphql` };
  };
  /** The checkpoint file the server keeps in DATA_DIR (its name is the server's business: the only JSON file there). */
  const checkpointFile = () => {
    const files = readdirSync(dataDir).filter((f) => f.endsWith('.json'));
    return files.length === 1 ? join(dataDir, files[0]) : null;
  };

  afterAll(async () => {
    await Promise.all(running.map((s) => s.stop()));
    streams?.destroy();
    doc?.destroy();
    await dynamo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('reads thousands of legacy epochs written while it was stopped in constant memory, announcing none of them', async () => {
    await ensureTable(doc, tableName);
    // A first run: the consumer starts on the stream and leaves its checkpoint file.
    const first = await startServer();
    for (const end = Date.now() + 30_000; !checkpointFile() && Date.now() < end;) await sleep(100);
    expect(checkpointFile()).not.toBeNull();
    await first.stop();

    // The backlog, written while no server runs: JOBS jobs of EPOCHS legacy epochs, reindexed but for a few.
    const ids = Array.from({ length: JOBS }, () => randomUUID());
    const items = ids.flatMap((id, n) => [...backlogJob(id, n), ...(n < UNINDEXED ? [] : [backlogSummary(id)])]);
    const writing = Date.now();
    const lanes = 4;
    const share = Math.ceil(items.length / lanes / 25) * 25;
    await Promise.all(Array.from({ length: lanes }, (_, i) => putItems(doc, tableName, items.slice(i * share, (i + 1) * share))));
    const writeMs = Date.now() - writing;

    // The last record of the backlog: once the checkpoint holds its position (or a later one), the consumer read it all.
    const arn = (await doc.send(new DescribeTableCommand({ TableName: tableName }))).Table?.LatestStreamArn as string;
    const shards = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription?.Shards ?? [];
    expect(shards).toHaveLength(1);
    const latest = await streams.send(
      new GetShardIteratorCommand({ StreamArn: arn, ShardId: shards[0].ShardId, ShardIteratorType: 'LATEST' }),
    );
    await doc.send(new PutCommand({ TableName: tableName, Item: { PK: 'BACKLOG#END', SK: 'END', TYPE: 'TEST' } }));
    const last = (await streams.send(new GetRecordsCommand({ ShardIterator: latest.ShardIterator }))).Records ?? [];
    expect(last).toHaveLength(1);
    const lastSeq = BigInt(last[0].dynamodb?.SequenceNumber as string);
    // DynamoDB Local rounds a change's time down to the minute: the backlog is certainly older than a start in the next.
    const nextMinute = (Math.floor(Date.now() / 60_000) + 1) * 60_000;

    // The baseline: the same server on the same table with live events off. It still reads the stream for leaderboard
    // upkeep, so it gets checkpoints of its own: starting from the stream's latest record, it leaves the backlog unread.
    const baselineDir = mkdtempSync(join(tmpdir(), 'metrics-baseline-'));
    const baseline = await startServer({ LIVE_EVENTS: 'off', STREAM_CHECKPOINT_FILE: join(baselineDir, 'checkpoints.json') });
    const res = await fetch(baseline.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ jobs(first: 5) { edges { node { id } } } }"}',
    });
    expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
    const baselineMb = rssMb(baseline.pid);
    await baseline.stop();
    rmSync(baselineDir, { recursive: true, force: true });
    while (Date.now() < nextMinute) await sleep(100);

    const started = Date.now();
    const server = await startServer();
    const heard = await subscribe(server.url, EPOCH);
    let peakMb = 0;
    const sample = () => (peakMb = Math.max(peakMb, rssMb(server.pid)));
    const path = checkpointFile() as string;
    const caughtUp = () => furthest(readFileSync(path, 'utf8')) >= lastSeq;
    for (const end = Date.now() + 120_000; !caughtUp() && Date.now() < end; await sleep(100)) sample();
    expect(caughtUp()).toBe(true);
    const caughtUpMs = Date.now() - started;
    // A while after catching up (quiet legacy candidates would be announced now), memory still sampled.
    for (const end = Date.now() + 5000; Date.now() < end; await sleep(100)) sample();
    const checkpointBytes = statSync(path).size;
    console.log(
      `${items.length} items (${JOBS} jobs, ${JOBS * EPOCHS} epochs) written in ${writeMs} ms; RSS: ${baselineMb.toFixed(1)} MB with live events off, ` +
        `peak ${peakMb.toFixed(1)} MB catching up (caught up in ${caughtUpMs} ms); checkpoint file ${checkpointBytes} bytes`,
    );

    expect(peakMb - baselineMb).toBeLessThan(60);
    expect(checkpointBytes).toBeLessThan(64 * 1024);
    // Nothing written before the server started was announced: the whole backlog (and its end marker) was read through.
    expect(server.output()).toMatch(
      new RegExp(`^live: caught up with the stream: ${items.length + 1} changes made before \\S+ read through without events`, 'm'),
    );
    expect(heard.received).toEqual([]);
    // The jobs the reindex had not reached rank all the same: the consumer wrote their summaries while reading through.
    for (const jobId of ids.slice(0, UNINDEXED)) {
      const summary = (
        await doc.send(
          new GetCommand({ TableName: tableName, Key: { PK: `JOB#${jobId}`, SK: 'LEADERBOARD#val_f1' }, ConsistentRead: true }),
        )
      ).Item;
      expect(summary).toMatchObject({ value: valF1(EPOCHS), epoch: EPOCHS });
    }

    // What is written now is announced.
    const fresh = randomUUID();
    await putOneByOne(doc, tableName, [
      legacyJob({ id: fresh, name: 'after-backlog', status: 'running', createdAt: '2026-03-02T09:00:00.000000+00:00' }),
      ...legacyEpochRows(fresh, 1, ['DATE']),
    ]);
    const event = await heard.nth(1, 10_000);
    expect(event.data.epochRecorded).toEqual({ epoch: 1, valF1: 0.51 });
    await heard.close();
  }, 240_000);
});

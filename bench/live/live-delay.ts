import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../src/app/config';
import { PartitionRepository } from '../../src/modules/partition/partition-repository';
import { createApiKey, DASHBOARD_KEY, TRAINER_KEY } from '../api-keys';
import { CpuMeter } from '../cpu';
import { BENCH_DYNAMO_TIMEOUT_MS, openDatabase, type BenchDatabase } from '../database';
import { GraphqlClient } from '../graphql';
import type { LivePlan } from '../options';
import { legacyEpochItems } from '../seed/job-items';
import { epochValues, planMoreJobs, type EpochValues, type PlannedJob } from '../seed/plan';
import { ItemSink, plannedJobItems } from '../seed/seed';
import { MissingToolError, startRedis, startServer, startStreamWorker, type ServerProcess, type StartedProcess } from '../server-process';
import { quantile } from '../stats';
import { recordEpoch } from '../workloads/writes';
import { LiveSubscriber } from './subscriber';

/*
 * LV: the delay from a write to its subscribers. Subscribers hold one graphql-ws connection each, subscribed to
 * epochRecorded(jobId) with the reader key; trainers record epochs through recordEpoch at a steady rate and a legacy
 * writer puts epochs straight into the table, row by row. Measured in two set-ups, one after the other, on a DynamoDB
 * Local of LV's own (the main bench server consumes its table's stream and would be a second consumer here):
 * `local`, one server with LIVE_EVENTS=local; `redis`, two servers on Redis pub/sub and the stream worker, writes
 * through A, subscribers half on A and half on B.
 */

export type LiveMode = 'local' | 'redis';

/** p50, p99 and max of a list of delays, in ms. */
export interface DelayQuantiles {
  p50: number;
  p99: number;
  max: number;
}

/** One writer kind (trainers through the server, or the legacy writer) in one mode, over its (epoch, subscriber) pairs. */
export interface DelayStats {
  /** Epochs written in the measured phase. */
  epochs: number;
  /** (epoch, subscriber) pairs that must arrive, and how many did. */
  expected: number;
  received: number;
  /** Results beyond the first of a pair (the warm-up's epochs included). */
  duplicated: number;
  /** Results of an epoch not written to the subscriber's job, or not as written (another value, labels missing). */
  wrong: number;
  /** The first of those, described. */
  firstWrong: string | null;
  /** From the acknowledgement of the write (legacy: of the epoch's last PutItem). */
  fromAck: DelayQuantiles;
  /** From the start of the write request (legacy: of the epoch's first PutItem). */
  fromStart: DelayQuantiles;
  /** Pairs that arrived before the write's acknowledgement had (the stream can be quicker than the response). */
  beforeAck: number;
}

/** What one mode measured. */
export interface LiveModeResult {
  mode: LiveMode;
  setup: string;
  server: DelayStats;
  legacy: DelayStats;
  /** Errors subscribers saw (error results, dropped connections). */
  errors: string[];
  /** Largest share of the machine's CPU that processes outside the run used meanwhile (null: unknown). */
  foreignCpu: number | null;
  /** Rows (PutItems) of one legacy epoch, and the longest the legacy writer waited for one (warm-up included). */
  legacyRows: number;
  legacyLongestRowMs: number;
  notes: string[];
}

/** Everything LV measured. */
export interface LiveRun {
  plan: LivePlan;
  labels: number;
  jobs: number;
  /** The servers' and worker's STREAM_POLL_MS and LEGACY_EPOCH_QUIET_MS (the defaults unless set for the bench). */
  pollMs: number;
  quietMs: number;
  /** The legacy writer's pause after each epoch's last row. */
  legacyPauseMs: number;
  modes: LiveModeResult[];
  /** Modes that could not run, and why (a program they need is not installed). */
  notRun: { mode: LiveMode; reason: string }[];
}

const EPOCH_SUBSCRIPTION = `subscription LiveEpochs($jobId: ID) {
  epochRecorded(jobId: $jobId) { epoch valF1 labels { label } }
}`;

interface EpochEvent {
  epochRecorded: { epoch: number; valF1: number | null; labels: { label: string }[] };
}

/** An epoch written and when (bench clock, ms): the request's start and its acknowledgement. */
interface Written {
  values: EpochValues;
  start: number;
  ack: number;
  warmUp: boolean;
}

type Instance = 'A' | 'B';

/** A job of LV, its writer and its subscribers. */
interface LiveJob {
  job: PlannedJob;
  subscribers: { sub: LiveSubscriber<EpochEvent>; on: Instance }[];
  written: Map<number, Written>;
  /** The next epoch number to write. */
  next: number;
  /** Writes epoch `next` (and counts on). */
  write(warmUp: boolean): Promise<void>;
}

/** The processes of one mode: where trainers write (A), where subscribers connect (A and B; the same in `local`). */
interface Rig {
  a: ServerProcess;
  b: ServerProcess;
  setup: string;
  pids: Record<string, number>;
  stop(): Promise<void>;
}

/** Warm-up epochs a job gets at most: the consumer starts at the stream's LATEST position once it has found its shards. */
const WARMUP_TRIES = 10;
const WARMUP_WAIT_MS = 3_000;
/** How long the last writes may take to arrive, on top of the quiet period; then how long to wait for repeats. */
const DRAIN_MS = 15_000;
const REPEAT_GRACE_MS = 1_500;
/** The legacy writer pauses this long after an epoch's last row beyond the quiet period, so the quiet period announces it. */
const LEGACY_PAUSE_MARGIN_MS = 1_500;
const legacyPauseMs = (quietMs: number) => quietMs + LEGACY_PAUSE_MARGIN_MS;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function waitUntil(done: () => boolean, ms: number): Promise<boolean> {
  for (const end = performance.now() + ms; !done(); await sleep(20)) if (performance.now() > end) return false;
  return true;
}

const quantiles = (values: number[]): DelayQuantiles => {
  const sorted = [...values].sort((x, y) => x - y);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.length ? sorted[sorted.length - 1] : Number.NaN };
};

/** What the servers and the worker run with: STREAM_POLL_MS and LEGACY_EPOCH_QUIET_MS from the environment or the defaults. */
function streamSettings(): { pollMs: number; quietMs: number } {
  const config = loadConfig({ STREAM_POLL_MS: process.env.STREAM_POLL_MS, LEGACY_EPOCH_QUIET_MS: process.env.LEGACY_EPOCH_QUIET_MS });
  return { pollMs: config.streamPollMs, quietMs: config.legacyEpochQuietMs };
}

/** LV's servers keep the time-out they had before the main run's server went back to the default: LV measures delays. */
const LONG_CALLS = { DYNAMODB_TIMEOUT_MS: String(BENCH_DYNAMO_TIMEOUT_MS) };

async function startRig(mode: LiveMode, db: BenchDatabase): Promise<Rig> {
  const started: StartedProcess[] = [];
  const stop = async () => {
    for (const p of started.reverse()) await p.stop().catch(() => undefined);
  };
  try {
    if (mode === 'local') {
      const server = await startServer(db.endpoint, db.tableName, { LIVE_EVENTS: 'local', ...LONG_CALLS });
      started.push(server);
      const setup = '1 server, LIVE_EVENTS=local (stream consumer in the server, in-memory fan-out)';
      return { a: server, b: server, setup, pids: { server: server.pid }, stop };
    }
    const redis = await startRedis();
    started.push(redis);
    const worker = await startStreamWorker(db.endpoint, db.tableName, redis.url);
    started.push(worker);
    const env = { LIVE_EVENTS: 'redis', REDIS_URL: redis.url, ...LONG_CALLS };
    const a = await startServer(db.endpoint, db.tableName, env);
    started.push(a);
    const b = await startServer(db.endpoint, db.tableName, env);
    started.push(b);
    const setup = '2 servers, REDIS_URL (Redis pub/sub) + npm run stream-worker; writes through A, subscribers half on A, half on B';
    return { a, b, setup, pids: { 'server A': a.pid, 'server B': b.pid, worker: worker.pid, redis: redis.pid }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The epochs of a job that count: written after the warm-up. */
const measuredEpochs = (j: LiveJob) => [...j.written.entries()].filter(([, w]) => !w.warmUp).map(([epoch]) => epoch);

/** The delays and counts of some jobs' pairs; `on` keeps only the subscribers of one instance. */
function delayStats(jobs: readonly LiveJob[], on?: Instance): DelayStats {
  const stats = { epochs: 0, expected: 0, received: 0, duplicated: 0, wrong: 0, firstWrong: null as string | null };
  const fromAck: number[] = [];
  const fromStart: number[] = [];
  for (const j of jobs) {
    const measured = measuredEpochs(j).length;
    stats.epochs += measured;
    for (const { sub } of j.subscribers.filter((s) => !on || s.on === on)) {
      stats.expected += measured;
      const seen = new Set<number>();
      for (const { at, data } of sub.received) {
        const e = data.epochRecorded;
        const w = j.written.get(e.epoch);
        const labels = w?.values.labels
          .map((l) => l.label)
          .sort()
          .join();
        if (
          !w ||
          e.valF1 !== w.values.valF1 ||
          e.labels
            .map((l) => l.label)
            .sort()
            .join() !== labels
        ) {
          stats.wrong++;
          stats.firstWrong ??= w
            ? `epoch ${e.epoch} with val_f1 ${e.valF1} and ${e.labels.length} labels, written with ${w.values.valF1} and ${w.values.labels.length}`
            : `epoch ${e.epoch}, never written to job ${j.job.name}`;
        } else if (seen.has(e.epoch)) {
          stats.duplicated++;
        } else {
          seen.add(e.epoch);
          if (w.warmUp) continue;
          stats.received++;
          fromAck.push(at - w.ack);
          fromStart.push(at - w.start);
        }
      }
    }
  }
  return { ...stats, fromAck: quantiles(fromAck), fromStart: quantiles(fromStart), beforeAck: fromAck.filter((d) => d < 0).length };
}

const ms = (n: number) => `${n.toFixed(0)} ms`;

/** What both modes share. */
interface LiveContext {
  db: BenchDatabase;
  keys: { reader: string; writer: string };
  plan: LivePlan;
  labels: number;
  quietMs: number;
  /** Processes of the bench that stay idle meanwhile (their CPU is metered, so it is not taken for a foreign one's). */
  idlePids: Record<string, number>;
  say: (msg: string) => void;
}

/** A job of LV; `write` stores one epoch's values as its writer does. */
function liveJob(job: PlannedJob, write: (values: EpochValues) => Promise<void>): LiveJob {
  const j: LiveJob = {
    job,
    subscribers: [],
    written: new Map(),
    next: 1,
    write: async (warmUp) => {
      const values = epochValues(job.shape, j.next++);
      const start = performance.now();
      await write(values);
      j.written.set(values.epoch, { values, start, ack: performance.now(), warmUp });
    },
  };
  return j;
}

/** The legacy writer: one PutItem per row, in order, straight into the table; it notes the longest wait for a row. */
function legacyWriter(db: BenchDatabase, job: PlannedJob): { job: LiveJob; rows: number; longestRowMs: number } {
  const writer = { rows: 0, longestRowMs: 0 };
  const write = async (values: EpochValues) => {
    const rows = legacyEpochItems(job, values);
    let previous = performance.now();
    for (const Item of rows) {
      await db.doc.send(new PutCommand({ TableName: db.tableName, Item }));
      writer.longestRowMs = Math.max(writer.longestRowMs, performance.now() - previous);
      previous = performance.now();
    }
    writer.rows = rows.length;
  };
  return Object.assign(writer, { job: liveJob(job, write) });
}

/** The trainers' jobs (PENDING, started by their first epoch) and the legacy writer's (RUNNING), stored as their writers store them. */
async function liveJobs(mode: LiveMode, ctx: LiveContext, trainer: GraphqlClient) {
  const { plan, labels } = ctx;
  const seed = mode === 'local' ? 901 : 902;
  const trainerJobs = planMoreJobs({
    prefix: `bench-live-${mode}`,
    count: plan.trainers,
    after: 0,
    epochs: 0,
    labels,
    status: 'PENDING',
    seed,
  });
  const legacyJob: PlannedJob = {
    ...planMoreJobs({
      prefix: `bench-live-legacy-${mode}`,
      count: 1,
      after: plan.trainers,
      epochs: 0,
      labels,
      status: 'RUNNING',
      seed: seed + 50,
    })[0],
    legacy: true,
  };
  const sink = new ItemSink(ctx.db.gateway());
  for (const job of [...trainerJobs, legacyJob]) await sink.add(plannedJobItems(job));
  await sink.flush();
  const trainers = trainerJobs.map((job) => liveJob(job, async (values) => void (await recordEpoch(trainer, job.id, values))));
  return { trainers, legacy: legacyWriter(ctx.db, legacyJob) };
}

/** Subscriber i follows job i mod jobs; they alternate between A and B round by round, so each job has half on each. */
async function subscribeAll(jobs: readonly LiveJob[], rig: Rig, ctx: LiveContext, open: LiveSubscriber<EpochEvent>[]): Promise<void> {
  for (let i = 0; i < ctx.plan.subscribers; i++) {
    const j = jobs[i % jobs.length];
    const on: Instance = Math.floor(i / jobs.length) % 2 === 0 ? 'A' : 'B';
    const sub = await LiveSubscriber.open<EpochEvent>(
      (on === 'A' ? rig.a : rig.b).url,
      EPOCH_SUBSCRIPTION,
      { jobId: j.job.id },
      ctx.keys.reader,
    );
    open.push(sub);
    j.subscribers.push({ sub, on });
  }
}

/**
 * Epochs of each job until every one of its subscribers has one: the consumer reads from where the stream was when it
 * found it, and a subscription is registered shortly after its message. Not counted in the delays. The trainers' jobs
 * first, then the legacy one: rows written while a fresh DynamoDB Local is at its slowest could come further apart
 * than the quiet period, which would split the epoch by the rule the legacy writer is held to.
 */
async function warmUp(trainers: readonly LiveJob[], legacy: LiveJob, ctx: LiveContext, failure: (job: LiveJob) => string): Promise<void> {
  const warm = async (j: LiveJob, waitMs: number) => {
    const ready = () => j.subscribers.every((s) => s.sub.received.length > 0);
    for (let tries = 0; !ready(); tries++) {
      if (tries === WARMUP_TRIES) throw new Error(failure(j));
      await j.write(true);
      await waitUntil(ready, waitMs);
    }
  };
  await Promise.all(trainers.map((j) => warm(j, WARMUP_WAIT_MS)));
  await warm(legacy, WARMUP_WAIT_MS + ctx.quietMs);
}

/**
 * The timed writes. Trainers write on a steady schedule, staggered so that epochs come evenly (plan.trainers per
 * intervalMs in all): first plan.warmupEpochs each, not measured (fresh servers and DynamoDB Local warm up), then the
 * measured ones; the legacy writer starts with the measured ones and pauses past the quiet period after each epoch.
 * Returns the seconds from the first measured epoch to the last write.
 */
async function writeSteadily(trainers: readonly LiveJob[], legacy: LiveJob, ctx: LiveContext): Promise<number> {
  const { plan } = ctx;
  const t0 = performance.now();
  const slot = (n: number, k: number) => t0 + ((k + n * plan.trainers) * plan.intervalMs) / plan.trainers;
  const timed = trainers.map(async (j, k) => {
    for (let n = 0; n < plan.warmupEpochs + plan.epochs; n++) {
      await sleep(slot(n, k) - performance.now());
      await j.write(n < plan.warmupEpochs);
    }
  });
  const measuredFrom = slot(plan.warmupEpochs, 0);
  const legacyWrites = (async () => {
    await sleep(measuredFrom - performance.now());
    for (let i = 0; i < plan.legacyEpochs; i++) {
      if (i > 0) await sleep(legacyPauseMs(ctx.quietMs));
      await legacy.write(false);
    }
  })();
  await Promise.all([...timed, legacyWrites]);
  return (performance.now() - measuredFrom) / 1000;
}

/** Every subscriber has every measured epoch of its job (a warm-up epoch written before the consumer read never comes). */
function complete(jobs: readonly LiveJob[]): boolean {
  return jobs.every((j) => {
    const measured = measuredEpochs(j);
    return j.subscribers.every(({ sub }) => {
      const got = new Set(sub.received.map((r) => r.data.epochRecorded.epoch));
      return measured.every((epoch) => got.has(epoch));
    });
  });
}

/** What the consumer reads to announce a legacy epoch: its job's whole partition, consistently (median of 3). */
async function partitionRead(db: BenchDatabase, jobId: string): Promise<{ items: number; ms: number }> {
  const times: number[] = [];
  let items = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    items = (await new PartitionRepository(db.gateway()).items(jobId, true)).length;
    times.push(performance.now() - t);
  }
  return { items, ms: quantiles(times).p50 };
}

/** Runs one mode: its processes, jobs and subscribers, a warm-up, the timed writes, then waits for every result. */
async function measureMode(mode: LiveMode, ctx: LiveContext): Promise<LiveModeResult> {
  const { db, plan } = ctx;
  const rig = await startRig(mode, db);
  const open: LiveSubscriber<EpochEvent>[] = [];
  try {
    ctx.say(`LV ${mode}: ${rig.setup}`);
    const { trainers, legacy } = await liveJobs(mode, ctx, new GraphqlClient(rig.a.url, ctx.keys.writer));
    const jobs = [...trainers, legacy.job];
    await subscribeAll(jobs, rig, ctx, open);
    await warmUp(
      trainers,
      legacy.job,
      ctx,
      (j) => `LV ${mode}: subscribers of ${j.job.name} got none of ${WARMUP_TRIES} warm-up epochs; server output:\n${rig.a.output()}`,
    );
    ctx.say(
      `LV ${mode}: ${open.length} subscribers receiving; ${plan.trainers} trainers x ${plan.epochs} epochs, ${plan.legacyEpochs} legacy epochs`,
    );

    const cpu = new CpuMeter({ bench: process.pid, ...rig.pids, dynamodb: db.dynamo.pid, ...ctx.idlePids });
    cpu.start();
    const writeSeconds = await writeSteadily(trainers, legacy.job, ctx);
    await waitUntil(() => complete(jobs), DRAIN_MS + ctx.quietMs);
    cpu.stop();
    await sleep(REPEAT_GRACE_MS);

    const server = delayStats(trainers);
    const result: LiveModeResult = {
      mode,
      setup: rig.setup,
      server,
      legacy: delayStats([legacy.job]),
      errors: open.flatMap((s) => s.errors),
      foreignCpu: cpu.foreignShare(),
      legacyRows: legacy.rows,
      legacyLongestRowMs: legacy.longestRowMs,
      notes: [],
    };
    const latency = quantiles(trainers.flatMap((j) => [...j.written.values()].filter((w) => !w.warmUp).map((w) => w.ack - w.start)));
    const read = await partitionRead(db, legacy.job.job.id);
    result.notes.push(
      `recordEpoch through ${mode === 'local' ? 'the server' : 'A'}: p50 ${ms(latency.p50)}, p99 ${ms(latency.p99)}; ${(server.epochs / writeSeconds).toFixed(1)} epochs/s from the trainers over ${writeSeconds.toFixed(1)} s`,
      `server-recorded (epoch, subscriber) pairs that arrived before the write's acknowledgement: ${server.beforeAck}`,
      `legacy writer: longest time between two rows' PutItem acknowledgements ${ms(legacy.longestRowMs)} (the quiet period is ${ms(ctx.quietMs)})`,
      `a legacy epoch's announcement reads its job's partition (consistent Query): ${read.items} items in ${ms(read.ms)} at the end, machine idle`,
    );
    if (mode === 'redis') {
      const [onA, onB] = [delayStats(trainers, 'A'), delayStats(trainers, 'B')];
      result.notes.push(
        `server-recorded epochs from the acknowledgement: subscribers on A p50 ${ms(onA.fromAck.p50)}, p99 ${ms(onA.fromAck.p99)}; on B p50 ${ms(onB.fromAck.p50)}, p99 ${ms(onB.fromAck.p99)}`,
      );
    }
    const timedEpochs = plan.trainers * (plan.warmupEpochs + plan.epochs) + plan.legacyEpochs;
    const cpuText = Object.entries(cpu.perRequestMs(timedEpochs))
      .map(([p, t]) => `${p} ${t.toFixed(1)}`)
      .join(', ');
    result.notes.push(`CPU ms per epoch written (steady writes, warm-up included, to the last result): ${cpuText}`);
    return result;
  } finally {
    await Promise.all(open.map((s) => s.close().catch(() => undefined)));
    await rig.stop();
  }
}

/**
 * LV: both modes in turn on a DynamoDB Local of its own; `idlePids` are the main bench server and DynamoDB Local,
 * idle meanwhile, whose CPU is metered so that it is not taken for another process's.
 */
export async function measureLiveDelay(
  plan: LivePlan,
  labels: number,
  idlePids: Record<string, number>,
  say: (msg: string) => void,
): Promise<LiveRun> {
  const { pollMs, quietMs } = streamSettings();
  say(`LV: live updates, ${plan.subscribers} subscribers; starting a DynamoDB Local for it`);
  const db = await openDatabase();
  try {
    const keys = {
      reader: await createApiKey(db.gateway(), 'reader', DASHBOARD_KEY),
      writer: await createApiKey(db.gateway(), 'writer', TRAINER_KEY),
    };
    const ctx: LiveContext = { db, keys, plan, labels, quietMs, idlePids, say };
    const modes: LiveModeResult[] = [];
    const notRun: LiveRun['notRun'] = [];
    for (const mode of ['local', 'redis'] as const) {
      try {
        modes.push(await measureMode(mode, ctx));
      } catch (error) {
        // A missing program (redis-server) skips its mode, reported NOT RUN; any other failure ends the run as before.
        if (!(error instanceof MissingToolError)) throw error;
        say(`LV ${mode}: NOT RUN: ${error.message}`);
        notRun.push({ mode, reason: error.message });
      }
    }
    return { plan, labels, jobs: plan.trainers + 1, pollMs, quietMs, legacyPauseMs: legacyPauseMs(quietMs), modes, notRun };
  } finally {
    await db.close();
  }
}

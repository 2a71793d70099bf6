import { queryAll, type Item } from '../../src/db/batch';
import { jobPartition } from '../../src/db/schema';
import { answerDifference, sortedJson } from '../compare';
import { writeCalls } from '../stats';
import { rawFullSeries } from '../raw/series';
import { JOB_SK } from '../raw/table';
import { newEpochTrainer, newStepLogger, rawLogMetrics, rawRecordEpoch } from '../raw/writes';
import { epochValues, planMoreJobs, type EpochValues, type PlannedJob } from '../seed/plan';
import { plannedJobItems, type ItemSink } from '../seed/seed';
import { STEP_METRIC, stepPoints } from '../seed/step-series';
import type { GraphqlClient } from '../graphql';
import type { Answered, BenchContext, Workload } from './workload';

/** The trainer writes W6 and W7: each worker is one trainer with its own job, on each side. */

const RECORD_EPOCH = `mutation RecordEpoch($input: RecordEpochInput!) {
  recordEpoch(input: $input) { replayed userErrors { code field message } }
}`;

const LOG_METRICS = `mutation LogMetrics($input: LogMetricsInput!) {
  logMetrics(input: $input) { written replayed userErrors { code field message } }
}`;

export const POINTS_PER_CALL = 1000;

/** A write answer must be a clean first write; anything else is a failed request. */
function expectWritten(payload: { userErrors: unknown[]; replayed: unknown }): void {
  if (payload.userErrors.length || (payload.replayed !== false && payload.replayed !== 0))
    throw new Error(`write not applied: ${JSON.stringify(payload)}`);
}

/** One `recordEpoch` of a trainer (a writer key's client), which must be a clean first write. */
export async function recordEpoch(client: GraphqlClient, jobId: string, values: EpochValues): Promise<Answered> {
  const { data, stats } = await client.request<{ recordEpoch: { replayed: boolean; userErrors: unknown[] } }>(RECORD_EPOCH, {
    input: { jobId, ...values },
  });
  expectWritten(data.recordEpoch);
  return { answer: data, stats };
}

/**
 * Stored items of a partition with what must differ between two runs of the same writes masked: ids, times, tokens.
 * Keys are sorted at every depth, so nested maps (label scores, block extremes) are compared too.
 */
async function storedShape(ctx: BenchContext, pk: string, jobId: string, only?: (item: Item) => boolean): Promise<string[]> {
  const items: Item[] = await queryAll(ctx.db.gateway(), {
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': pk },
    ConsistentRead: true,
  });
  return items
    .filter((item) => !only || only(item))
    .map((item) =>
      sortedJson(item)
        .split(jobId)
        .join('<job>')
        .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00/g, '<time>')
        .replace(/"token":"[0-9a-f-]{36}"/g, '"token":"<token>"'),
    )
    .sort();
}

/** Compares what the GraphQL and the raw writer of worker 0 stored under the given partitions. */
async function sameStored(
  ctx: BenchContext,
  what: string,
  graphql: PlannedJob,
  raw: PlannedJob,
  partition: (jobId: string) => string,
  only?: (item: Item) => boolean,
): Promise<string[]> {
  const difference = answerDifference(
    await storedShape(ctx, partition(graphql.id), graphql.id, only),
    await storedShape(ctx, partition(raw.id), raw.id, only),
  );
  return difference ? [`stored ${what} differ: ${difference}`] : [];
}

const SERIES = `query Series($id: ID!, $name: String!) { job(id: $id) { series(name: $name) { epoch step value } } }`;

/** W7: the series the GraphQL logger wrote (packed), read through the API, against the raw logger's per-point items. */
async function sameSeries(ctx: BenchContext, graphql: PlannedJob, raw: PlannedJob): Promise<string[]> {
  const { data } = await ctx.gql.request(SERIES, { id: graphql.id, name: STEP_METRIC });
  const difference = answerDifference(data, (await rawFullSeries(ctx.db, raw.id, STEP_METRIC)).answer);
  return difference ? [`the series logged differ: ${difference}`] : [];
}

/** W6 and W7, with their trainers' jobs seeded first (PENDING for epochs, RUNNING for step logging). */
export async function writeWorkloads(ctx: BenchContext, sink: ItemSink): Promise<Workload[]> {
  const { opts, trainer: gql, db } = ctx;
  const n = opts.concurrency;
  const after = ctx.jobs.length;
  const epochJobs = (prefix: string, seed: number, sameAs?: PlannedJob[]) =>
    planMoreJobs({ prefix, count: n, after, epochs: 0, labels: opts.labels, status: 'PENDING', seed, sameAs });
  const gEpoch = epochJobs('bench-trainer', 601);
  const rEpoch = epochJobs('bench-trainer', 602, gEpoch);
  const stepJobs = (seed: number, sameAs?: PlannedJob[]) =>
    planMoreJobs({
      prefix: 'bench-logger',
      count: n,
      after: after + n,
      epochs: 0,
      labels: opts.labels,
      status: 'RUNNING',
      stepPoints: 1_000_000,
      seed,
      sameAs,
    });
  const gStep = stepJobs(701);
  const rStep = stepJobs(702, gStep);
  for (const job of [...gEpoch, ...rEpoch, ...gStep, ...rStep]) await sink.add(plannedJobItems(job));
  await sink.flush();

  // Each worker sends its job's epochs (and its series' calls) in order, as one trainer does.
  const nextEpoch = { graphql: gEpoch.map(() => 0), raw: rEpoch.map(() => 0) };
  const epochOf = (side: 'graphql' | 'raw', worker: number, job: PlannedJob): EpochValues =>
    epochValues(job.shape, ++nextEpoch[side][worker]);
  const trainers = rEpoch.map(newEpochTrainer);
  const nextCall = { graphql: gStep.map(() => 0), raw: rStep.map(() => 0) };
  const callOf = (side: 'graphql' | 'raw', worker: number, job: PlannedJob) => {
    const call = nextCall[side][worker]++;
    return stepPoints(job, call * POINTS_PER_CALL + 1, (call + 1) * POINTS_PER_CALL);
  };
  const loggers = rStep.map((job) => newStepLogger(job, STEP_METRIC));

  return [
    {
      id: 'W6',
      title: `ingestion: ${n} trainers sending recordEpoch with ${opts.labels} labels`,
      graphql: (_, worker) => recordEpoch(gql, gEpoch[worker].id, epochOf('graphql', worker, gEpoch[worker])),
      raw: (_, worker) => rawRecordEpoch(db, trainers[worker], epochOf('raw', worker, rEpoch[worker])),
      // Worker 0's first three epochs on each side, then their stored partitions are compared.
      checkIterations: [0, 1, 2],
      verify: () => sameStored(ctx, 'epochs', gEpoch[0], rEpoch[0], jobPartition),
    },
    {
      id: 'W7',
      title: `step logging: logMetrics with ${POINTS_PER_CALL} points`,
      graphql: async (_, worker) => {
        const job = gStep[worker];
        const points = callOf('graphql', worker, job).map(({ name, value, step, epoch, unit, timestamp }) => ({
          name,
          value,
          step,
          epoch,
          unit,
          timestamp,
        }));
        const { data, stats } = await gql.request<{ logMetrics: { written: number; replayed: number; userErrors: unknown[] } }>(
          LOG_METRICS,
          {
            input: { jobId: job.id, points },
          },
        );
        expectWritten(data.logMetrics);
        return { answer: data, stats };
      },
      raw: (_, worker) => rawLogMetrics(db, loggers[worker], callOf('raw', worker, rStep[worker])),
      checkIterations: [0, 1],
      // The server packs the points, the baseline stores one item per point: the series must read back the same, and
      // the job items (their last_seen_at marks) must be alike.
      verify: async () => [
        ...(await sameSeries(ctx, gStep[0], rStep[0])),
        ...(await sameStored(ctx, 'job items', gStep[0], rStep[0], jobPartition, (item) => item.SK === JOB_SK)),
      ],
    },
  ];
}

/** One recordEpoch of the large-epoch probe and the write calls it made. */
export interface LargeEpochProbe {
  labels: number;
  extras: number;
  epoch: number;
  writeCalls: number;
  commands: Record<string, number>;
}

/**
 * The most labels an epoch of the six standard metrics may have and still be one write call: its points, the marker,
 * the job guard, two summaries and (since issue 18) the job card fill a transaction's 100 items (docs/storage.md).
 * Until the cards it was 90.
 */
export const ONE_CALL_LABELS = 89;

/**
 * W6's bound: an epoch of up to ONE_CALL_LABELS labels must be one write call. Records epochs 1 (the PENDING -> RUNNING
 * start) and 2 of fresh jobs with that many labels and the six standard metrics; then, shown but not judged, with 90
 * labels (the bound before the cards) and with 90 labels and the workload's two extras.
 */
export async function probeLargeEpochs(ctx: BenchContext, sink: ItemSink): Promise<LargeEpochProbe[]> {
  const shapes = [
    { labels: ONE_CALL_LABELS, extras: 0 },
    { labels: 90, extras: 0 },
    { labels: 90, extras: 2 },
  ];
  const jobs = shapes.map(
    ({ labels }, k) =>
      planMoreJobs({
        prefix: 'bench-wide',
        count: 1,
        after: ctx.jobs.length + 50 + k,
        epochs: 0,
        labels,
        status: 'PENDING',
        seed: 801 + k,
      })[0],
  );
  for (const job of jobs) await sink.add(plannedJobItems(job));
  await sink.flush();
  const probes: LargeEpochProbe[] = [];
  for (const [k, job] of jobs.entries()) {
    const { labels, extras } = shapes[k];
    for (const epoch of [1, 2]) {
      const values = epochValues(job.shape, epoch);
      const { stats } = await recordEpoch(ctx.trainer, job.id, { ...values, extra: values.extra.slice(0, extras) });
      probes.push({ labels, extras, epoch, writeCalls: writeCalls(stats), commands: stats.commands });
    }
  }
  return probes;
}

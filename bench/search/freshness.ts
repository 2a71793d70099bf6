import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { performance } from 'node:perf_hooks';
import type { Item } from '../../src/db/batch';
import { jobToItem } from '../../src/modules/jobs/job-item';
import { metricPointToItem } from '../../src/modules/metrics/metric-item';
import { formatMicros } from '../../src/platform/time';
import type { BenchDatabase } from '../database';
import type { GraphqlClient } from '../graphql';
import { quantile } from '../stats';
import { recordEpoch } from '../workloads/writes';

/*
 * SR's freshness: how long after a write is acknowledged the search finds it. Writes go one at a time: through the API
 * (createJob of a job with a unique config value, then recordEpoch of its first epoch with a unique val_f1) and, as the
 * legacy writer writes, straight into the table (PutItem of a job item, then of a val_f1 row). After each, the search
 * for exactly that is polled every POLL_MS until it answers the job; the delay runs from the write's acknowledgement to
 * the answer of the first poll that found it (an upper bound, by up to one poll).
 */

const POLL_MS = 20;
/** A write not found by then counts as never searchable. */
export const FRESHNESS_TIMEOUT_MS = 15_000;

/** How a probe wrote. */
export type FreshnessWriter = 'createJob' | 'recordEpoch' | 'legacy job item' | 'legacy val_f1 row';

/** One write and when the search first found it. */
export interface FreshnessProbe {
  writer: FreshnessWriter;
  /** Request start to acknowledgement of the write. */
  writeMs: number;
  /** Acknowledgement to the answer of the first poll that found it; null when none did within FRESHNESS_TIMEOUT_MS. */
  delayMs: number | null;
  polls: number;
  /** Why the write or a poll failed (then delayMs is null). */
  error?: string;
}

export interface FreshnessRun {
  probes: FreshnessProbe[];
  pollMs: number;
  timeoutMs: number;
}

const FIND = `query Find($filter: JobFilter) { jobs(filter: $filter, first: 5) { edges { node { id } } } }`;

const CREATE_JOB = `mutation CreateJob($input: CreateJobInput!) {
  createJob(input: $input) { job { id } replayed userErrors { code field message } }
}`;

/** The filter of a probe: its job's unique marker, and for an epoch probe, a best val_f1 at least the one written. */
function probeFilter(marker: string, minF1?: number): Record<string, unknown> {
  return {
    config: [{ path: 'bench_marker', op: 'EQ', value: marker }],
    ...(minF1 === undefined ? {} : { metric: [{ name: 'val_f1', op: 'GTE', value: minF1 }] }),
  };
}

/** Polls the search until it answers `jobId`; the delay from `ackAt`. */
async function pollUntilFound(
  gql: GraphqlClient,
  filter: Record<string, unknown>,
  jobId: string,
  ackAt: number,
): Promise<{ delayMs: number | null; polls: number }> {
  let polls = 0;
  while (performance.now() - ackAt < FRESHNESS_TIMEOUT_MS) {
    polls++;
    const { data } = await gql.request<{ jobs: { edges: { node: { id: string } }[] } }>(FIND, { filter });
    if (data.jobs.edges.some((e) => e.node.id === jobId)) return { delayMs: performance.now() - ackAt, polls };
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return { delayMs: null, polls };
}

/** Times `write` (which answers the id of the job it wrote) and then the search for what it wrote. */
async function probe(
  writer: FreshnessWriter,
  gql: GraphqlClient,
  write: () => Promise<string>,
  filter: Record<string, unknown>,
): Promise<FreshnessProbe> {
  const started = performance.now();
  let writeMs = Number.NaN;
  try {
    const jobId = await write();
    const ackAt = performance.now();
    writeMs = ackAt - started;
    return { writer, writeMs, ...(await pollUntilFound(gql, filter, jobId, ackAt)) };
  } catch (error) {
    return { writer, writeMs, delayMs: null, polls: 0, error: (error as Error).message };
  }
}

const micros = () => BigInt(Date.now()) * 1000n;

/**
 * `pairs` pairs of API probes (a new job, then its first epoch), then the legacy writer's pair; `reader` searches,
 * `trainer` writes. `runId` keeps the markers of two runs apart.
 */
export async function measureFreshness(
  reader: GraphqlClient,
  trainer: GraphqlClient,
  db: BenchDatabase,
  pairs: number,
  runId: string,
): Promise<FreshnessRun> {
  const probes: FreshnessProbe[] = [];
  for (let k = 0; k < pairs; k++) {
    const marker = `${runId}-api-${k}`;
    let jobId = '';
    const create = async () => {
      const { data } = await trainer.request<{ createJob: { job: { id: string } | null; userErrors: unknown[] } }>(CREATE_JOB, {
        input: {
          name: `fresh-${marker}`,
          status: 'RUNNING',
          createdBy: 'bench-freshness',
          config: { bench_marker: marker, model_name: 'layoutlmv3-base', optimizer: { name: 'adamw', lr: 5e-5 } },
          tags: { team: 'bench' },
        },
      });
      if (!data.createJob.job) throw new Error(`createJob failed: ${JSON.stringify(data.createJob.userErrors)}`);
      return (jobId = data.createJob.job.id);
    };
    probes.push(await probe('createJob', reader, create, probeFilter(marker)));
    const valF1 = 0.5 + k / 1000;
    const epoch = async () => {
      const values = {
        epoch: 1,
        step: 100,
        valF1,
        valPrecision: valF1,
        valRecall: valF1,
        evalLoss: 0.3,
        trainLoss: 0.2,
        learningRate: 5e-5,
      };
      await recordEpoch(trainer, jobId, { ...values, labels: [], extra: [] });
      return jobId;
    };
    probes.push(await probe('recordEpoch', reader, epoch, probeFilter(marker, valF1)));
  }
  probes.push(...(await legacyProbes(reader, db, runId)));
  return { probes, pollMs: POLL_MS, timeoutMs: FRESHNESS_TIMEOUT_MS };
}

async function put(db: BenchDatabase, item: Item): Promise<void> {
  await db.gateway().send(new PutCommand({ TableName: db.tableName, Item: item }));
}

/** The legacy writer's pair: a RUNNING job item put straight into the table, then its first val_f1 row. */
async function legacyProbes(reader: GraphqlClient, db: BenchDatabase, runId: string): Promise<FreshnessProbe[]> {
  const marker = `${runId}-legacy`;
  const jobId = crypto.randomUUID();
  const created = micros();
  const job = jobToItem({
    id: jobId,
    name: `fresh-${marker}`,
    description: '',
    status: 'RUNNING',
    priority: 'MEDIUM',
    createdAt: formatMicros(created),
    createdBy: 'system',
    config: { bench_marker: marker, model_name: 'layoutlmv3-base' },
    tags: {},
    results: null,
  });
  const first = await probe('legacy job item', reader, () => put(db, job).then(() => jobId), probeFilter(marker));
  const valF1 = 0.4321;
  const row = metricPointToItem({
    jobId,
    name: 'val_f1',
    value: valF1,
    unit: 'ratio',
    timestamp: formatMicros(micros()),
    epoch: 1,
    step: 100,
  });
  const second = await probe('legacy val_f1 row', reader, () => put(db, row).then(() => jobId), probeFilter(marker, valF1));
  return [first, second];
}

/** Delays of the probes that were found, ascending. */
export function foundDelays(run: FreshnessRun): number[] {
  return run.probes
    .map((p) => p.delayMs)
    .filter((d): d is number => d !== null)
    .sort((a, b) => a - b);
}

/** p50, p99 and max of the found probes' delays (NaN when none was found). */
export function freshnessQuantiles(run: FreshnessRun): { p50: number; p99: number; max: number } {
  const d = foundDelays(run);
  return { p50: quantile(d, 0.5), p99: quantile(d, 0.99), max: d.length ? d[d.length - 1] : Number.NaN };
}

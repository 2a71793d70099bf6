import { randomUUID } from 'node:crypto';
import { TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { batchPut, TRANSACT_WRITE_LIMIT } from '../../src/db/batch';
import { newCallStats } from '../../src/db/call-stats';
import { nowTimestamp } from '../../src/platform/time';
import { TRAINER_KEY } from '../api-keys';
import { sortedJson } from '../compare';
import type { BenchDatabase } from '../database';
import type { EpochValues, PlannedJob } from '../seed/plan';
import type { stepPoints } from '../seed/step-series';
import type { Answered } from '../workloads/workload';
import {
  CARD_SK,
  jobKey,
  jobPk,
  leaderboardPk,
  metricPk,
  metricSkPrefix,
  padded,
  seriesDescriptorKey,
  seriesPk,
  statusPk,
  TYPE,
  type Item,
} from './table';

/*
 * Raw-SDK baselines of the write workloads, written as a trainer that owns its job would: it knows the job's status,
 * its best values so far and its series' state, so it reads nothing and stores exactly the items the server stores,
 * stamped with the same key name, in the fewest write calls. The items are built by the baseline's own code below (key
 * formats from ./table.ts), not the server's builders: the workloads compare what both sides stored, item by item.
 */

/** The leaderboards the server keeps summaries for, and the epoch value each ranks. */
const RANKED: readonly { metric: string; of: (v: EpochValues) => number }[] = [
  { metric: 'val_f1', of: (v) => v.valF1 },
  { metric: 'eval_loss', of: (v) => v.evalLoss },
];

/** A job's best value of a ranked metric so far, and the version its stored summary is at. */
interface Best {
  value: number;
  epoch: number;
  version: number;
}

/** An epoch as the raw trainer recorded it: its rows' shared timestamp and step, and its standard metrics' values. */
interface RecordedEpoch {
  epoch: number;
  step: number;
  timestamp: string;
  values: Record<string, number>;
}

/** What a raw trainer remembers about its job between epochs. */
export interface EpochTrainer {
  job: PlannedJob;
  started: boolean;
  summaries: Map<string, Best>;
  /** Every epoch it recorded, in order: what the job's card is made of. */
  epochs: RecordedEpoch[];
}

export const newEpochTrainer = (job: PlannedJob): EpochTrainer => ({ job, started: false, summaries: new Map(), epochs: [] });

/** The standard metrics a job card summarises, and the two whose rows it packs (docs/storage.md, "Job cards"). */
const CARD_SUMMARIES = ['val_f1', 'val_precision', 'val_recall', 'eval_loss', 'train_loss', 'learning_rate'];
const CARD_SERIES: readonly { metric: string; unit: string }[] = [
  { metric: 'val_f1', unit: 'ratio' },
  { metric: 'eval_loss', unit: 'loss' },
];

/**
 * The job card after `epochs` (each one row per metric, all stamped alike), as docs/storage.md describes it: each
 * standard metric's summary over its epoch values (best: highest, lowest for a loss, the earliest epoch on a tie; last,
 * min, max, count), the epochs' marks `[epoch, step, recordedAt, lastAt]`, and the val_f1 and eval_loss rows packed
 * `[epoch, step, value, timestamp, unit]`; at version one per epoch (each epoch's transaction puts it one up).
 */
function cardItem(jobId: string, epochs: readonly RecordedEpoch[]): Item {
  const summaries: Record<string, unknown> = {};
  for (const metric of CARD_SUMMARIES) {
    const lowerIsBetter = metric.endsWith('loss');
    let best = epochs[0];
    for (const e of epochs) {
      const [v, b] = [e.values[metric], best.values[metric]];
      if (lowerIsBetter ? v < b : v > b) best = e;
    }
    const last = epochs[epochs.length - 1];
    const values = epochs.map((e) => e.values[metric]);
    summaries[metric] = {
      best: best.values[metric],
      best_epoch: best.epoch,
      last: last.values[metric],
      last_epoch: last.epoch,
      last_ts: last.timestamp,
      min: Math.min(...values),
      max: Math.max(...values),
      count: epochs.length,
    };
  }
  return {
    PK: jobPk(jobId),
    SK: CARD_SK,
    card_version: 1,
    job_id: jobId,
    updated_at: epochs[epochs.length - 1].timestamp,
    epochs: epochs.map((e) => [e.epoch, e.step, e.timestamp, e.timestamp]),
    summaries,
    series: Object.fromEntries(
      CARD_SERIES.map(({ metric, unit }) => [metric, epochs.map((e) => [e.epoch, e.step, e.values[metric], e.timestamp, unit])]),
    ),
    version: epochs.length,
  };
}

/** A JOB_METRIC item with the legacy writer's attributes (docs/storage.md); unit, step and epoch only when set. */
function metricItem(
  jobId: string,
  timestamp: string,
  m: { name: string; value: unknown; unit: string | null; step: number | null; epoch: number | null },
): Item {
  return {
    PK: jobPk(jobId),
    SK: `${metricSkPrefix(m.name)}${timestamp}`,
    GSI1PK: metricPk(m.name),
    GSI1SK: timestamp,
    GSI2PK: metricPk(m.name),
    GSI2SK: `${jobPk(jobId)}#${timestamp}`,
    TYPE: TYPE.metric,
    job_id: jobId,
    metric_name: m.name,
    timestamp,
    value: m.value,
    ...(m.unit ? { unit: m.unit } : {}),
    ...(m.step !== null ? { step: m.step } : {}),
    ...(m.epoch !== null ? { epoch: m.epoch } : {}),
  };
}

/** 16 hex digits that sort as the number does: the IEEE-754 bits, sign bit set for a positive, all flipped for a negative. */
function sortableHex(n: number): string {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleBE(n === 0 ? 0 : n);
  const negative = bytes[0] >= 0x80;
  return [...bytes].map((b, i) => (negative ? ~b & 0xff : i === 0 ? b | 0x80 : b).toString(16).padStart(2, '0')).join('');
}

/** A leaderboard summary at `version`: GSI3 sorts it best first (a higher-is-better value is stored negated), then by job. */
function summaryItem(jobId: string, metric: string, best: Best, timestamp: string): Item {
  const key = sortableHex(metric.endsWith('loss') ? best.value : -best.value);
  return {
    PK: jobPk(jobId),
    SK: `LEADERBOARD#${metric}`,
    TYPE: TYPE.leaderboard,
    GSI3PK: leaderboardPk(metric),
    GSI3SK: `${key}#${jobId}`,
    job_id: jobId,
    metric_name: metric,
    value: best.value,
    epoch: best.epoch,
    timestamp,
    version: best.version,
  };
}

/** The standard metrics of an epoch with the units the legacy writer stores, then the extras. */
function epochMetrics(values: EpochValues): { name: string; value: number; unit: string | null }[] {
  return [
    { name: 'val_f1', value: values.valF1, unit: 'ratio' },
    { name: 'val_precision', value: values.valPrecision, unit: 'ratio' },
    { name: 'val_recall', value: values.valRecall, unit: 'ratio' },
    { name: 'eval_loss', value: values.evalLoss, unit: 'loss' },
    { name: 'train_loss', value: values.trainLoss, unit: 'loss' },
    { name: 'learning_rate', value: values.learningRate, unit: 'rate' },
    ...values.extra.map((m) => ({ name: m.name, value: m.value, unit: m.unit ?? null })),
  ];
}

/**
 * W6: one epoch in one TransactWriteItems: marker, job guard (or PENDING -> RUNNING and its history), improved
 * summaries, the job's card, points.
 */
export async function rawRecordEpoch(db: BenchDatabase, trainer: EpochTrainer, values: EpochValues): Promise<Answered> {
  const stats = newCallStats();
  const gw = db.gateway(stats, TRAINER_KEY);
  const { job } = trainer;
  const { epoch, step } = values;
  const timestamp = nowTimestamp();
  const metrics = epochMetrics(values);
  const labels = values.labels.map(({ label, f1, precision, recall, support }) => ({ label, scores: { f1, precision, recall, support } }));
  // Every point of the epoch shares its timestamp; labels are stored in the documented map shape.
  const points: Item[] = [
    ...metrics.map((m) => metricItem(job.id, timestamp, { ...m, step, epoch })),
    ...labels.map((l) => metricItem(job.id, timestamp, { name: `label_${l.label}`, value: l.scores, unit: 'per_label', step, epoch })),
  ];
  // The marker records the epoch's content as JSON with sorted keys.
  const content = sortedJson({
    epoch,
    step,
    metrics: Object.fromEntries(metrics.map((m) => [m.name, { value: m.value, unit: m.unit }])),
    labels: Object.fromEntries(labels.map((l) => [l.label, l.scores])),
  });
  const marker: Item = {
    PK: jobPk(job.id),
    SK: `WRITE#EPOCH#${padded(epoch, 10)}`,
    TYPE: TYPE.marker,
    epoch,
    timestamp,
    content,
    committed: true,
    token: randomUUID(),
  };
  // A summary is replaced by a better value (lower for a loss), or by the same value at an earlier epoch.
  const improved = RANKED.flatMap(({ metric, of }) => {
    const [value, current] = [of(values), trainer.summaries.get(metric)];
    const better =
      !current ||
      (metric.endsWith('loss') ? value < current.value : value > current.value) ||
      (value === current.value && epoch < current.epoch);
    return better ? [{ metric, best: { value, epoch, version: (current?.version ?? 0) + 1 } }] : [];
  });
  const names = { '#status': 'status' };
  const running = [
    {
      ConditionCheck: {
        TableName: gw.tableName,
        Key: jobKey(job.id),
        ConditionExpression: '#status = :s',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':s': 'running' },
      },
    },
  ];
  // The start, with the condition and attributes of the server's: the job still pending and never moved since, and its
  // status-history item with the keys the legacy library requires (docs/storage.md).
  const history = {
    PK: jobPk(job.id),
    SK: `STATUS#${timestamp}`,
    GSI1PK: statusPk('running'),
    GSI1SK: `UPDATED#${timestamp}`,
    TYPE: TYPE.status,
    status: 'running',
    updated_at: timestamp,
    ...(gw.writer ? { updated_by: gw.writer } : {}),
    message: `started by epoch ${epoch}`,
  };
  const start = [
    {
      Update: {
        TableName: gw.tableName,
        Key: jobKey(job.id),
        UpdateExpression: 'SET #status = :to, GSI1PK = :gsi1pk, #changed = :changed',
        ConditionExpression: '#status = :from AND attribute_not_exists(#changed)',
        ExpressionAttributeNames: { ...names, '#changed': 'status_changed_at' },
        ExpressionAttributeValues: { ':from': 'pending', ':to': 'running', ':gsi1pk': statusPk('running'), ':changed': timestamp },
      },
    },
    { Put: { TableName: gw.tableName, Item: history, ConditionExpression: 'attribute_not_exists(PK)' } },
  ];
  // A start that does not fit beside the epoch goes first in its own transaction.
  const startApart = !trainer.started && 1 + start.length + improved.length + 1 + points.length > TRANSACT_WRITE_LIMIT;
  if (startApart) await gw.send(new TransactWriteCommand({ TransactItems: start }));
  const guard: NonNullable<TransactWriteCommandInput['TransactItems']> = trainer.started || startApart ? running : start;
  // Optimistic concurrency: each summary is written only over the version this trainer last wrote (none yet: version 1).
  const summaries = improved.map(({ metric, best }) => ({
    Put: {
      TableName: gw.tableName,
      Item: summaryItem(job.id, metric, best, timestamp),
      ConditionExpression: best.version === 1 ? 'attribute_not_exists(PK)' : 'version = :v',
      ...(best.version === 1 ? {} : { ExpressionAttributeValues: { ':v': best.version - 1 } }),
    },
  }));
  const put = (Item: Item) => ({ Put: { TableName: gw.tableName, Item } });
  // The job's card with this epoch, over the version the previous epoch left (none before the first).
  const recorded = [...trainer.epochs, { epoch, step, timestamp, values: Object.fromEntries(metrics.map((m) => [m.name, m.value])) }];
  const card = {
    Put: {
      TableName: gw.tableName,
      Item: cardItem(job.id, recorded),
      ConditionExpression: recorded.length === 1 ? 'attribute_not_exists(PK)' : 'version = :v',
      ...(recorded.length === 1 ? {} : { ExpressionAttributeValues: { ':v': recorded.length - 1 } }),
    },
  };
  const items = [
    { Put: { TableName: gw.tableName, Item: marker, ConditionExpression: 'attribute_not_exists(PK)' } },
    ...guard,
    ...summaries,
    card,
    ...points.map(put),
  ];
  if (items.length > TRANSACT_WRITE_LIMIT)
    throw new Error(`epoch of ${items.length} items: the raw baseline writes up to ${TRANSACT_WRITE_LIMIT} in one transaction`);
  await gw.send(new TransactWriteCommand({ TransactItems: items }));
  trainer.started = true;
  trainer.epochs = recorded;
  for (const { metric, best } of improved) trainer.summaries.set(metric, best);
  return { answer: { recordEpoch: { replayed: false, userErrors: [] } }, stats };
}

/** A step-level point as a logMetrics call carries it (the seed's, sent by both sides). */
type StepPointInput = ReturnType<typeof stepPoints>[number];

/** A block summary: its points at the first and last step, at the lowest and highest value (the earlier step on a tie). */
interface BlockSummary {
  unit: string | null;
  first: StepPointInput;
  last: StepPointInput;
  min: StepPointInput;
  max: StepPointInput;
  version: number;
}

/** What a raw step logger remembers about its series. */
export interface StepLogger {
  job: PlannedJob;
  name: string;
  blockSteps: number | null;
  minStep: number;
  maxStep: number;
  calls: number;
  blocks: Map<number, BlockSummary>;
  /** When this logger last marked its job seen (ms), as a trainer keeping the job's `last_seen_at` would. */
  seenMarkedMs: number | null;
}

export const newStepLogger = (job: PlannedJob, name: string): StepLogger => ({
  job,
  name,
  blockSteps: null,
  minStep: Infinity,
  maxStep: -Infinity,
  calls: 0,
  blocks: new Map(),
  seenMarkedMs: null,
});

/** The job's `last_seen_at`, set at most once a minute (the server's rule: a later mark is never moved back). */
const SEEN_MARK_EVERY_MS = 60_000;

/** Steps a block summarises, fixed by the first call: about 100 logged points, at the median gap between its steps. */
function blockStepsFor(steps: readonly number[]): number {
  const distinct = [...new Set(steps)].sort((a, b) => a - b);
  const gaps = distinct
    .slice(1)
    .map((s, i) => s - distinct[i])
    .sort((a, b) => a - b);
  const gap = distinct.length === 1 ? distinct[0] : gaps[Math.floor(gaps.length / 2)];
  return Math.max(1, gap) * 100;
}

/** A block summary with `points` merged in, one version up. */
function mergeInto(before: BlockSummary | undefined, points: readonly StepPointInput[]): BlockSummary {
  const [p0] = points;
  const b = { ...(before ?? { unit: p0.unit, first: p0, last: p0, min: p0, max: p0, version: 0 }) };
  for (const p of points) {
    if (p.step < b.first.step) b.first = p;
    if (p.step > b.last.step) b.last = p;
    if (p.value < b.min.value || (p.value === b.min.value && p.step < b.min.step)) b.min = p;
    if (p.value > b.max.value || (p.value === b.max.value && p.step < b.max.step)) b.max = p;
  }
  return { ...b, version: b.version + 1 };
}

/** One extreme of a block summary as stored: a map of the point's step, value, timestamp and epoch (when set). */
const extreme = (p: StepPointInput) => ({
  step: p.step,
  value: p.value,
  timestamp: p.timestamp,
  ...(p.epoch !== null ? { epoch: p.epoch } : {}),
});

/** W7: new points of one series with the block summaries and descriptor they change, 25 items a BatchWriteItem. */
export async function rawLogMetrics(db: BenchDatabase, logger: StepLogger, points: readonly StepPointInput[]): Promise<Answered> {
  const stats = newCallStats();
  const gw = db.gateway(stats, TRAINER_KEY);
  const { job, name } = logger;
  const pk = seriesPk(job.id, name);
  const steps = points.map((p) => p.step);
  const blockSteps = (logger.blockSteps ??= blockStepsFor(steps));
  const touched = new Map<number, StepPointInput[]>();
  for (const p of points) {
    const block = Math.floor(p.step / blockSteps);
    touched.set(block, [...(touched.get(block) ?? []), p]);
  }
  const blocks = [...touched].map(([block, group]) => {
    const b = mergeInto(logger.blocks.get(block), group);
    logger.blocks.set(block, b);
    const unit = b.unit ? { unit: b.unit } : {};
    return {
      PK: pk,
      SK: `BLOCK#${padded(block, 12)}`,
      TYPE: TYPE.stepBlock,
      job_id: job.id,
      metric_name: name,
      block,
      ...unit,
      first: extreme(b.first),
      last: extreme(b.last),
      min: extreme(b.min),
      max: extreme(b.max),
      version: b.version,
    };
  });
  logger.minStep = Math.min(logger.minStep, ...steps);
  logger.maxStep = Math.max(logger.maxStep, ...steps);
  logger.calls++;
  const descriptor = {
    ...seriesDescriptorKey(job.id, name),
    TYPE: TYPE.stepSeries,
    metric_name: name,
    block_steps: blockSteps,
    min_step: logger.minStep,
    max_step: logger.maxStep,
    version: logger.calls,
  };
  const stored = points.map((p) => ({
    PK: pk,
    SK: `STEP#${padded(p.step, 12)}`,
    TYPE: TYPE.stepPoint,
    job_id: p.jobId,
    metric_name: p.name,
    timestamp: p.timestamp,
    value: p.value,
    step: p.step,
    ...(p.epoch !== null ? { epoch: p.epoch } : {}),
    ...(p.unit ? { unit: p.unit } : {}),
  }));
  await batchPut(gw, [...stored, ...blocks, descriptor]);
  if (logger.seenMarkedMs === null || Date.now() - logger.seenMarkedMs >= SEEN_MARK_EVERY_MS) {
    logger.seenMarkedMs = Date.now();
    const ts = nowTimestamp();
    await gw.send(
      new UpdateCommand({
        TableName: gw.tableName,
        Key: jobKey(job.id),
        UpdateExpression: 'SET last_seen_at = :ts',
        ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(last_seen_at) OR last_seen_at < :ts)',
        ExpressionAttributeValues: { ':ts': ts },
      }),
    );
  }
  return { answer: { logMetrics: { written: points.length, replayed: 0, userErrors: [] } }, stats };
}

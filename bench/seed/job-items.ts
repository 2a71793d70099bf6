import type { Item } from '../../src/db/batch';
import { jobToItem, statusChangeToItem } from '../../src/modules/jobs/job-item';
import { isTerminal, type JobModel } from '../../src/modules/jobs/job-model';
import type { JsonObject } from '../../src/platform/json-values';
import { logToItem } from '../../src/modules/logs/log-item';
import { flatLabelMetricNames } from '../../src/modules/metrics/label-rules';
import { improves, RANKED_METRICS, summaryToItem, type LeaderboardSummary } from '../../src/modules/leaderboard/leaderboard-items';
import { metricPointToItem, writeMarkerToItem } from '../../src/modules/metrics/metric-item';
import {
  STANDARD_EPOCH_METRICS,
  STANDARD_UNITS,
  type StandardEpochField,
  type StandardMetricName,
} from '../../src/modules/metrics/metric-rules';
import {
  contentPoints,
  datasetContent,
  epochContent,
  fingerprint,
  type RecordingContent,
} from '../../src/modules/metrics/recording-content';
import { EPOCH_SPACING_S, epochValues, labelSet, timestampAfter, type EpochValues, type PlannedJob } from './plan';
import { prng, round, uuidFrom } from '../../src/app/scripts/synthetic';

/*
 * The items of one seeded job, built with the server's own item builders, so the table holds exactly what the server
 * (or, for legacy jobs, the Python writer) stores: the job, its status history, dataset metrics, epochs, logs.
 */

const SOURCE = 'receipt_layoutlm.trainer';

/** The values of every epoch of a job, 1-based. */
export function jobEpochs(job: PlannedJob): EpochValues[] {
  return Array.from({ length: job.epochs }, (_, i) => epochValues(job.shape, i + 1));
}

/** What the leaderboard summaries of an epoch are made of. */
type RankedValues = Pick<EpochValues, 'epoch' | 'valF1' | 'evalLoss'>;

/** The values of a ranked metric in an epoch (val_f1, eval_loss). */
function rankedValue(e: RankedValues, metric: string): number | undefined {
  return metric === 'val_f1' ? e.valF1 : metric === 'eval_loss' ? e.evalLoss : undefined;
}

/**
 * The job's leaderboard summaries (GSI3) as recordEpoch leaves them: rewritten at each improving epoch, so the stored
 * version counts the improvements; `at` gives the timestamp the summary records for an epoch.
 */
export function summaryItems<E extends RankedValues>(
  jobId: string,
  epochs: readonly E[],
  at: (e: E, metric: string) => string,
  reindexed: boolean,
): Item[] {
  return RANKED_METRICS.flatMap((metric) => {
    let summary: LeaderboardSummary | null = null;
    let version = 0;
    for (const e of epochs) {
      const value = rankedValue(e, metric);
      if (value === undefined || !improves(summary, value, e.epoch)) continue;
      summary = { jobId, metric, value, epoch: e.epoch, timestamp: at(e, metric), version: ++version };
    }
    // `npm run reindex` writes a legacy job's summary once.
    return summary ? [summaryToItem(reindexed ? { ...summary, version: 1 } : summary)] : [];
  });
}

/** The epoch with the highest val_f1, the earliest on a tie (the server's rule). */
function bestOf(epochs: readonly EpochValues[]): EpochValues | null {
  return epochs.reduce<EpochValues | null>((b, e) => (b === null || e.valF1 > b.valF1 ? e : b), null);
}

function config(job: PlannedJob): JsonObject {
  return {
    model_name: 'microsoft/layoutlm-base-uncased',
    epochs: job.shape.plannedEpochs,
    batch_size: 8,
    learning_rate: 5e-5,
    warmup_ratio: 0.06,
    max_seq_length: 512,
    label_list: labelSet(job.shape.labels).map((l) => l.label),
    dataset: { train_receipts: 2210, val_receipts: 540, bucket: 's3://receipt-training-data/layoutlm/' },
  };
}

function jobModel(job: PlannedJob, results: JsonObject | null): JobModel {
  return {
    id: job.id,
    name: job.name,
    description: `LayoutLM receipt run ${job.name}`,
    status: job.status,
    priority: 'MEDIUM',
    createdAt: timestampAfter(job.createdMicros, 0),
    createdBy: job.legacy ? 'system' : 'bench-seed',
    config: config(job),
    tags: { team: 'receipts', dataset: 'receipts-2026-11' },
    results,
  };
}

/** When epoch `e` (1-based) of a job was recorded, and when the job ended. */
const epochAt = (job: PlannedJob, e: number) => timestampAfter(job.createdMicros, 60 + e * EPOCH_SPACING_S);
const endAt = (job: PlannedJob) => timestampAfter(job.createdMicros, 120 + (job.epochs + 1) * EPOCH_SPACING_S);

/** The legacy writer's rows of an epoch follow each other 7 ms apart. */
const legacyRowAt = (job: PlannedJob, e: number, row: number) =>
  timestampAfter(job.createdMicros, 60 + e * EPOCH_SPACING_S + 0.007 * row, 412);

/** A marked write as the server stores it: every point of the content with one timestamp, and its committed marker. */
export function markedItems(jobId: string, content: RecordingContent, timestamp: string, token: string): Item[] {
  const marker = writeMarkerToItem({ jobId, epoch: content.epoch, timestamp, content: fingerprint(content), committed: true, token });
  return [...contentPoints(jobId, content, timestamp).map(metricPointToItem), marker];
}

/** The items of a job written through the server's API (map-shaped labels, one timestamp per epoch, markers). */
export function serverJobItems(job: PlannedJob): Item[] {
  const rand = prng(job.shape.seed * 7919);
  const epochs = jobEpochs(job);
  const best = bestOf(epochs);
  const terminal = isTerminal(job.status);
  const results: JsonObject | null = terminal
    ? {
        checkpoint_metric: 'eval_f1',
        num_labels: job.shape.labels * 2 + 1,
        metrics_comparable: true,
        ...(best ? { best_f1: best.valF1, best_epoch: best.epoch } : {}),
        train_runtime: round(job.epochs * EPOCH_SPACING_S * 1.04, 2),
        total_flos: Math.round(2210 * job.epochs * 1.55e11),
        early_stopping_triggered: false,
        best_checkpoint_s3_path: `s3://layoutlm-training/runs/${job.name}/best/`,
      }
    : null;
  const items: Item[] = [jobToItem(jobModel(job, results))];
  const created = job.createdMicros;
  items.push(
    logToItem({
      jobId: job.id,
      timestamp: timestampAfter(created, 10),
      level: 'INFO',
      message: JSON.stringify({ type: 'run_config', data: config(job) }),
      source: SOURCE,
    }),
    logToItem({
      jobId: job.id,
      timestamp: timestampAfter(created, 20),
      level: 'INFO',
      message: 'Loaded 2210 training and 540 validation receipts',
      source: SOURCE,
    }),
  );
  const dataset = datasetContent({
    jobId: job.id,
    numTrainSamples: 2210,
    numValSamples: 540,
    oEntityRatioTrain: round(5.1 + rand() * 0.6, 2),
    oEntityRatioVal: round(4.9 + rand() * 0.6, 2),
    extra: [{ name: 'run_metrics_comparable', value: 1, unit: 'flag' }],
  });
  items.push(...markedItems(job.id, dataset, timestampAfter(created, 30), uuidFrom(rand)));
  items.push(...summaryItems(job.id, epochs, (e) => epochAt(job, e.epoch), false));
  for (const e of epochs) {
    const at = epochAt(job, e.epoch);
    items.push(...markedItems(job.id, epochContent({ jobId: job.id, ...e }), at, uuidFrom(rand)));
    if (e.epoch === 1) items.push(statusChangeToItem({ jobId: job.id, status: 'RUNNING', timestamp: at, message: 'started by epoch 1' }));
    const log = JSON.stringify({ type: 'epoch_end', epoch: e.epoch, val_f1: e.valF1, eval_loss: e.evalLoss });
    items.push(
      logToItem({
        jobId: job.id,
        timestamp: timestampAfter(created, 61 + e.epoch * EPOCH_SPACING_S),
        level: 'INFO',
        message: log,
        source: SOURCE,
      }),
    );
  }
  if (terminal) {
    items.push(statusChangeToItem({ jobId: job.id, status: job.status, timestamp: endAt(job), message: 'finalized' }));
    const level = job.status === 'SUCCEEDED' ? 'INFO' : 'ERROR';
    items.push(
      logToItem({
        jobId: job.id,
        timestamp: timestampAfter(job.createdMicros, 110 + (job.epochs + 1) * EPOCH_SPACING_S),
        level,
        message: `Training ended: ${job.status}`,
        source: SOURCE,
      }),
    );
  }
  return items;
}

/**
 * The items of a job as the legacy Python writer stored it: one put per metric, each row its own timestamp 7 ms
 * after the previous, labels as four flat rows (support as a float count), a confusion matrix, no markers.
 */
export function legacyJobItems(job: PlannedJob): Item[] {
  const epochs = jobEpochs(job);
  const best = bestOf(epochs);
  const terminal = isTerminal(job.status);
  const last = epochs[epochs.length - 1];
  const labels = labelSet(job.shape.labels).map((l) => l.label);
  const results: JsonObject | null = terminal
    ? {
        best_f1: best?.valF1 ?? null,
        best_epoch: best?.epoch ?? null,
        best_f1_epoch: best?.epoch ?? null,
        checkpoint_metric: 'eval_f1',
        best_checkpoint_metric_value: best?.valF1 ?? null,
        best_checkpoint_metric_epoch: best?.epoch ?? null,
        early_stopping_triggered: false,
        metrics_comparable: true,
        comparability_reason: null,
        num_labels: labels.length * 2 + 1,
        label_list: ['O', ...labels.flatMap((l) => [`B-${l}`, `I-${l}`])],
        train_runtime: round(job.epochs * EPOCH_SPACING_S * 1.03, 2),
        total_flos: 2_650_000_000_000_000,
        best_checkpoint_s3_path: `s3://layoutlm-training/runs/${job.name}/best/`,
        train_samples_per_second: 5.323,
        final_train_loss: last?.trainLoss ?? null,
        final_eval_loss: last?.evalLoss ?? null,
      }
    : null;
  const items: Item[] = [jobToItem(jobModel(job, results))];
  const point = (name: string, value: number, unit: string, at: string, epoch?: number, step?: number) =>
    metricPointToItem({ jobId: job.id, name, value, unit, timestamp: at, epoch, step });
  const created = job.createdMicros;
  items.push(statusChangeToItem({ jobId: job.id, status: 'RUNNING', timestamp: timestampAfter(created, 0.3), message: 'started' }));
  if (terminal) items.push(statusChangeToItem({ jobId: job.id, status: job.status, timestamp: endAt(job), message: 'completed' }));
  items.push(
    logToItem({
      jobId: job.id,
      timestamp: timestampAfter(created, 0.8),
      level: 'INFO',
      message: JSON.stringify({ type: 'run_config', data: { epochs: job.epochs, batch_size: 8 } }),
      source: SOURCE,
    }),
    logToItem({
      jobId: job.id,
      timestamp: timestampAfter(created, 115 + (job.epochs + 1) * EPOCH_SPACING_S),
      level: 'INFO',
      message: 'Training complete',
      source: SOURCE,
    }),
  );
  items.push(
    point('run_metrics_comparable', 1, 'flag', timestampAfter(created, 0.5)),
    point('num_train_samples', 1890, 'count', timestampAfter(created, 0.9)),
    point('num_val_samples', 480, 'count', timestampAfter(created, 0.901)),
    point('o_entity_ratio_train', 5.31, 'ratio', timestampAfter(created, 0.902)),
    point('o_entity_ratio_val', 5.02, 'ratio', timestampAfter(created, 0.903)),
  );
  // val_f1 and eval_loss are the first and fourth rows of an epoch: what reindex records as the summary's time.
  items.push(...summaryItems(job.id, epochs, (e, metric) => legacyRowAt(job, e.epoch, metric === 'val_f1' ? 0 : 3), true));
  for (const e of epochs) items.push(...legacyEpochItems(job, e));
  return items;
}

/**
 * The rows of one epoch as the legacy writer puts them, in write order: the six standard metrics, four flat rows per
 * label, a confusion matrix; each row its own timestamp, 7 ms after the previous.
 */
export function legacyEpochItems(job: PlannedJob, e: EpochValues): Item[] {
  let row = 0;
  const at = () => legacyRowAt(job, e.epoch, row++);
  const point = (name: string, value: number, unit: string) =>
    metricPointToItem({ jobId: job.id, name, value, unit, timestamp: at(), epoch: e.epoch, step: e.step });
  // The standard metrics in the table's order (val_f1 first, eval_loss fourth), each from its Epoch field.
  const standard = Object.entries(STANDARD_EPOCH_METRICS) as [StandardMetricName, StandardEpochField][];
  const items = standard.map(([name, field]) => point(name, e[field], STANDARD_UNITS[name]));
  for (const l of e.labels) {
    const [f1, precision, recall, support] = flatLabelMetricNames(l.label);
    items.push(
      point(f1, l.f1, 'ratio'),
      point(precision, l.precision, 'ratio'),
      point(recall, l.recall, 'ratio'),
      point(support, l.support, 'count'),
    );
  }
  const tags = [...e.labels.map((l) => `B-${l.label}`), 'O'];
  const matrix = tags.map((_, i) =>
    tags.map((__, j) => (i === j ? 100 + e.epoch : i === tags.length - 1 || j === tags.length - 1 ? 3 : 0)),
  );
  items.push({ ...point('confusion_matrix', 0, 'matrix'), value: { labels: tags, matrix } });
  return items;
}

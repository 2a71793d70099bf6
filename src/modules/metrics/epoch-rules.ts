import { mergeLabelPoints, labelOfPoint } from './label-rules';
import type { EpochRow, MetricPoint, WriteMarker } from './metric-model';
import {
  bestPoint,
  compareTrainingOrder,
  defaultDirection,
  isStandardMetric,
  STANDARD_EPOCH_METRICS,
  type Direction,
} from './metric-rules';

/**
 * Points readers may see: a point written by a multi-transaction epoch carries that write's token and stays hidden
 * until the epoch's marker commits with the same token, so an epoch is never visible half-written.
 */
export function visiblePoints(points: readonly MetricPoint[], markers: readonly WriteMarker[]): MetricPoint[] {
  if (!points.some((p) => p.epochToken)) return [...points];
  const committed = new Set(markers.filter((m) => m.committed).map((m) => m.token));
  return points.filter((p) => !p.epochToken || committed.has(p.epochToken));
}

/** Groups a job's epoch points into one row per epoch, ascending; legacy rows with their own timestamps merge. */
export function buildEpochs(points: readonly MetricPoint[]): EpochRow[] {
  const rows = epochGroups(points).map(([epoch, list]) => epochRow(epoch, list));
  const best = bestEpochValue(points, 'val_f1');
  for (const row of rows) row.isBest = row.epoch === best?.epoch;
  return rows;
}

/** One epoch's row from its points in training order. */
function epochRow(epoch: number, sorted: MetricPoint[]): EpochRow {
  const row: EpochRow = {
    jobId: sorted[0].jobId,
    epoch,
    step: null,
    valF1: null,
    valPrecision: null,
    valRecall: null,
    evalLoss: null,
    trainLoss: null,
    learningRate: null,
    isBest: false,
    labels: mergeLabelPoints(sorted),
    extra: [],
    recordedAt: sorted.reduce((min, p) => (p.timestamp < min ? p.timestamp : min), sorted[0].timestamp),
  };
  for (const p of sorted) {
    if (row.step === null && p.step !== null) row.step = p.step;
    if (!isStandardMetric(p.name) && !labelOfPoint(p)) row.extra.push(p);
  }
  // A standard metric recorded twice in one epoch: its latest row is the epoch's value.
  for (const [name, field] of Object.entries(STANDARD_EPOCH_METRICS)) row[field] = latestRow(sorted, name)?.value ?? null;
  row.extra.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : compareTrainingOrder(a, b)));
  return row;
}

/** A job's epoch points grouped by epoch, ascending, each group in training order; run-level points (no epoch) left out. */
function epochGroups(points: readonly MetricPoint[]): Array<[number, MetricPoint[]]> {
  const byEpoch = new Map<number, MetricPoint[]>();
  for (const p of points) {
    if (p.epoch === null) continue;
    const list = byEpoch.get(p.epoch) ?? [];
    list.push(p);
    byEpoch.set(p.epoch, list);
  }
  return [...byEpoch.entries()].sort(([a], [b]) => a - b).map(([epoch, list]) => [epoch, list.sort(compareTrainingOrder)]);
}

/**
 * An epoch's value of metric `name`: its latest numeric row in training order (`rows`: the epoch's points in that
 * order), so a row the legacy writer sent again for the same epoch, later, supersedes the earlier ones.
 */
function latestRow(rows: readonly MetricPoint[], name: string): MetricPoint | null {
  for (let i = rows.length - 1; i >= 0; i--) if (rows[i].name === name && rows[i].value !== null) return rows[i];
  return null;
}

/** Each epoch's value of metric `name` (its latest row, see latestRow), epochs ascending; run-level points left out. */
export function epochValues(points: readonly MetricPoint[], name: string): MetricPoint[] {
  return epochGroups(points.filter((p) => p.name === name)).flatMap(([, rows]) => latestRow(rows, name) ?? []);
}

/**
 * The best-epoch rule, the one every path follows (Job.bestEpoch, Epoch.isBest, finalize's best_f1/best_epoch, the
 * leaderboard summaries and with them epochRecorded.isBest, the computed leaderboard): the epoch whose value of `name`
 * (epochValues: its latest row) is best in `direction`, by default the metric's own (highest val_f1, lowest
 * eval_loss); the earliest epoch wins a tie and 0.0 counts like any value. Its point, or null when no epoch has one.
 */
export function bestEpochValue(
  points: readonly MetricPoint[],
  name: string,
  direction: Direction = defaultDirection(name),
): MetricPoint | null {
  return bestPoint(epochValues(points, name), direction);
}

/** A best epoch known only by its val_f1: the epoch, step, value and time; every other field empty. */
export function valF1BestRow(jobId: string, epoch: number, step: number | null, valF1: number | null, recordedAt: string): EpochRow {
  return {
    jobId,
    epoch,
    step,
    valF1,
    valPrecision: null,
    valRecall: null,
    evalLoss: null,
    trainLoss: null,
    learningRate: null,
    isBest: true,
    labels: [],
    extra: [],
    recordedAt,
  };
}

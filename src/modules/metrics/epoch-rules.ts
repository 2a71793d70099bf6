import { mergeLabelPoints, labelOfPoint } from './label-rules';
import type { EpochRow, MetricPoint, WriteMarker } from './metric-model';
import { compareTrainingOrder, isStandardMetric, STANDARD_EPOCH_METRICS } from './metric-rules';

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
  const byEpoch = new Map<number, MetricPoint[]>();
  for (const p of points) {
    if (p.epoch === null) continue;
    const list = byEpoch.get(p.epoch) ?? [];
    list.push(p);
    byEpoch.set(p.epoch, list);
  }
  const rows: EpochRow[] = [...byEpoch.entries()]
    .sort(([a], [b]) => a - b)
    .map(([epoch, list]) => epochRow(epoch, list));
  const best = bestEpochOf(rows);
  for (const row of rows) row.isBest = row === best;
  return rows;
}

function epochRow(epoch: number, list: MetricPoint[]): EpochRow {
  const sorted = [...list].sort(compareTrainingOrder);
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
    if (isStandardMetric(p.name)) {
      // The latest point wins when a metric was recorded twice in one epoch.
      if (p.value !== null) row[STANDARD_EPOCH_METRICS[p.name]] = p.value;
    } else if (!labelOfPoint(p)) {
      row.extra.push(p);
    }
  }
  row.extra.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : compareTrainingOrder(a, b)));
  return row;
}

/** The row with the highest val_f1; the earliest epoch wins a tie and 0.0 counts like any value. */
export function bestEpochOf(rows: readonly EpochRow[]): EpochRow | null {
  let best: EpochRow | null = null;
  for (const row of rows) {
    if (row.valF1 === null) continue;
    if (best === null || row.valF1 > (best.valF1 as number)) best = row;
  }
  return best;
}

import type { MetricPoint } from './metric-model';

/** Which end of a metric is better. */
export type Direction = 'ASC' | 'DESC';

/** The contract's default direction: lower is better for names ending in `loss`, higher otherwise. */
export function defaultDirection(metricName: string): Direction {
  return metricName.endsWith('loss') ? 'ASC' : 'DESC';
}

/** True when `a` beats `b` in `direction`; ties do not beat, so the earliest point wins them. */
export function beats(a: number, b: number, direction: Direction): boolean {
  return direction === 'DESC' ? a > b : a < b;
}

/** Training order: epoch, then step, then timestamp (missing epoch/step first). */
export function compareTrainingOrder(a: MetricPoint, b: MetricPoint): number {
  return (
    (a.epoch ?? -1) - (b.epoch ?? -1) ||
    (a.step ?? -1) - (b.step ?? -1) ||
    (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0)
  );
}

/** The best numeric point in `direction` (points in training order, so the earliest wins a tie). */
export function bestPoint(points: readonly MetricPoint[], direction: Direction): MetricPoint | null {
  let best: MetricPoint | null = null;
  for (const p of points) {
    if (p.value === null) continue;
    if (best === null || beats(p.value, best.value as number, direction)) best = p;
  }
  return best;
}

/** The most recently recorded point. */
export function lastPoint(points: readonly MetricPoint[]): MetricPoint | null {
  let last: MetricPoint | null = null;
  for (const p of points) if (last === null || p.timestamp >= last.timestamp) last = p;
  return last;
}

/** Standard epoch metric names and the Epoch field each fills. */
export const STANDARD_EPOCH_METRICS = {
  val_f1: 'valF1',
  val_precision: 'valPrecision',
  val_recall: 'valRecall',
  eval_loss: 'evalLoss',
  train_loss: 'trainLoss',
  learning_rate: 'learningRate',
} as const;
export type StandardMetricName = keyof typeof STANDARD_EPOCH_METRICS;
export type StandardEpochField = (typeof STANDARD_EPOCH_METRICS)[StandardMetricName];

/** Units the legacy writer stores for the standard metrics. */
export const STANDARD_UNITS: Record<StandardMetricName, string> = {
  val_f1: 'ratio',
  val_precision: 'ratio',
  val_recall: 'ratio',
  eval_loss: 'loss',
  train_loss: 'loss',
  learning_rate: 'rate',
};

/** True for one of the six standard epoch metrics. */
export function isStandardMetric(name: string): name is StandardMetricName {
  return Object.prototype.hasOwnProperty.call(STANDARD_EPOCH_METRICS, name);
}

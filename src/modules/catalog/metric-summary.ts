import { epochValues } from '../metrics/epoch-rules';
import type { MetricPoint } from '../metrics/metric-model';
import { beats, bestPoint, compareTrainingOrder, defaultDirection } from '../metrics/metric-rules';

/** What a job's values of one metric add up to (GraphQL `MetricSummary`). */
export interface MetricSummaryModel {
  metric: string;
  best: number | null;
  last: number | null;
  min: number | null;
  max: number | null;
  epochOfBest: number | null;
  count: number;
}

/**
 * One metric's summary as the catalog keeps it: one value per epoch (its latest row, the best-epoch rule of
 * epoch-rules), or, for a metric recorded only without an epoch (dataset statistics), its latest row. `lastTs` is the
 * timestamp of the last epoch's row, so a row delivered twice is known for one.
 */
export interface SummaryState {
  best: number;
  bestEpoch: number | null;
  last: number;
  lastEpoch: number | null;
  lastTs: string;
  min: number;
  max: number;
  count: number;
}

/** The few fields of a metric row a summary needs (a MetricPoint has them all). */
export type SummaryRow = Pick<MetricPoint, 'name' | 'epoch' | 'value' | 'timestamp' | 'step'>;

/** The summary of metric `name` from all of a job's visible rows; null when none has a numeric value of it. */
export function summaryFromRows(name: string, rows: readonly SummaryRow[]): SummaryState | null {
  const points = rows as MetricPoint[];
  const values = epochValues(points, name);
  if (values.length > 0) {
    const best = bestPoint(values, defaultDirection(name)) as MetricPoint;
    const last = values[values.length - 1];
    let min = Infinity;
    let max = -Infinity;
    for (const p of values) {
      min = Math.min(min, p.value as number);
      max = Math.max(max, p.value as number);
    }
    return {
      best: best.value as number,
      bestEpoch: best.epoch,
      last: last.value as number,
      lastEpoch: last.epoch,
      lastTs: last.timestamp,
      min,
      max,
      count: values.length,
    };
  }
  const runLevel = points.filter((p) => p.name === name && p.epoch === null && p.value !== null).sort(compareTrainingOrder);
  const latest = runLevel[runLevel.length - 1];
  return latest ? single(latest) : null;
}

/** Every metric's summary from a job's visible rows. */
export function summariesFromRows(rows: readonly SummaryRow[]): Map<string, SummaryState> {
  const names = new Set(rows.filter((r) => r.value !== null).map((r) => r.name));
  const out = new Map<string, SummaryState>();
  for (const name of names) {
    const state = summaryFromRows(name, rows);
    if (state) out.set(name, state);
  }
  return out;
}

function single(row: SummaryRow): SummaryState {
  const v = row.value as number;
  return { best: v, bestEpoch: row.epoch, last: v, lastEpoch: row.epoch, lastTs: row.timestamp, min: v, max: v, count: 1 };
}

/**
 * A summary with one more row, when that can be told without the job's other rows: a row of a later epoch than any
 * counted (the common case: a run records epoch after epoch), the first row, a run-level row, or the same row again.
 * Otherwise (an earlier epoch, an epoch sent again with another row) 'recount': the caller reads the job's rows.
 */
export function withRow(state: SummaryState | undefined, name: string, row: SummaryRow): SummaryState | 'recount' | undefined {
  if (row.value === null) return state;
  if (!state) return single(row);
  if (row.epoch === null) {
    if (state.lastEpoch !== null) return state; // epoch values make the summary; a run-level row does not count beside them
    return row.timestamp >= state.lastTs ? single(row) : state;
  }
  if (state.lastEpoch === null) return single(row); // the first epoch row of a metric recorded run-level so far
  if (row.epoch > state.lastEpoch) {
    const better = beats(row.value, state.best, defaultDirection(name));
    return {
      best: better ? row.value : state.best,
      bestEpoch: better ? row.epoch : state.bestEpoch,
      last: row.value,
      lastEpoch: row.epoch,
      lastTs: row.timestamp,
      min: Math.min(state.min, row.value),
      max: Math.max(state.max, row.value),
      count: state.count + 1,
    };
  }
  if (row.epoch === state.lastEpoch && row.timestamp === state.lastTs && row.value === state.last) return state;
  return 'recount';
}

/** The GraphQL view of a kept summary. */
export function summaryModel(metric: string, state: SummaryState): MetricSummaryModel {
  return {
    metric,
    best: state.best,
    last: state.last,
    min: state.min,
    max: state.max,
    epochOfBest: state.bestEpoch,
    count: state.count,
  };
}

/** The value of one statistic of a summary. */
export function statOf(state: SummaryState, stat: 'BEST' | 'LAST' | 'MIN' | 'MAX'): number {
  switch (stat) {
    case 'BEST':
      return state.best;
    case 'LAST':
      return state.last;
    case 'MIN':
      return state.min;
    case 'MAX':
      return state.max;
  }
}

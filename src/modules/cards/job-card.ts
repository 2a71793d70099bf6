import type { JsonObject } from '../../platform/json-values';
import { summaryFromRows, withRow, type SummaryState } from '../catalog/metric-summary';
import { bestEpochValue, valF1BestRow } from '../metrics/epoch-rules';
import type { EpochRow, MetricPoint } from '../metrics/metric-model';
import { compareTrainingOrder, isStandardMetric, STANDARD_EPOCH_METRICS } from '../metrics/metric-rules';

/** The metrics a card packs every row of: the overview's curves (`Job.series`) and the best epoch are read from them. */
export const CARD_SERIES = ['val_f1', 'eval_loss'] as const;
export type CardSeriesName = (typeof CARD_SERIES)[number];

/** Most rows of one metric a card packs; a job with more reads that series from its rows (the card leaves it out). */
export const MAX_CARD_ROWS = 1000;
/** Most epochs a card keeps; a job with more reads its best epoch from its rows. */
export const MAX_CARD_EPOCHS = 1000;

/** One packed row of a card's series: a metric row as `Job.series` gives it. */
export interface CardRow {
  epoch: number | null;
  step: number | null;
  value: number | null;
  /** The stored value when it is a map (legacy rows may hold one); null for numbers. */
  data: JsonObject | null;
  unit: string | null;
  timestamp: string;
}

/** What a card keeps of one epoch: what its row in `Job.epochs` takes from all of the epoch's rows. */
export interface EpochMark {
  epoch: number;
  /** The first step in training order (the epoch row's `step`). */
  step: number | null;
  /** The earliest row's timestamp (the epoch row's `recordedAt`). */
  recordedAt: string;
  /** The latest row's timestamp: a row of the epoch stamped between the two is on the card already. */
  lastAt: string;
}

/**
 * A job's card: what an overview shows of it, kept in one small item (docs/storage.md, "Job cards") and computed from
 * the job's visible rows by the same rules as the views it answers: each standard metric's summary (the job catalog's
 * structure: best and last with their epochs, min, max, count), each epoch's step and times, and every row of val_f1
 * and eval_loss. Status and name are not on it: the job item and the catalog hold them.
 */
export interface JobCard {
  jobId: string;
  /** The version stored (0: none yet), for the conditional put of the next one. */
  version: number;
  /** Epochs with a visible row, ascending; null past MAX_CARD_EPOCHS. */
  epochs: EpochMark[] | null;
  /** Each standard metric's summary, by name (metrics never recorded are absent). */
  summaries: Record<string, SummaryState>;
  /** Every row of val_f1 and eval_loss in training order; a metric with more than MAX_CARD_ROWS rows is absent. */
  series: Partial<Record<CardSeriesName, CardRow[]>>;
}

export function isCardSeries(name: string): name is CardSeriesName {
  return (CARD_SERIES as readonly string[]).includes(name);
}

function toRow(p: MetricPoint): CardRow {
  return { epoch: p.epoch, step: p.step, value: p.value, data: p.data, unit: p.unit, timestamp: p.timestamp };
}

/** The epoch marks of a job's points, ascending; null past MAX_CARD_EPOCHS. */
function epochMarks(points: readonly MetricPoint[]): EpochMark[] | null {
  const marks = new Map<number, EpochMark>();
  for (const p of points) {
    if (p.epoch === null) continue;
    const mark = marks.get(p.epoch);
    if (!mark) marks.set(p.epoch, { epoch: p.epoch, step: p.step, recordedAt: p.timestamp, lastAt: p.timestamp });
    else mergeMark(mark, p);
  }
  if (marks.size > MAX_CARD_EPOCHS) return null;
  return [...marks.values()].sort((a, b) => a.epoch - b.epoch);
}

/** The epoch row's step is its first non-null step in training order: the smallest. */
function mergeMark(mark: EpochMark, p: Pick<MetricPoint, 'step' | 'timestamp'>): void {
  if (p.step !== null && (mark.step === null || p.step < mark.step)) mark.step = p.step;
  if (p.timestamp < mark.recordedAt) mark.recordedAt = p.timestamp;
  if (p.timestamp > mark.lastAt) mark.lastAt = p.timestamp;
}

/** The card of a job from all its visible points (a partition read's `points`), at stored version `version`. */
export function buildCard(jobId: string, points: readonly MetricPoint[], version: number): JobCard {
  const summaries: Record<string, SummaryState> = {};
  for (const name of Object.keys(STANDARD_EPOCH_METRICS)) {
    const state = summaryFromRows(name, points);
    if (state) summaries[name] = state;
  }
  const series: JobCard['series'] = {};
  for (const name of CARD_SERIES) {
    const rows = points.filter((p) => p.name === name);
    if (rows.length <= MAX_CARD_ROWS) series[name] = rows.sort(compareTrainingOrder).map(toRow);
  }
  return { jobId, version, epochs: epochMarks(points), summaries, series };
}

/**
 * The card after one new epoch (its points: one epoch, as recordEpoch writes it), from the card alone: null when that
 * cannot be told without the job's other rows (the epoch has rows already, an earlier epoch than the last one of a
 * metric, a card past its limits): then the card is rebuilt from the partition.
 */
export function cardWithEpoch(card: JobCard, points: readonly MetricPoint[]): JobCard | null {
  if (points.length === 0) return card;
  const epoch = points[0].epoch;
  if (epoch === null || card.epochs === null || points.some((p) => p.epoch !== epoch)) return null;
  if (card.epochs.some((m) => m.epoch === epoch)) return null;
  if (card.epochs.length + 1 > MAX_CARD_EPOCHS) return null;
  const summaries = { ...card.summaries };
  for (const p of points) {
    if (!isStandardMetric(p.name)) continue;
    const next = withRow(summaries[p.name], p.name, p);
    if (next === 'recount') return null;
    if (next) summaries[p.name] = next;
  }
  const mark: EpochMark = { epoch, step: points[0].step, recordedAt: points[0].timestamp, lastAt: points[0].timestamp };
  for (const p of points) mergeMark(mark, p);
  const epochs = [...card.epochs, mark].sort((a, b) => a.epoch - b.epoch);
  const series: JobCard['series'] = {};
  for (const name of CARD_SERIES) {
    const packed = card.series[name];
    if (!packed) continue;
    const added = points.filter((p) => p.name === name).map(toRow);
    if (packed.length + added.length > MAX_CARD_ROWS) return null;
    series[name] = added.length ? [...packed, ...added].sort(compareRows) : packed;
  }
  return { jobId: card.jobId, version: card.version, epochs, summaries, series };
}

/** Training order of packed rows (compareTrainingOrder's). */
function compareRows(a: CardRow, b: CardRow): number {
  return (
    (a.epoch ?? -1) - (b.epoch ?? -1) ||
    (a.step ?? -1) - (b.step ?? -1) ||
    (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0)
  );
}

/** A packed series as the metric points `Job.series` gives (training order); null when the card does not pack it. */
export function cardSeries(card: JobCard, name: string, sortKeyOf: (timestamp: string) => string): MetricPoint[] | null {
  const rows = isCardSeries(name) ? card.series[name] : undefined;
  if (!rows) return null;
  return rows.map((r) => ({
    jobId: card.jobId,
    name,
    value: r.value,
    data: r.data,
    unit: r.unit,
    epoch: r.epoch,
    step: r.step,
    timestamp: r.timestamp,
    sortKey: sortKeyOf(r.timestamp),
    epochToken: null,
  }));
}

/**
 * The best epoch (bestEpochValue over the val_f1 rows) as the card tells it; undefined when the card cannot (val_f1 not
 * packed, or, for `epochRow`, its epochs not kept). `valF1Row`: the epoch, step and time of its val_f1 row (what
 * MetricQueryService.bestEpochFromValF1 gives); `epochRow`: the step and `recordedAt` of its row in `Job.epochs`.
 * Only `epoch`, `step`, `valF1`, `isBest` and `recordedAt` are filled in.
 */
export function cardBestEpoch(
  card: JobCard,
  shape: 'valF1Row' | 'epochRow',
  sortKeyOf: (timestamp: string) => string,
): EpochRow | null | undefined {
  const points = cardSeries(card, 'val_f1', sortKeyOf);
  if (!points) return undefined;
  const best = bestEpochValue(points, 'val_f1');
  if (!best) return null;
  const epoch = best.epoch as number;
  let step = best.step;
  let recordedAt = best.timestamp;
  if (shape === 'epochRow') {
    const mark = card.epochs?.find((m) => m.epoch === epoch);
    if (!mark) return undefined;
    step = mark.step;
    recordedAt = mark.recordedAt;
  }
  return valF1BestRow(card.jobId, epoch, step, best.value, recordedAt);
}

/**
 * Whether a row seen written is on the card already, so the card needs no rebuild for it: a packed row is looked up
 * exactly; a row of another standard metric without an epoch counts only while that metric has no epoch values; any
 * other row of an epoch is on the card when the epoch is and the row is stamped within its first and last row (a writer
 * stamps rows as it writes them, so a row written after the card was built is stamped after its epoch's last row).
 * Rows of other metrics without an epoch are on no card.
 */
export function cardReflects(card: JobCard, p: MetricPoint): boolean {
  const packed = isCardSeries(p.name) ? card.series[p.name] : undefined;
  if (packed) return packed.some((r) => r.timestamp === p.timestamp && r.value === p.value && r.epoch === p.epoch && r.step === p.step);
  if (p.epoch === null) return !isStandardMetric(p.name) || (card.summaries[p.name]?.lastEpoch ?? null) !== null;
  const mark = card.epochs?.find((m) => m.epoch === p.epoch);
  return mark !== undefined && mark.recordedAt <= p.timestamp && p.timestamp <= mark.lastAt;
}

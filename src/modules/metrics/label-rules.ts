import type { LabelScores, MetricPoint } from './metric-model';

export type LabelScore = 'f1' | 'precision' | 'recall' | 'support';
const SCORES: readonly LabelScore[] = ['f1', 'precision', 'recall', 'support'];

/** Metric name of a label in the documented map shape. */
export function labelMetricName(label: string): string {
  return `label_${label}`;
}

/** Metric names of a label in the legacy flat shape, one per score. */
export function flatLabelMetricNames(label: string): string[] {
  return SCORES.map((s) => `label_${label}_${s}`);
}

/**
 * Which label (and, for the legacy flat shape, which score) a point holds. Labels contain underscores, so in
 * the flat shape the last `_` segment is the score; a map value holding scores marks the documented shape (other
 * maps, such as the run-level `label_merge_config`, are not label rows).
 */
export function labelOfPoint(p: MetricPoint): { label: string; score: LabelScore | null } | null {
  if (!p.name.startsWith('label_')) return null;
  const rest = p.name.slice('label_'.length);
  const data = p.data;
  if (data !== null) return rest && SCORES.some((s) => s in data) ? { label: rest, score: null } : null;
  const cut = rest.lastIndexOf('_');
  const score = rest.slice(cut + 1) as LabelScore;
  if (cut <= 0 || !SCORES.includes(score)) return null;
  return { label: rest.slice(0, cut), score };
}

function scoreOf(value: unknown, integer: boolean): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(n)) return null;
  return integer ? Math.round(n) : n;
}

/** Collects label points of both shapes into one LabelScores per (job, epoch, label), as they arrive. */
export class LabelRowMerger {
  private readonly rows = new Map<string, LabelScores>();

  add(points: readonly MetricPoint[]): void {
    for (const p of points) {
      const which = labelOfPoint(p);
      if (!which) continue;
      const key = `${p.jobId}\u0000${p.epoch ?? ''}\u0000${which.label}`;
      let row = this.rows.get(key);
      if (!row) {
        row = {
          jobId: p.jobId,
          label: which.label,
          epoch: p.epoch,
          f1: null,
          precision: null,
          recall: null,
          support: null,
          timestamp: p.timestamp,
        };
        this.rows.set(key, row);
      }
      if (p.timestamp < row.timestamp) row.timestamp = p.timestamp;
      if (which.score === null) {
        const data = p.data ?? {};
        for (const s of SCORES) {
          const v = scoreOf(data[s], s === 'support');
          if (v !== null) row[s] = v;
        }
      } else if (p.value !== null) {
        row[which.score] = which.score === 'support' ? Math.round(p.value) : p.value;
      }
    }
  }

  /** The rows merged so far, in no particular order. */
  values(): IterableIterator<LabelScores> {
    return this.rows.values();
  }
}

/** Merges label points of both shapes into one LabelScores per (job, epoch, label), ordered by epoch then label. */
export function mergeLabelPoints(points: readonly MetricPoint[]): LabelScores[] {
  const merger = new LabelRowMerger();
  merger.add(points);
  return [...merger.values()].sort(
    (a, b) => (a.epoch ?? -1) - (b.epoch ?? -1) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) || (a.jobId < b.jobId ? -1 : 1),
  );
}

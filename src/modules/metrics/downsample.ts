import type { BlockPoint, MetricPoint } from './metric-model';

/** The extremes of a run of points (a packed part's summary, or a block summary from before packing). */
export interface Extremes {
  first: BlockPoint;
  last: BlockPoint;
  min: BlockPoint;
  max: BlockPoint;
}

/** Fewest points a downsampled series may ask for: first, last and one bucket's minimum and maximum. */
export const MIN_MAX_POINTS = 4;

/** How many buckets fit in `maxPoints` next to the first and last point (each bucket keeps its min and max). */
export function bucketCount(maxPoints: number): number {
  return Math.max(1, Math.floor((maxPoints - 2) / 2));
}

/** Splits `n` ordered items into `buckets` runs of near-equal length; returns [start, end) pairs. */
function runs(n: number, buckets: number): [number, number][] {
  const out: [number, number][] = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    const end = Math.floor(((b + 1) * n) / buckets);
    if (end > start) out.push([start, end]);
  }
  return out;
}

/** Minimum and maximum of a run by value; the earliest wins a tie. */
function extremes<T>(items: readonly T[], valueOf: (t: T) => number): [T, T] {
  let min = items[0];
  let max = items[0];
  for (const item of items) {
    if (valueOf(item) < valueOf(min)) min = item;
    if (valueOf(item) > valueOf(max)) max = item;
  }
  return [min, max];
}

/**
 * At most `maxPoints` of an ordered series: the first and last point and the minimum and maximum of every bucket,
 * so a single spike or dip survives (stride sampling would drop it). Shorter series come back whole.
 */
export function downsamplePoints(points: readonly MetricPoint[], maxPoints: number): MetricPoint[] {
  if (points.length <= maxPoints) return [...points];
  const numeric = points.filter((p) => p.value !== null);
  const keep = new Set<MetricPoint>([points[0], points[points.length - 1]]);
  for (const [start, end] of runs(numeric.length, bucketCount(maxPoints))) {
    for (const p of extremes(numeric.slice(start, end), (x) => x.value as number)) keep.add(p);
  }
  return points.filter((p) => keep.has(p));
}

/** The same from run summaries (ordered by first step): buckets are runs of whole runs. */
export function downsampleBlocks(blocks: readonly Extremes[], maxPoints: number): BlockPoint[] {
  if (blocks.length === 0) return [];
  const keep = new Map<number, BlockPoint>();
  const add = (p: BlockPoint) => keep.set(p.step, keep.get(p.step) ?? p);
  add(blocks[0].first);
  // Runs from before and after packing may interleave: the series ends with the latest last point of any run.
  add(blocks.reduce((a, b) => (b.last.step > a.last.step ? b : a)).last);
  for (const [start, end] of runs(blocks.length, bucketCount(maxPoints))) {
    const run = blocks.slice(start, end);
    add(
      extremes(
        run.map((b) => b.min),
        (p) => p.value,
      )[0],
    );
    add(
      extremes(
        run.map((b) => b.max),
        (p) => p.value,
      )[1],
    );
  }
  return [...keep.values()].sort((a, b) => a.step - b.step);
}

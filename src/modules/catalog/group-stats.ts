/** Statistics of grouped jobs: one group's best values, and one group's curves point by point. */

/** Mean, sample standard deviation (0 for one value), min, median and max; nulls for no values. */
export interface Spread {
  mean: number | null;
  stddev: number | null;
  min: number | null;
  median: number | null;
  max: number | null;
}

export function spreadOf(values: readonly number[]): Spread {
  const n = values.length;
  if (n === 0) return { mean: null, stddev: null, min: null, median: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? sorted.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) : 0;
  const mid = Math.floor(n / 2);
  return {
    mean,
    stddev: Math.sqrt(variance),
    min: sorted[0],
    median: n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2,
    max: sorted[n - 1],
  };
}

/** One x position of a group's mean curve. */
export interface GroupPointModel {
  epoch: number | null;
  step: number | null;
  mean: number;
  min: number;
  max: number;
  stddev: number;
  count: number;
}

/**
 * A group's mean curve: the members' values at each x (epoch or step) that at least one member has, with min, max,
 * sample standard deviation and how many members had a value there; `maxPoints` keeps that many x positions, evenly
 * spread, the first and last among them.
 */
export function meanCurve(
  curves: ReadonlyArray<ReadonlyMap<number, number>>,
  axis: 'epoch' | 'step',
  maxPoints: number | null,
): GroupPointModel[] {
  const xs = [...new Set(curves.flatMap((c) => [...c.keys()]))].sort((a, b) => a - b);
  const points = xs.map((x) => {
    const values = curves.flatMap((c) => (c.has(x) ? [c.get(x) as number] : []));
    const s = spreadOf(values);
    return {
      epoch: axis === 'epoch' ? x : null,
      step: axis === 'step' ? x : null,
      mean: s.mean as number,
      min: s.min as number,
      max: s.max as number,
      stddev: s.stddev as number,
      count: values.length,
    };
  });
  if (maxPoints === null || points.length <= maxPoints) return points;
  const picked = new Set<number>();
  for (let i = 0; i < maxPoints; i++) picked.add(Math.round((i * (points.length - 1)) / (maxPoints - 1)));
  return [...picked].sort((a, b) => a - b).map((i) => points[i]);
}

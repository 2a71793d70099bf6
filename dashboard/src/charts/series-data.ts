import type { XAxis } from '../lib/url-state.js';

/*
 * What a chart does to a run's points before uPlot draws them: place them on the x axis (epoch, step or wall time),
 * mark missing epochs as gaps, smooth them (EMA), leave out what a log scale cannot show, and bucket long series to
 * columns of pixels (a min/max band with a line). Pure functions of their arguments.
 */

/** A point as the charts hold it: its value (null for a map-valued point), epoch, step and wall time (unix seconds). */
export interface ChartPoint {
  value: number | null;
  epoch: number | null;
  step: number | null;
  time: number;
}

/** How a run recorded a metric: one point per epoch (recordEpoch) or step by step (logMetrics). */
export type SeriesKind = 'epoch' | 'step';

/** A series with a point without an epoch, or two points of one epoch, was logged step by step; null when empty. */
export function seriesKind(points: readonly ChartPoint[]): SeriesKind | null {
  if (points.length === 0) return null;
  const seen = new Set<number>();
  for (const p of points) {
    if (p.epoch === null || seen.has(p.epoch)) return 'step';
    seen.add(p.epoch);
  }
  return 'epoch';
}

/** A run's curve on one x axis: `xs` ascending; a null y is a gap (a missing epoch), drawn as one. */
export interface Line {
  xs: number[];
  ys: (number | null)[];
  /** Each point's step (NaN for a gap or an unknown step): the step range of a zoomed x range. */
  steps: number[];
}

export interface PlacedLine {
  line: Line;
  /** Epochs missing between recorded ones (each drawn as a gap). */
  missingEpochs: number[];
  /** Points left out for want of a position on this axis (a step point without an epoch on the epoch axis...). */
  withoutX: number;
  /** Points at the x of another (points logged together share their time): the later one is drawn. */
  sharedX: number;
}

/**
 * A step series on the epoch axis: epoch `e`'s steps spread over (e - 1, e] by step, so that its last step meets the
 * epoch's evaluation (recorded at the end of epoch `e`, drawn at x = e). Points without an epoch have no place (null).
 */
function fractionalEpoch(points: readonly ChartPoint[]): (p: ChartPoint) => number | null {
  const range = new Map<number, [number, number]>();
  for (const p of points) {
    if (p.epoch === null || p.step === null) continue;
    const r = range.get(p.epoch);
    if (!r) range.set(p.epoch, [p.step, p.step]);
    else {
      r[0] = Math.min(r[0], p.step);
      r[1] = Math.max(r[1], p.step);
    }
  }
  return (p) => {
    if (p.epoch === null) return null;
    const r = range.get(p.epoch);
    if (!r || p.step === null) return p.epoch;
    return p.epoch - 1 + (p.step - r[0] + 1) / (r[1] - r[0] + 1);
  };
}

function xOf(points: readonly ChartPoint[], kind: SeriesKind, axis: XAxis): (p: ChartPoint) => number | null {
  if (axis === 'time') return (p) => p.time;
  if (axis === 'step') return (p) => p.step;
  return kind === 'step' ? fractionalEpoch(points) : (p) => p.epoch;
}

/** The points of a run on `axis`, ascending (one value per x: the later point wins), missing epochs as gaps. */
export function placeLine(points: readonly ChartPoint[], kind: SeriesKind, axis: XAxis): PlacedLine {
  const position = xOf(points, kind, axis);
  const placed: { x: number; y: number; epoch: number | null; step: number | null }[] = [];
  let withoutX = 0;
  for (const p of points) {
    if (p.value === null || !Number.isFinite(p.value)) continue;
    const x = position(p);
    if (x === null || !Number.isFinite(x)) withoutX++;
    else placed.push({ x, y: p.value, epoch: p.epoch, step: p.step });
  }
  if (placed.some((p, i) => i > 0 && p.x < placed[i - 1].x)) placed.sort((a, b) => a.x - b.x);
  const line: Line = { xs: [], ys: [], steps: [] };
  const missingEpochs: number[] = [];
  let lastEpoch: number | null = null;
  let sharedX = 0;
  for (const p of placed) {
    const n = line.xs.length;
    if (n > 0 && line.xs[n - 1] === p.x) {
      sharedX++;
      line.ys[n - 1] = p.y;
      line.steps[n - 1] = p.step ?? NaN;
      continue;
    }
    if (kind === 'epoch' && lastEpoch !== null && p.epoch !== null && p.epoch > lastEpoch + 1) {
      for (let e = lastEpoch + 1; e < p.epoch; e++) missingEpochs.push(e);
      // One null between the neighbours breaks the line there (uPlot draws no segment across a null).
      line.xs.push(axis === 'epoch' ? lastEpoch + 1 : (line.xs[n - 1] + p.x) / 2);
      line.ys.push(null);
      line.steps.push(NaN);
    }
    line.xs.push(p.x);
    line.ys.push(p.y);
    line.steps.push(p.step ?? NaN);
    if (p.epoch !== null) lastEpoch = p.epoch;
  }
  return { line, missingEpochs, withoutX, sharedX };
}

/** A log scale cannot place values <= 0: the line without them (gaps kept), and how many were left out. */
export function positiveOnly(line: Line): { line: Line; dropped: number } {
  if (!line.ys.some((y) => y !== null && y <= 0)) return { line, dropped: 0 };
  const kept: Line = { xs: [], ys: [], steps: [] };
  let dropped = 0;
  line.ys.forEach((y, i) => {
    if (y !== null && y <= 0) dropped++;
    else {
      kept.xs.push(line.xs[i]);
      kept.ys.push(y);
      kept.steps.push(line.steps[i]);
    }
  });
  return { line: kept, dropped };
}

/**
 * TensorBoard's smoothing: an exponential moving average of weight `weight` (0 off, up to 0.99), debiased so that the
 * first points are not pulled towards zero (divided by 1 - weight^n after n points). Gaps stay gaps.
 */
export function ema(ys: readonly (number | null)[], weight: number): (number | null)[] {
  if (weight <= 0) return [...ys];
  let last = 0;
  let n = 0;
  return ys.map((y) => {
    if (y === null) return null;
    last = last * weight + (1 - weight) * y;
    n++;
    return last / (1 - weight ** n);
  });
}

/** The visible x range cut into `count` equal columns (a chart bucketing its long series to pixel columns). */
export interface Columns {
  lo: number;
  hi: number;
  count: number;
}

/** A long line drawn as a band: per column its x (the column's middle), mean (the line) and raw min and max. */
export interface Band {
  xs: number[];
  /** The line: the mean of the column's (smoothed, when smoothing) values; null where the column holds only a gap. */
  line: (number | null)[];
  /** The mean of the raw values, drawn faint beside a smoothed line. */
  raw: (number | null)[];
  min: (number | null)[];
  max: (number | null)[];
}

/**
 * Buckets `line` to `cols`: each column with points becomes one x (its middle, the same for every run of the chart, so
 * their data align; the range's ends for the first and last column) with the mean of `smoothed` (or of the raw values) and the raw min and max. Of the points outside
 * the range, the nearest on each side stays as it is, so the line runs on to the chart's edges.
 */
export function bucketBand(line: Line, smoothed: readonly (number | null)[], cols: Columns): Band {
  const out: Band = { xs: [], line: [], raw: [], min: [], max: [] };
  const width = (cols.hi - cols.lo) / cols.count;
  const single = (i: number) => {
    out.xs.push(line.xs[i]);
    out.line.push(smoothed[i]);
    out.raw.push(line.ys[i]);
    out.min.push(line.ys[i]);
    out.max.push(line.ys[i]);
  };
  let i = 0;
  const n = line.xs.length;
  while (i < n && line.xs[i] < cols.lo) i++;
  if (i > 0) single(i - 1);
  while (i < n && line.xs[i] <= cols.hi) {
    const column = Math.min(cols.count - 1, Math.floor((line.xs[i] - cols.lo) / width));
    let sum = 0;
    let rawSum = 0;
    let count = 0;
    let min = Infinity;
    let max = -Infinity;
    for (; i < n && line.xs[i] <= cols.hi && Math.min(cols.count - 1, Math.floor((line.xs[i] - cols.lo) / width)) === column; i++) {
      const y = line.ys[i];
      const s = smoothed[i];
      if (y === null || s === null) continue;
      sum += s;
      rawSum += y;
      count++;
      if (y < min) min = y;
      if (y > max) max = y;
    }
    // The first and last columns sit on the range's edges, so the curve spans the whole range (still the same x for every run).
    out.xs.push(column === 0 ? cols.lo : column === cols.count - 1 ? cols.hi : cols.lo + (column + 0.5) * width);
    out.line.push(count ? sum / count : null);
    out.raw.push(count ? rawSum / count : null);
    out.min.push(count ? min : null);
    out.max.push(count ? max : null);
  }
  if (i < n) single(i);
  return out;
}

/** How many of the line's points fall in [lo, hi] (a line denser than the chart's columns is drawn as a band). */
export function pointsWithin(line: Line, lo: number, hi: number): number {
  let count = 0;
  for (let i = 0; i < line.xs.length; i++) if (line.ys[i] !== null && line.xs[i] >= lo && line.xs[i] <= hi) count++;
  return count;
}

/** The steps a zoomed x range covers on this line, one point beyond each edge included; null when none. */
export function stepRange(line: Line, lo: number, hi: number): [number, number] | null {
  let from = Infinity;
  let to = -Infinity;
  for (let i = 0; i < line.xs.length; i++) {
    const inside = line.xs[i] >= lo && line.xs[i] <= hi;
    const edge = (line.xs[i] < lo && (line.xs[i + 1] ?? Infinity) >= lo) || (line.xs[i] > hi && (line.xs[i - 1] ?? -Infinity) <= hi);
    if (!(inside || edge) || Number.isNaN(line.steps[i])) continue;
    from = Math.min(from, line.steps[i]);
    to = Math.max(to, line.steps[i]);
  }
  return from <= to ? [Math.floor(from), Math.ceil(to)] : null;
}

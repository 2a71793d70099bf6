import type { XAxis } from '../lib/url-state.js';
import type { Curve } from './plot-data.js';
import { bucketBand, ema, placeLine, pointsWithin, positiveOnly, type ChartPoint, type Line, type SeriesKind } from './series-data.js';

/** A run on a chart: its id, name and colour (as MetricCharts is given it). */
export interface CurveRun {
  id: string;
  name: string;
  color: string;
}

export interface RunSeries {
  points: readonly ChartPoint[];
  kind: SeriesKind | null;
}

export interface CurveSettings {
  axis: XAxis;
  smooth: number;
  log: boolean;
  zoom: [number, number] | null;
  /** Columns of the plot (its width in pixels / 2): a run with more points in view is drawn as a band. */
  columns: number;
}

/** What a metric chart draws, and what it says about what it could not. */
export interface RunCurves {
  curves: Curve[];
  /** Each run's placed line (its step range when zoomed). */
  lines: Map<string, Line>;
  notes: string[];
  /** The points drawn (before bucketing), over all runs. */
  points: number;
  band: boolean;
}

const AXIS_NAME: Record<XAxis, string> = { epoch: 'an epoch', step: 'a step', time: 'a time' };

function listed(items: readonly (string | number)[], max = 6): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** The runs' series of one metric as the curves of its chart (placed, smoothed, log-filtered, banded). */
export function runCurves(runs: readonly CurveRun[], series: ReadonlyMap<string, RunSeries>, s: CurveSettings): RunCurves {
  const notes: string[] = [];
  const lines = new Map<string, Line>();
  const empty: string[] = [];
  let dropped = 0;
  for (const run of runs) {
    const data = series.get(run.id);
    if (!data || data.points.length === 0 || !data.kind) {
      empty.push(run.name);
      continue;
    }
    const placed = placeLine(data.points, data.kind, s.axis);
    if (placed.line.xs.length === 0 && placed.withoutX > 0) notes.push(`${run.name}: no ${s.axis} axis for this series`);
    else if (placed.withoutX > 0) notes.push(`${run.name}: ${placed.withoutX} points without ${AXIS_NAME[s.axis]} left out`);
    if (placed.sharedX > 0)
      notes.push(`${run.name}: ${placed.sharedX} points share their ${s.axis} with another (logged together): one per ${s.axis} drawn`);
    if (placed.missingEpochs.length)
      notes.push(
        `${run.name}: epoch${placed.missingEpochs.length > 1 ? 's' : ''} ${listed(placed.missingEpochs)} missing (drawn as a gap)`,
      );
    let line = placed.line;
    if (s.log) {
      const kept = positiveOnly(line);
      line = kept.line;
      dropped += kept.dropped;
    }
    if (line.xs.length) lines.set(run.id, line);
  }
  if (empty.length) notes.push(`No points: ${listed(empty)}`);
  if (dropped) notes.push(`${dropped} value${dropped === 1 ? '' : 's'} ≤ 0 left out (log scale)`);

  let lo = Infinity;
  let hi = -Infinity;
  for (const line of lines.values()) {
    lo = Math.min(lo, line.xs[0]);
    hi = Math.max(hi, line.xs[line.xs.length - 1]);
  }
  if (s.zoom) [lo, hi] = s.zoom;
  const curves: Curve[] = [];
  let points = 0;
  let band = false;
  for (const run of runs) {
    const line = lines.get(run.id);
    if (!line) continue;
    for (const y of line.ys) if (y !== null) points++;
    const smoothed = ema(line.ys, s.smooth);
    const curve = { key: run.id, label: run.name, color: run.color };
    if (hi > lo && pointsWithin(line, lo, hi) > s.columns) {
      band = true;
      const b = bucketBand(line, smoothed, { lo, hi, count: s.columns });
      curves.push({ ...curve, xs: b.xs, line: b.line, raw: s.smooth > 0 ? b.raw : undefined, min: b.min, max: b.max, dense: true });
    } else curves.push({ ...curve, xs: line.xs, line: smoothed, raw: s.smooth > 0 ? line.ys : undefined });
  }
  return { curves, lines, notes, points, band };
}

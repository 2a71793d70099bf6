import { num } from '../lib/format.js';
import { configAxisKey, insideBrush, METRIC_AXIS_KEY, type Brushes } from './brushes.js';
import type { HRun, HRuns } from './hparams-data.js';
import { scaleOf, type Scale } from './scales.js';

/** An axis of the parallel coordinates: a config path's values, or (last) the best val_f1. */
export interface Axis {
  /** Its brush key and search column (`config.optimizer.lr`, `metrics.val_f1`). */
  key: string;
  label: string;
  /** The config path (null for the metric axis). */
  path: string | null;
  scale: Scale;
  value(run: HRun): unknown;
}

/** The axes of the chosen config paths (those the runs were read with) and the best val_f1 axis last. */
export function buildAxes(data: HRuns, paths: readonly string[]): Axis[] {
  const axes: Axis[] = [];
  for (const path of paths) {
    const at = data.paths.indexOf(path);
    if (at < 0) continue;
    const value = (run: HRun) => run.values[at];
    axes.push({ key: configAxisKey(path), label: path, path, scale: scaleOf(data.runs.map(value), num), value });
  }
  const best = (run: HRun) => run.best;
  axes.push({ key: METRIC_AXIS_KEY, label: 'best val_f1', path: null, scale: scaleOf(data.runs.map(best), num), value: best });
  return axes;
}

/** Per run, whether it lies inside every brush (brushes of axes not shown are ignored). */
export function brushedMask(runs: readonly HRun[], axes: readonly Axis[], brushes: Brushes): Uint8Array {
  const active = axes.filter((a) => brushes[a.key]);
  const mask = new Uint8Array(runs.length);
  runs.forEach((run, i) => {
    mask[i] = active.every((a) => insideBrush(a.scale, brushes[a.key], a.value(run))) ? 1 : 0;
  });
  return mask;
}

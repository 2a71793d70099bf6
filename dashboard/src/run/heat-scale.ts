import { blues, viridis } from '../lib/color-ramps.js';

/*
 * The run page's grids: F1 on viridis within the values' domain, and the confusion matrix's row shares on the blue
 * ramp (lib/color-ramps.ts holds the ramps, their legend gradient and the cells' text colour).
 */

/** A value's colour within [lo, hi] on the F1 scale. */
export const f1Color = (value: number, [lo, hi]: readonly [number, number]) => viridis(hi > lo ? (value - lo) / (hi - lo) : 1);

/** A share (0..1) of a confusion-matrix row. */
export const shareColor = (share: number) => blues(share);

/**
 * The F1 scale's range: the values' minimum and maximum widened to tenths (0.62..0.91 is drawn over 0.6..1), so close
 * values still differ in colour and the legend's ends are round; 0..1 when there is nothing to scale.
 */
export function f1Domain(values: readonly number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return [0, 1];
  let lo = Math.floor(Math.min(...finite) * 10 + 1e-9) / 10;
  let hi = Math.ceil(Math.max(...finite) * 10 - 1e-9) / 10;
  if (hi <= lo) [lo, hi] = [Math.max(0, lo - 0.1), Math.min(1, hi + 0.1)];
  if (hi <= lo) [lo, hi] = [0, 1];
  return [Number(lo.toFixed(1)), Number(hi.toFixed(1))];
}

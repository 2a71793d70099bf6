import { viridis } from '../lib/color-ramps.js';

/**
 * The colour of a run by its best val_f1 within [lo, hi] of the runs shown: viridis (lib/color-ramps.ts), dark purple
 * for the lowest, yellow for the highest; null for a run without a value. The legend shows the same ramp.
 */
export function colorScale(lo: number, hi: number): (v: number | null) => string | null {
  const span = hi - lo || 1;
  return (v) => (v === null ? null : viridis((v - lo) / span));
}

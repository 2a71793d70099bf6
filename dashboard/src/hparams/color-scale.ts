/*
 * The colour of a run by its best val_f1: viridis (dark purple for the lowest, yellow for the highest), perceptually
 * even and readable by colour-blind people; the legend shows the same stops.
 */

const STOPS = ['#440154', '#414487', '#2a788e', '#22a884', '#7ad151', '#fde725'];

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const STOP_RGB = STOPS.map(rgb);

/** The colour at t in [0, 1]. */
export function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [STOP_RGB[i], STOP_RGB[i + 1]];
  const c = a.map((v, k) => Math.round(v + (b[k] - v) * f));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** The legend's CSS gradient, left (lowest) to right (highest). */
export const VIRIDIS_GRADIENT = `linear-gradient(to right, ${STOPS.join(', ')})`;

/** A colour scale over [lo, hi]: a value's colour (null for a missing value). */
export function colorScale(lo: number, hi: number): (v: number | null) => string | null {
  const span = hi - lo || 1;
  return (v) => (v === null ? null : viridis((v - lo) / span));
}

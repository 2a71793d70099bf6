/*
 * Colour scales of the run page's grids: F1 on a perceptually even scale (viridis, readable in both themes and to
 * colour-blind eyes), and the confusion matrix's row shares on a single blue ramp. Each cell's text is black or white,
 * whichever contrasts more with its colour (one of the two always reaches 4.5:1).
 */

type Rgb = [number, number, number];

/** Viridis at nine even stops. */
const VIRIDIS: Rgb[] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

/** Light to dark blue (ColorBrewer Blues). */
const BLUES: Rgb[] = [
  [222, 235, 247],
  [158, 202, 225],
  [66, 146, 198],
  [8, 81, 156],
  [8, 48, 107],
];

const hex = (c: Rgb) => `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

function ramp(stops: readonly Rgb[], t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  return hex(stops[i].map((v, k) => v + (stops[i + 1][k] - v) * f) as Rgb);
}

/** A value's colour within [lo, hi] on the F1 scale. */
export const f1Color = (value: number, [lo, hi]: readonly [number, number]) => ramp(VIRIDIS, hi > lo ? (value - lo) / (hi - lo) : 1);

/** A share (0..1) of a confusion-matrix row. */
export const shareColor = (share: number) => ramp(BLUES, share);

/** The CSS gradient of the F1 scale, low on the left (the legend's bar). */
export const f1Gradient = () => `linear-gradient(to right, ${VIRIDIS.map(hex).join(', ')})`;

function luminance(color: string): number {
  const n = parseInt(color.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Black or white text on a `#rrggbb` background, whichever contrasts more. */
export function textOn(background: string): '#000000' | '#ffffff' {
  const l = luminance(background);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}

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

/*
 * Colour ramps for values drawn as colour (the run page's heat map and confusion matrix, the hyper-parameters' lines
 * and points): viridis, perceptually even and readable in both themes and by colour-blind eyes, and a single blue ramp
 * for shares. A cell's text takes black or white, whichever contrasts more with its colour.
 */

type Rgb = readonly [number, number, number];

/** Viridis at nine even stops, dark purple (low) to yellow (high). */
export const VIRIDIS: readonly Rgb[] = [
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
export const BLUES: readonly Rgb[] = [
  [222, 235, 247],
  [158, 202, 225],
  [66, 146, 198],
  [8, 81, 156],
  [8, 48, 107],
];

const hex = (c: readonly number[]) => `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

/** The `#rrggbb` colour at t in [0, 1] along even stops (t clamped; not a number: the first stop). */
export function rampColor(stops: readonly Rgb[], t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  return hex(stops[i].map((v, k) => v + (stops[i + 1][k] - v) * f));
}

/** Viridis at t in [0, 1]. */
export const viridis = (t: number) => rampColor(VIRIDIS, t);

/** The blue ramp at t in [0, 1]. */
export const blues = (t: number) => rampColor(BLUES, t);

/** The CSS gradient of a ramp, low on the left (a legend's bar). */
export const rampGradient = (stops: readonly Rgb[]) => `linear-gradient(to right, ${stops.map(hex).join(', ')})`;

export const VIRIDIS_GRADIENT = rampGradient(VIRIDIS);

function luminance(color: string): number {
  const n = parseInt(color.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Black or white text on a `#rrggbb` background, whichever contrasts more (one of the two always reaches 4.5:1). */
export function textOn(background: string): '#000000' | '#ffffff' {
  const l = luminance(background);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}

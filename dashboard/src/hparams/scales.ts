/*
 * Scales of the hyper-parameter charts and the compare view's bars: a value to a position in [0, 1] (linear, log or
 * evenly spaced categories) and back, with ticks a person reads (1, 2, 5 steps; powers of ten on a log axis).
 */

/** Ticks at 1, 2 or 5 times a power of ten inside [lo, hi], about `count` of them. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi === lo) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

/** Powers of ten inside [lo, hi] (both > 0); the 2 and 5 multiples too when the span is short. */
export function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  const from = Math.floor(Math.log10(lo));
  const to = Math.ceil(Math.log10(hi));
  const multiples = to - from <= 2 ? [1, 2, 5] : [1];
  for (let e = from; e <= to; e++)
    for (const m of multiples) {
      const t = Number((m * 10 ** e).toPrecision(12));
      if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) out.push(t);
    }
  return out;
}

/** A numeric axis spans this many decades or more: drawn on a log scale (learning rates, weight decays). */
export const LOG_DECADES = 2;

/** An axis of the charts: where a value sits along it (0 bottom or left, 1 top or right; null: no place) and back. */
export interface Scale {
  kind: 'linear' | 'log' | 'category';
  /** The value's place in [0, 1]; null for a missing value or one the scale has no place for. */
  at(value: unknown): number | null;
  /** The place of a coordinate: a value on numeric scales, a category's index on category scales (brush ends). */
  position(x: number): number;
  /** The coordinate at a place (position's inverse). */
  invert(t: number): number;
  ticks(): { at: number; label: string; value: unknown }[];
  /** The categories, in axis order (category scales). */
  categories: unknown[];
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A category's name on an axis: strings as they are, other values as JSON. */
export const categoryText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The scale of some values: numeric when every present value is a number (log when all are positive and span
 * LOG_DECADES or more), else categories sorted by their text, evenly spaced. `format` writes tick labels; `margin` (a
 * fraction of the span) keeps the extreme values off the ends (a scatter's points off its frame).
 */
export function scaleOf(values: readonly unknown[], format: (n: number) => string, margin = 0): Scale {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length && present.every(isNumber)) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of present as number[]) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (lo > 0 && Math.log10(hi / lo) >= LOG_DECADES) return logScale(lo, hi, format, margin);
    return linearScale(lo, hi, format, margin);
  }
  const byText = new Map<string, unknown>();
  for (const v of present) byText.set(categoryText(v), v);
  return categoryScale([...byText.keys()].sort().map((k) => byText.get(k)));
}

function linearScale(lo: number, hi: number, format: (n: number) => string, margin: number): Scale {
  // A flat axis (one value) gets some room around its value, so the value sits in the middle.
  const pad = lo === hi ? Math.abs(lo) / 2 || 1 : (hi - lo) * margin;
  const a = lo - pad;
  const b = hi + pad;
  return {
    kind: 'linear',
    categories: [],
    at: (v) => (isNumber(v) ? (v - a) / (b - a) : null),
    position: (x) => (x - a) / (b - a),
    invert: (t) => a + t * (b - a),
    ticks: () => niceTicks(a, b, 5).map((v) => ({ at: (v - a) / (b - a), label: format(v), value: v })),
  };
}

/** A log axis's tick: `1e-5`, `1e-3` below 0.01 and for large values (short, as the ticks are powers of ten), else as usual. */
const logLabel = (v: number, format: (n: number) => string) => (v < 1e-2 || v >= 1e6 ? v.toExponential().replace('e+', 'e') : format(v));

function logScale(lo: number, hi: number, format: (n: number) => string, margin: number): Scale {
  const pad = Math.log10(hi / lo) * margin;
  const a = Math.log10(lo) - pad;
  const b = Math.log10(hi) + pad;
  return {
    kind: 'log',
    categories: [],
    at: (v) => (isNumber(v) && v > 0 ? (Math.log10(v) - a) / (b - a) : null),
    position: (x) => (x > 0 ? (Math.log10(x) - a) / (b - a) : 0),
    invert: (t) => 10 ** (a + t * (b - a)),
    ticks: () => logTicks(10 ** a, 10 ** b).map((v) => ({ at: (Math.log10(v) - a) / (b - a), label: logLabel(v, format), value: v })),
  };
}

function categoryScale(categories: unknown[]): Scale {
  const index = new Map(categories.map((c, i) => [categoryText(c), i]));
  // Categories sit at the middles of equal slots: one category in the middle, two at a quarter and three quarters.
  const place = (i: number) => (i + 0.5) / categories.length;
  return {
    kind: 'category',
    categories,
    at: (v) => {
      if (v === null || v === undefined) return null;
      const i = index.get(categoryText(v));
      return i === undefined ? null : place(i);
    },
    position: place,
    invert: (t) => t * categories.length - 0.5,
    ticks: () => categories.map((c, i) => ({ at: place(i), label: categoryText(c), value: c })),
  };
}

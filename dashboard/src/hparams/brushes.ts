import { categoryText, type Scale } from './scales.js';

/*
 * Brushes of the parallel coordinates: a range per axis (URL `brush`), keyed by the axis's column in the search syntax
 * (`config.optimizer.lr`, `metrics.val_f1`). A numeric axis's range is in its values; a category axis's range is in
 * category indices (the categories inside it are brushed). The brushes as a text query give the runs table the same runs.
 */

export type Brushes = Record<string, [number, number]>;

/** The brush key (and search column) of a config path's axis. */
export const configAxisKey = (path: string) => `config.${path}`;
/** The brush key of the best val_f1 axis. */
export const METRIC_AXIS_KEY = 'metrics.val_f1';

/** Whether a value is inside a brush of an axis of this scale (a missing value never is). */
export function insideBrush(scale: Scale, range: [number, number], value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (scale.kind === 'category') {
    const at = scale.at(value);
    if (at === null) return false;
    const index = Math.round(scale.invert(at));
    return index >= range[0] && index <= range[1];
  }
  return typeof value === 'number' && value >= range[0] && value <= range[1];
}

/** A brushed range rounded to 4 significant digits (what the URL, the count and the query all use). */
export function roundRange(a: number, b: number): [number, number] | null {
  const round = (v: number) => Number(v.toPrecision(4));
  const lo = round(Math.min(a, b));
  const hi = round(Math.max(a, b));
  return lo < hi ? [lo, hi] : null;
}

/** A column path of the search syntax: plain segments as they are, others in backquotes. */
function columnText(key: string): string {
  const [kind, ...segments] = key.split('.');
  return [kind, ...segments.map((s) => (/^[A-Za-z0-9_\-/:]+$/.test(s) ? s : `\`${s}\``))].join('.');
}

/** A value in the search syntax: a number, a quoted string, true, false or null. */
export function literal(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean' || value === null) return String(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** One brush as search conditions: `col >= lo and col <= hi`, or `col in (...)` for the categories inside. */
export function brushCondition(key: string, scale: Scale, range: [number, number]): string {
  const column = columnText(key);
  if (scale.kind !== 'category') return `${column} >= ${literal(range[0])} and ${column} <= ${literal(range[1])}`;
  const inside = scale.categories.filter((c) => insideBrush(scale, range, c));
  return `${column} in (${inside.map(literal).join(', ')})`;
}

/** The runs table's query (its own text ANDed with every brush), the brushes' axes given by key. */
export function brushedQuery(query: string, brushes: Brushes, scales: ReadonlyMap<string, Scale>): string {
  const conditions = Object.entries(brushes).flatMap(([key, range]) => {
    const scale = scales.get(key);
    return scale ? [brushCondition(key, scale, range)] : [];
  });
  const base = query.trim();
  return [base ? `(${base})` : '', ...conditions].filter(Boolean).join(' and ');
}

/** A category axis's brush in words: its categories. */
export const categoriesInside = (scale: Scale, range: [number, number]) =>
  scale.categories.filter((c) => insideBrush(scale, range, c)).map(categoryText);

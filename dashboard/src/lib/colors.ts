/**
 * One colour per selected run, the same in every chart, legend and table: the run's place in the selection picks it.
 * Twenty hues (the most runs overlaid), ordered so that neighbours differ; each readable on the light and dark themes.
 */
export const RUN_COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
  '#7f7f7f',
  '#393b79',
  '#e6550d',
  '#31a354',
  '#ad494a',
  '#756bb1',
  '#c49c94',
  '#f7b6d2',
  '#6baed6',
  '#d6616b',
  '#637939',
] as const;

/** The most runs the charts overlay. */
export const MAX_OVERLAID = RUN_COLORS.length;

export function runColor(selection: readonly string[], id: string): string {
  const at = selection.indexOf(id);
  return RUN_COLORS[(at < 0 ? 0 : at) % RUN_COLORS.length];
}

/** A colour with an alpha (for bands and faint raw lines): `#rrggbb` to `rgba(...)`. */
export function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

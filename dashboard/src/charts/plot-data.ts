import type uPlot from 'uplot';

/*
 * The curves of one chart (a run's line, or a group's mean, with an optional faint raw line and min/max band) as the
 * one x array and y arrays uPlot draws: the union of the curves' x values, each curve's values at its own x and
 * `undefined` elsewhere (uPlot joins over those), null where the curve has a gap (uPlot breaks the line there).
 */

type Values = (number | null)[];

/** One curve of a chart: a run or a group. */
export interface Curve {
  key: string;
  label: string;
  color: string;
  xs: number[];
  line: Values;
  /** The raw values drawn faint beside a smoothed line. */
  raw?: Values;
  /** A band drawn between these (faint fill). */
  min?: Values;
  max?: Values;
  /** Drawn as a band: the line without point markers. */
  dense?: boolean;
}

export type SeriesRole = 'line' | 'raw' | 'max' | 'min';

/** What each uPlot series (after the x series) draws. */
export interface PlotSeries {
  key: string;
  label: string;
  color: string;
  role: SeriesRole;
  dense: boolean;
}

export interface PlotData {
  data: uPlot.AlignedData;
  series: PlotSeries[];
  /** Bands by uPlot series index: [max, min]. */
  bands: [number, number][];
}

function sameXs(curves: readonly Curve[]): boolean {
  const first = curves[0].xs;
  return curves.every((c) => c.xs.length === first.length && c.xs.every((x, i) => x === first[i]));
}

/** The sorted union of the curves' x values. */
function unionXs(curves: readonly Curve[]): number[] {
  const all: number[] = [];
  for (const c of curves) for (const x of c.xs) all.push(x);
  all.sort((a, b) => a - b);
  const out: number[] = [];
  for (const x of all) if (out.length === 0 || out[out.length - 1] !== x) out.push(x);
  return out;
}

/** The curves as uPlot data: bands under raw lines under lines, so each curve's line is drawn on top. */
export function alignCurves(curves: readonly Curve[]): PlotData {
  if (curves.length === 0) return { data: [[]], series: [], bands: [] };
  const aligned = sameXs(curves);
  const xs = aligned ? curves[0].xs : unionXs(curves);
  const index = aligned ? null : new Map(xs.map((x, i) => [x, i]));
  const spread = (c: Curve, values: Values): (number | null | undefined)[] => {
    if (!index) return values;
    const out = new Array<number | null | undefined>(xs.length).fill(undefined);
    c.xs.forEach((x, i) => (out[index.get(x) as number] = values[i]));
    return out;
  };
  const series: PlotSeries[] = [];
  const columns: (number | null | undefined)[][] = [];
  const bands: [number, number][] = [];
  const add = (c: Curve, role: SeriesRole, values: Values) => {
    series.push({ key: c.key, label: c.label, color: c.color, role, dense: c.dense ?? false });
    columns.push(spread(c, values));
    return series.length; // its uPlot index (the x series is 0)
  };
  for (const c of curves)
    if (c.min && c.max) {
      const max = add(c, 'max', c.max);
      bands.push([max, add(c, 'min', c.min)]);
    }
  for (const c of curves) if (c.raw) add(c, 'raw', c.raw);
  for (const c of curves) add(c, 'line', c.line);
  return { data: [xs, ...columns] as uPlot.AlignedData, series, bands };
}

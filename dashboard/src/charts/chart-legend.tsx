import type uPlot from 'uplot';
import { num, when } from '../lib/format.js';
import type { ChartAxis } from './chart-options.js';
import type { Curve, PlotSeries, SeriesRole } from './plot-data.js';

/*
 * The legend under a chart: every curve's colour and whole name (entries wrap onto more lines and a name longer than
 * the chart is wide wraps within its entry: never cut) and its value at the cursor, or its last value when the cursor
 * is elsewhere. A gap at the cursor reads '–'.
 */

type Values = Partial<Record<SeriesRole, number | null>>;

/** The values the legend shows: at the cursor's x (null: the curves' last values). */
export interface Readout {
  x: number | null;
  values: Map<string, Values>;
}

/** Each curve's values at uPlot's cursor (its nearest point to the cursor, as uPlot picks it); null when off the chart. */
export function readCursor(u: uPlot, series: readonly PlotSeries[]): Readout | null {
  const idx = u.cursor.idx;
  if (idx === null || idx === undefined || (u.cursor.left ?? -1) < 0) return null;
  const values = new Map<string, Values>();
  series.forEach((s, i) => {
    const at = u.cursor.idxs?.[i + 1];
    const v = at === null || at === undefined ? null : (u.data[i + 1][at] ?? null);
    values.set(s.key, { ...values.get(s.key), [s.role]: v });
  });
  return { x: u.data[0][idx] ?? null, values };
}

/** Each curve's last drawn values. */
export function lastValues(curves: readonly Curve[]): Readout {
  const values = new Map<string, Values>();
  for (const c of curves) {
    let i = c.line.length - 1;
    while (i >= 0 && c.line[i] === null) i--;
    if (i < 0) continue;
    const v: Values = { line: c.line[i] };
    if (c.raw) v.raw = c.raw[i];
    if (c.min && c.max) [v.min, v.max] = [c.min[i], c.max[i]];
    values.set(c.key, v);
  }
  return { x: null, values };
}

export interface LegendItem {
  key: string;
  label: string;
  color: string;
  /** Below the name, e.g. a group's member count. */
  detail?: string;
}

function xText(axis: ChartAxis, x: number): string {
  return axis === 'time' ? when(new Date(x * 1000).toISOString()) : `${axis} ${num(x, 6)}`;
}

function valueText(v: Values, extra: 'raw' | 'range'): { value: string; extra: string | null } {
  const value = num(v.line);
  if (extra === 'raw' && v.raw !== undefined) return { value, extra: `raw ${num(v.raw)}` };
  if (extra === 'range' && v.min !== undefined && v.max !== undefined && v.min !== null)
    return { value, extra: `${num(v.min)} – ${num(v.max)}` };
  return { value, extra: null };
}

export function ChartLegend(props: {
  items: readonly LegendItem[];
  readout: Readout;
  axis: ChartAxis;
  /** Beside each value: the raw value of a smoothed line, or a group's min–max range. */
  extra: 'raw' | 'range';
  label: string;
}) {
  const { readout } = props;
  // Room for a second number (a raw value, a group's range) or a member count beside each name.
  const wide = props.items.some((i) => i.detail) || [...readout.values.values()].some((v) => valueText(v, props.extra).extra);
  return (
    <div class={`chart-legend${wide ? ' wide' : ''}`}>
      <p class="legend-at">{readout.x === null ? 'Last values' : `At ${xText(props.axis, readout.x)}`}</p>
      <ul aria-label={props.label}>
        {props.items.map((item) => {
          const v = readout.values.get(item.key);
          const shown = v ? valueText(v, props.extra) : { value: '–', extra: null };
          return (
            <li key={item.key} title={item.detail ? `${item.label} (${item.detail})` : item.label}>
              <span class="swatch" style={{ background: item.color }} aria-hidden="true" />
              <span class="legend-name">{item.label}</span>
              {item.detail ? <span class="legend-detail">{item.detail}</span> : null}
              <span class="legend-value" data-key={item.key}>
                {shown.value}
                {shown.extra ? <small>{shown.extra}</small> : null}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

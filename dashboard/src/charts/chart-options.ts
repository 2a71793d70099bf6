import type uPlot from 'uplot';
import { withAlpha } from '../lib/colors.js';
import { num } from '../lib/format.js';
import { cssVar } from '../lib/theme.js';
import type { PlotSeries } from './plot-data.js';

/*
 * uPlot options of a chart: one series per curve and role (a band's max and min, a faint raw line, the line), axes
 * and grid in the theme's colours with numbers through num(), a log y scale on demand, and the cursor: drag along x
 * to zoom (the chart reports the range, the URL keeps it), double-click to reset, the cursor synced across charts.
 */

export type ChartAxis = 'epoch' | 'step' | 'time';

export interface ChartShape {
  series: readonly PlotSeries[];
  bands: readonly [number, number][];
  axis: ChartAxis;
  log: boolean;
}

export interface ChartEvents {
  /** The x range dragged over. */
  zoom(range: [number, number]): void;
  /** A double-click: back to everything. */
  reset(): void;
  /** The cursor moved (the legend reads u.cursor). */
  cursor(u: uPlot): void;
  /** uPlot drew the chart. */
  drawn(u: uPlot): void;
  /** The x range to show for the data's [min, max] (the zoom, when there is one). */
  xRange(min: number, max: number): [number, number];
}

/** Nice whole-number steps for epoch and step ticks: 1, 2, 5, 10, 20, 50... */
const WHOLE_INCREMENTS = Array.from({ length: 10 }, (_, e) => [1, 2, 5].map((m) => m * 10 ** e)).flat();

/** Tick labels through num(); a tick uPlot leaves unlabelled (a log scale's minor ones) stays blank. */
const formatTicks = (_u: uPlot, splits: (number | null)[]) => splits.map((v) => (v === null ? '' : num(v)));

/** Room for the y axis's longest label (about 7 px a character at 12 px) and its ticks. */
const yAxisSize = (_u: uPlot, values: string[] | null) => (values ? Math.max(...values.map((v) => v.length), 3) * 7 + 16 : 40);

/** The hover dot of a line (none for bands and raw lines). */
function cursorDot(): HTMLElement {
  const dot = document.createElement('div');
  dot.style.width = dot.style.height = '7px';
  dot.style.marginLeft = dot.style.marginTop = '-3.5px';
  dot.style.borderWidth = '2px';
  return dot;
}

function seriesOptions(s: PlotSeries): uPlot.Series {
  const base = { label: `${s.label} (${s.role})`, spanGaps: false, scale: 'y' };
  if (s.role === 'line') return { ...base, label: s.label, stroke: s.color, width: 1.5, points: s.dense ? { show: false } : { size: 4 } };
  if (s.role === 'raw') return { ...base, stroke: withAlpha(s.color, 0.3), width: 1, points: { show: false } };
  return { ...base, stroke: 'transparent', width: 0, points: { show: false } };
}

export function chartOptions(shape: ChartShape, events: ChartEvents, height: number, syncKey: string): Omit<uPlot.Options, 'width'> {
  const axis = cssVar('--axis');
  const grid = cssVar('--grid');
  const lineAt = new Set(shape.series.flatMap((s, i) => (s.role === 'line' ? [i + 1] : [])));
  const colorOfBand = (max: number) => withAlpha(shape.series[max - 1].color, 0.16);
  const axisLook = {
    stroke: axis,
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1 },
    font: '12px system-ui, sans-serif',
  };
  return {
    height,
    legend: { show: false },
    scales: {
      x: { time: shape.axis === 'time', range: (_u, min, max) => events.xRange(min, max) },
      y: shape.log ? { distr: 3, log: 10 } : {},
    },
    series: [{ label: shape.axis }, ...shape.series.map(seriesOptions)],
    bands: shape.bands.map(([max, min]) => ({ series: [max, min] as [number, number], fill: colorOfBand(max) })),
    axes: [
      {
        ...axisLook,
        label: shape.axis === 'time' ? undefined : shape.axis,
        labelSize: 18,
        labelFont: '12px system-ui, sans-serif',
        ...(shape.axis === 'time' ? {} : { values: formatTicks, incrs: WHOLE_INCREMENTS }),
      },
      { ...axisLook, values: formatTicks, size: yAxisSize },
    ],
    cursor: {
      drag: { x: true, y: false, setScale: false, dist: 3 },
      sync: { key: syncKey, filters: { pub: (type) => type === 'mousemove' } },
      points: { show: (_u, i) => (lineAt.has(i) ? cursorDot() : (undefined as unknown as HTMLElement)) },
      bind: {
        dblclick: () => () => {
          events.reset();
          return null;
        },
      },
    },
    hooks: {
      setSelect: [
        (u) => {
          const { left, width } = u.select;
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          if (width < 3) return;
          const from = u.posToVal(left, 'x');
          const to = u.posToVal(left + width, 'x');
          if (to > from) events.zoom([from, to]);
        },
      ],
      setCursor: [(u) => events.cursor(u)],
      draw: [(u) => events.drawn(u)],
    },
  };
}

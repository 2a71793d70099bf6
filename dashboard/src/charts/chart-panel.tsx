import type uPlot from 'uplot';
import type { RefObject } from 'preact';
import { useMemo, useRef, useState } from 'preact/hooks';
import { mark } from '../lib/perf.js';
import { useTheme } from '../lib/theme.js';
import { navigate } from '../lib/url-state.js';
import { ChartLegend, lastValues, readCursor, type LegendItem, type Readout } from './chart-legend.js';
import type { ChartAxis } from './chart-options.js';
import { alignCurves, type Curve } from './plot-data.js';
import { UplotChart } from './uplot-chart.js';

/*
 * A chart's panel: its title, the uPlot canvas (role img, named), what it could not draw (notes), and the legend with
 * the values at the cursor. Exposes what it drew as data-* attributes (the tests and the browser benchmark read them)
 * and marks `chart-drawn` after each draw of new data.
 */

export const CHART_HEIGHT = 260;
/** Every chart of the page shares the cursor. */
const SYNC_KEY = 'metric-charts';

/** What a chart draws and says (see run-curves and group-curves). */
export interface ChartModel {
  curves: Curve[];
  notes: readonly string[];
  /** The points drawn (before bucketing). */
  points: number;
  /** Some curve is drawn as a band. */
  band: boolean;
  /** Time spent preparing the curves (ms), added to the draw time of the mark. */
  prepMs: number;
}

/** How the chart is looked at: its x axis, y scale, smoothing and the zoomed x range (null: everything). */
export interface ChartView {
  axis: ChartAxis;
  log: boolean;
  smooth: number;
  zoom: [number, number] | null;
  /** A drag zooms (the URL's zoom is in this chart's x axis). */
  zoomable: boolean;
}

export interface ChartPanelProps {
  title: string;
  canvasRef: RefObject<HTMLDivElement | null>;
  width: number;
  model: ChartModel;
  view: ChartView;
  status: { loading: boolean; error: string | null; fetches: number; retry(): void };
  legend: { items: readonly LegendItem[]; extra: 'raw' | 'range' };
  ariaLabel: string;
}

const zoomIn = (range: [number, number]) => navigate({ zoom: range }, { replace: true });
const unzoom = () => navigate({ zoom: null }, { replace: true });

export function ChartPanel(props: ChartPanelProps) {
  const { model, view, status } = props;
  const theme = useTheme();
  const plot = useMemo(() => alignCurves(model.curves), [model.curves]);
  const [xRange, setXRange] = useState<[number, number] | null>(null);
  const [readout, setReadout] = useState<Readout | null>(null);
  const frame = useRef<number | null>(null);
  const shapeKey = JSON.stringify([plot.series.map((s) => [s.key, s.role, s.color, s.dense]), view.axis, view.log, theme]);
  const shape = useMemo(
    () => ({ series: plot.series, bands: plot.bands, axis: view.axis, log: view.log }),
    [shapeKey], // the key is the shape
  );

  const onCursor = (u: uPlot) => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      setReadout(readCursor(u, plot.series));
    });
  };
  const onDrawn = (ms: number | null, u: uPlot) => {
    const { min, max } = u.scales.x;
    if (min !== undefined && max !== undefined && (xRange?.[0] !== min || xRange?.[1] !== max)) setXRange([min, max]);
    if (ms !== null && model.points > 0)
      mark('chart-drawn', { metric: props.title, runs: model.curves.length, points: model.points, ms: ms + model.prepMs, drawMs: ms });
  };

  // What the chart drew, for the tests and the benchmark.
  const attrs = Object.fromEntries(
    Object.entries({
      metric: props.title,
      series: model.curves.length,
      points: model.points,
      'x-min': xRange?.[0] ?? '',
      'x-max': xRange?.[1] ?? '',
      smooth: view.smooth,
      log: view.log,
      fetches: status.fetches,
      band: model.band,
      raw: plot.series.filter((s) => s.role === 'raw').length,
      gaps: model.curves.reduce((n, c) => n + c.line.filter((y) => y === null).length, 0),
      loading: status.loading,
    }).map(([k, v]) => [`data-${k}`, String(v)]),
  );
  const titleId = `chart-${props.title.replace(/[^\w-]/g, '_')}`;
  return (
    <section class="chart-panel" aria-labelledby={titleId}>
      <h3 id={titleId} title={props.title}>
        {props.title}
      </h3>
      <div class="chart-canvas" ref={props.canvasRef} role="img" aria-label={props.ariaLabel} {...attrs}>
        <UplotChart
          shape={shape}
          shapeKey={shapeKey}
          data={plot.data}
          width={props.width}
          height={CHART_HEIGHT}
          zoom={view.zoom}
          syncKey={SYNC_KEY}
          onZoom={(range) => view.zoomable && zoomIn(range)}
          onReset={unzoom}
          onCursor={onCursor}
          onDrawn={onDrawn}
        />
        {status.loading ? <p class="chart-overlay">Loading…</p> : null}
        {!status.loading && !status.error && model.curves.length === 0 ? <p class="chart-overlay">Nothing to draw</p> : null}
      </div>
      {status.error ? (
        <p class="chart-error" role="alert">
          {status.error}{' '}
          <button type="button" onClick={status.retry}>
            Retry
          </button>
        </p>
      ) : null}
      {!status.loading && model.notes.length ? (
        <ul class="chart-notes">
          {model.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      <ChartLegend
        items={props.legend.items}
        readout={readout ?? lastValues(model.curves)}
        axis={view.axis}
        extra={props.legend.extra}
        label={`${props.title}: values`}
      />
    </section>
  );
}

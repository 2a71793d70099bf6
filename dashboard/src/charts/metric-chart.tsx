import { useEffect, useMemo, useRef } from 'preact/hooks';
import { errorText } from '../lib/errors.js';
import type { ViewState } from '../lib/url-state.js';
import { ChartPanel } from './chart-panel.js';
import { runCurves, type CurveRun } from './run-curves.js';
import { stepRange } from './series-data.js';
import { useMetricSeries } from './use-metric-series.js';
import { useWidth } from './use-width.js';

/** Room the y axis takes from the plot (its columns are the rest, 2 px each). */
const Y_AXIS_ROOM = 60;
/** A zoom is fetched in detail once the drag has settled this long. */
const REFINE_AFTER_MS = 150;

function listedNames(runs: readonly CurveRun[]): string {
  const names = runs.map((r) => r.name);
  return names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`;
}

/** One metric of the runs, overlaid: fetched at the chart's width, zoomed range refetched in detail, appended live. */
export function MetricChart(props: { name: string; runs: readonly CurveRun[]; live: ReadonlySet<string> | null; state: ViewState }) {
  const { name, runs, state } = props;
  const [canvasRef, width] = useWidth<HTMLDivElement>();
  const ids = useMemo(() => runs.map((r) => r.id), [runs]);
  const data = useMetricSeries(name, ids, props.live, width);
  const legend = useMemo(() => runs.map((r) => ({ key: r.id, label: r.name, color: r.color })), [runs]);
  const columns = Math.max(1, Math.floor((width - Y_AXIS_ROOM) / 2));
  const prepMs = useRef(0);
  const model = useMemo(() => {
    const started = performance.now();
    const m = runCurves(runs, data.series(), { axis: state.x, smooth: state.smooth, log: state.log, zoom: state.zoom, columns });
    prepMs.current = performance.now() - started;
    return m;
  }, [data, data.version, runs, state.x, state.smooth, state.log, state.zoom, columns]);

  // A zoomed step range of the downsampled series, fetched again at the chart's width: the detail appears.
  const lines = useRef(model.lines);
  lines.current = model.lines;
  const [zoomLo, zoomHi] = state.zoom ?? [null, null];
  useEffect(() => {
    if (zoomLo === null || zoomHi === null) {
      data.unzoom();
      return;
    }
    const timer = setTimeout(() => {
      const downsampled = data.downsampledRuns();
      let from = Infinity;
      let to = -Infinity;
      for (const id of downsampled) {
        const line = lines.current.get(id);
        const range = line ? stepRange(line, zoomLo, zoomHi) : null;
        if (range) [from, to] = [Math.min(from, range[0]), Math.max(to, range[1])];
      }
      if (from <= to) void data.refine(downsampled, from, to, width);
    }, REFINE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [data, data.loaded, zoomLo, zoomHi, state.x]);

  return (
    <ChartPanel
      title={name}
      canvasRef={canvasRef}
      width={width}
      model={{ ...model, prepMs: prepMs.current }}
      view={{ axis: state.x, log: state.log, smooth: state.smooth, zoom: state.zoom, zoomable: true }}
      status={{
        loading: !data.loaded,
        error: data.error ? `${name} could not be read: ${errorText(data.error)}` : null,
        fetches: data.fetches,
        retry: () => void data.load(width),
      }}
      legend={{ items: legend, extra: 'raw' }}
      ariaLabel={`Chart of ${name} by ${state.x === 'time' ? 'wall time' : state.x} for ${runs.length} run${runs.length === 1 ? '' : 's'}: ${listedNames(runs)}`}
    />
  );
}

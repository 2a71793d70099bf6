import './charts.css';
import { useMemo } from 'preact/hooks';
import { MAX_OVERLAID } from '../lib/colors.js';
import { DEFAULT_METRICS, useViewState, type XAxis } from '../lib/url-state.js';
import { ChartToolbar } from './chart-toolbar.js';
import { MetricChart } from './metric-chart.js';
import { useRunMetrics } from './run-metrics.js';

export { GroupCurves } from './group-curves.js';

/** A run drawn on the charts: its id, name (legend, cursor) and colour (its place in the selection). */
export interface ChartRun {
  id: string;
  name: string;
  color: string;
}

const RUN_AXES: readonly XAxis[] = ['epoch', 'step', 'time'];

/**
 * The charts of some runs: a toolbar (metrics chosen from the runs' metric names, x axis epoch/step/time, EMA smoothing,
 * log scale, zoom reset) and one uPlot chart per chosen metric, the runs overlaid (at most MAX_OVERLAID) in their
 * colours. Settings live in the URL (metrics, x, smooth, log, zoom).
 */
export function MetricCharts(props: { runs: ChartRun[] }) {
  const state = useViewState();
  const key = props.runs.map((r) => `${r.id}:${r.name}:${r.color}`).join('|');
  const runs = useMemo(() => props.runs.slice(0, MAX_OVERLAID), [key]);
  const info = useRunMetrics(useMemo(() => runs.map((r) => r.id), [runs]));
  // The chosen metrics the runs have; all chosen ones when the names could not be read (each chart says what it finds).
  const charted = info.names ? state.metrics.filter((m) => info.names?.includes(m)) : info.problem ? state.metrics : [];
  const offered = info.names ?? [...new Set([...state.metrics, ...DEFAULT_METRICS])];
  return (
    <section class="metric-charts" aria-label="Metric charts">
      <ChartToolbar names={offered} state={state} axes={RUN_AXES} />
      {props.runs.length > runs.length ? (
        <p class="muted">
          The first {runs.length} of {props.runs.length} runs are drawn (at most {MAX_OVERLAID} overlaid).
        </p>
      ) : null}
      {info.problem ? <p class="muted">{info.problem}</p> : null}
      {runs.length === 0 ? (
        <p class="muted">No runs to chart: select some in the runs table.</p>
      ) : !info.names && !info.problem ? (
        <p class="muted">Reading the runs' metrics…</p>
      ) : charted.length === 0 ? (
        <p class="muted">These runs record none of the chosen metrics: pick some under Metrics.</p>
      ) : null}
      <div class="chart-grid">
        {charted.map((name) => (
          <MetricChart key={name} name={name} runs={runs} live={info.live} state={state} />
        ))}
      </div>
    </section>
  );
}

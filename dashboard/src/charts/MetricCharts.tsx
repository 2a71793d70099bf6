import type { JobFilter } from '../generated/graphql.js';

/** A run drawn on the charts: its id, name (legend, cursor) and colour (its place in the selection). */
export interface ChartRun {
  id: string;
  name: string;
  color: string;
}

/**
 * The charts of some runs: a toolbar (metrics chosen from the runs' metric names, x axis epoch/step/time, EMA smoothing,
 * log scale) and one uPlot chart per chosen metric, the runs overlaid. Settings live in the URL (metrics, x, smooth, log, zoom).
 * Being built in issue 19 (charts/): this placeholder keeps the views that use it compiling.
 */
export function MetricCharts(props: { runs: ChartRun[] }) {
  return <div class="metric-charts" data-runs={props.runs.length} />;
}

/** Per group of the matching runs (groupSeries), the mean curve of each chosen metric with a min-max band. */
export function GroupCurves(props: { filter: JobFilter | null; query: string | null; by: string[] }) {
  return (
    <div class="group-curves" data-by={props.by.join(',')} data-query={props.query ?? ''} data-filter={JSON.stringify(props.filter)} />
  );
}

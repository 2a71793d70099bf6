import type { TargetResult } from '../report';
import { quantile } from '../stats';
import type { UiRun } from './ui-run';

/** Issue 19's browser targets: the table's first render, a search to its rows drawn, 20 long runs drawn on one chart. */
export const UI_FIRST_RENDER_MS = 1000;
export const UI_SEARCH_MS = 300;
export const UI_CHART_DRAW_MS = 200;
/** Rows a virtualised table keeps in the DOM at most (a screenful and the overscan), whatever the number of runs. */
const MAX_ROWS_IN_DOM = 200;

const median = (values: readonly number[]) =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
const list = (values: readonly number[]) => values.map((v) => v.toFixed(0)).join(', ');

/** The UI run's targets: answers and the virtualised table gate; the times are printed met or missed. */
export function uiTargets(run: UiRun): TargetResult[] {
  const expectedTotal = run.jobs + run.seed.stepRuns;
  const firstRender = median(run.loads.map((l) => l.firstRenderMs));
  const search = median(run.searches.map((s) => s.ms));
  const draw = median(run.charts.map((c) => c.ms));
  const maxRows = Math.max(...run.loads.map((l) => l.rowsInDom));
  return [
    {
      id: 'UI',
      kind: 'gate',
      target: `the runs table shows all ${expectedTotal} runs with at most ${MAX_ROWS_IN_DOM} rows in the DOM, and the page reports no error`,
      measured: `totals ${[...new Set(run.loads.map((l) => l.total))].join(', ')}; at most ${maxRows} rows in the DOM; ${run.problems.length ? `errors: ${run.problems.slice(0, 3).join('; ')}` : 'no page error'}`,
      pass: run.loads.every((l) => l.total === expectedTotal) && maxRows > 0 && maxRows <= MAX_ROWS_IN_DOM && run.problems.length === 0,
    },
    {
      id: 'UI',
      kind: 'gate',
      target: `the train_loss chart draws all ${run.seed.stepRuns} runs`,
      measured: `runs drawn ${[...new Set(run.charts.map((c) => c.runs))].join(', ')}, points drawn ${[...new Set(run.charts.map((c) => c.points))].join(', ')}`,
      pass: run.charts.length > 0 && run.charts.every((c) => c.runs === run.seed.stepRuns && c.points > 0),
    },
    {
      id: 'UI',
      kind: 'timing',
      target: `runs table first render (${run.jobs.toLocaleString('en-US')} jobs) p50 <= ${UI_FIRST_RENDER_MS} ms`,
      measured: `${firstRender.toFixed(0)} ms (loads: ${list(run.loads.map((l) => l.firstRenderMs))})`,
      pass: firstRender <= UI_FIRST_RENDER_MS,
    },
    {
      id: 'UI',
      kind: 'timing',
      target: `search to rendered p50 <= ${UI_SEARCH_MS} ms`,
      measured: `${search.toFixed(0)} ms (searches: ${list(run.searches.map((s) => s.ms))})`,
      pass: search <= UI_SEARCH_MS,
    },
    {
      id: 'UI',
      kind: 'timing',
      target: `${run.seed.stepRuns} runs x ${run.seed.stepPoints.toLocaleString('en-US')}-point train_loss drawn p50 <= ${UI_CHART_DRAW_MS} ms`,
      measured: `${draw.toFixed(0)} ms (loads: ${list(run.charts.map((c) => c.ms))})`,
      pass: draw <= UI_CHART_DRAW_MS,
    },
  ];
}

/** The UI run's facts beside its targets: the page's heap, the seeding. */
export function uiNotes(run: UiRun): string[] {
  const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
  return [
    `UI: page JS heap after the runs table ${mb(run.heap.tableBytes)}, after the 20-run chart ${mb(run.heap.chartBytes)} (after a garbage collection)`,
    `UI: seeded ${run.jobs} jobs (${run.seed.items} items) in ${run.seed.seconds.toFixed(1)} s; logged ${run.seed.stepRuns} x ${run.seed.stepPoints} train_loss points through logMetrics in ${run.seed.stepSeconds.toFixed(1)} s`,
    ...run.searches.map((s) => `UI: search ${JSON.stringify(s.query)}: ${s.total ?? '?'} runs, ${s.ms.toFixed(0)} ms to rendered`),
  ];
}

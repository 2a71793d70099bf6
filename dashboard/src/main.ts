import { ApiError, apiKey, request, setApiKey } from './api.js';
import { PALETTE, renderLineChart, type Series } from './chart.js';
import { DashboardCurvesDocument, DashboardJobDocument, DashboardJobsDocument, DashboardLeaderboardDocument, type DashboardJobsQuery } from './generated/graphql.js';
import { renderHeatmap } from './heatmap.js';

/*
 * The built-in dashboard: jobs by status with their best val_f1, the leaderboard, val_f1 and eval_loss curves of the
 * selected jobs overlaid on one chart (two axes), and the focused job's per-label F1 heat map, dataset statistics and results. It reads
 * the public GraphQL API only, with the typed documents generated from dashboard/operations.graphql.
 */

type Job = DashboardJobsQuery['jobs']['edges'][number]['node'];

const state = { jobs: [] as Job[], selected: new Set<string>(), focused: null as string | null };

const $ = <T extends Element>(selector: string) => document.querySelector(selector) as T;
const text = (tag: string, content: string, className?: string) => Object.assign(document.createElement(tag), { textContent: content, ...(className ? { className } : {}) });
const fmt = (n: number | null | undefined, digits = 4) => (n === null || n === undefined ? '-' : Number(n.toFixed(digits)).toString());

function showError(error: unknown): void {
  const box = $<HTMLElement>('#error');
  if (error instanceof ApiError && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN')) {
    $<HTMLElement>('#key-form').hidden = false;
    box.textContent = 'This server needs an API key with the reader role.';
  } else box.textContent = error instanceof Error ? error.message : String(error);
  box.hidden = false;
}

function renderJobs(): void {
  const status = $<HTMLSelectElement>('#status-filter').value;
  const body = $<HTMLTableSectionElement>('#jobs tbody');
  body.replaceChildren();
  for (const job of state.jobs.filter((j) => !status || j.status === status)) {
    const row = body.insertRow();
    row.dataset.job = job.id;
    if (job.id === state.focused) row.className = 'focused';
    const box = Object.assign(document.createElement('input'), { type: 'checkbox', checked: state.selected.has(job.id), className: 'select-job' });
    box.addEventListener('change', () => {
      if (box.checked) state.selected.add(job.id);
      else state.selected.delete(job.id);
      void loadCurves().catch(showError);
    });
    row.insertCell().append(box);
    const name = Object.assign(document.createElement('button'), { textContent: job.name, className: 'link' });
    name.addEventListener('click', () => void focus(job.id));
    row.insertCell().append(name);
    row.insertCell().append(text('span', job.status.toLowerCase(), `status ${job.status.toLowerCase()}`));
    row.insertCell().textContent = fmt(job.bestEpoch?.valF1);
    row.insertCell().textContent = job.bestEpoch ? String(job.bestEpoch.epoch) : '-';
  }
}

async function loadLeaderboard(): Promise<void> {
  const { leaderboard } = await request(DashboardLeaderboardDocument, { first: 10 });
  const body = $<HTMLTableSectionElement>('#leaderboard tbody');
  body.replaceChildren();
  for (const entry of leaderboard) {
    const row = body.insertRow();
    for (const cell of [String(entry.rank), entry.job?.name ?? entry.jobId, fmt(entry.value), entry.epoch === null ? '-' : String(entry.epoch)]) row.insertCell().textContent = cell;
  }
}

/** The metrics the chart overlays: val_f1 against the left axis, eval_loss (dashed) against the right one. */
const CURVES: { metric: string; axis: 'left' | 'right' }[] = [
  { metric: 'val_f1', axis: 'left' },
  { metric: 'eval_loss', axis: 'right' },
];

async function loadCurves(): Promise<void> {
  const ids = state.jobs.filter((j) => state.selected.has(j.id)).map((j) => j.id);
  const svg = $<SVGSVGElement>('#curves');
  if (ids.length === 0) {
    renderLineChart(svg, []);
    return;
  }
  const colour = new Map(ids.map((id, i) => [id, PALETTE[i % PALETTE.length]]));
  const answers = await Promise.all(CURVES.map((c) => request(DashboardCurvesDocument, { name: c.metric, ids })));
  const series: Series[] = CURVES.flatMap((c, k) =>
    answers[k].compareMetric.map((s) => ({
      id: s.jobId,
      label: s.job?.name ?? s.jobId,
      metric: c.metric,
      axis: c.axis,
      colour: colour.get(s.jobId) ?? PALETTE[0],
      points: s.points.filter((p) => p.value !== null).map((p) => ({ x: p.epoch ?? p.step ?? 0, y: p.value as number })),
    })),
  );
  renderLineChart(svg, series);
}

async function focus(id: string): Promise<void> {
  state.focused = id;
  renderJobs();
  const { job } = await request(DashboardJobDocument, { id });
  $<HTMLElement>('#job-title').textContent = job ? `${job.name} (${job.status.toLowerCase()})` : 'job not found';
  renderHeatmap($<HTMLTableElement>('#heatmap'), job?.labelMetrics ?? []);
  const stats = $<HTMLTableSectionElement>('#dataset tbody');
  stats.replaceChildren();
  for (const m of job?.datasetMetrics ?? []) {
    const row = stats.insertRow();
    for (const cell of [m.name, fmt(m.value), m.unit ?? '']) row.insertCell().textContent = cell;
  }
  const results = $<HTMLDListElement>('#results');
  results.replaceChildren();
  const r = job?.results;
  const entries: [string, string][] = r
    ? [
        ['best F1', fmt(r.bestF1)],
        ['best epoch', r.bestEpoch === null ? '-' : String(r.bestEpoch)],
        ['train runtime (s)', fmt(r.trainRuntime, 1)],
        ['total FLOPs', r.totalFlos === null ? '-' : r.totalFlos.toExponential(3)],
        ['early stopping', r.earlyStoppingTriggered === null ? '-' : r.earlyStoppingTriggered ? 'yes' : 'no'],
        ['best checkpoint', r.bestCheckpointS3Path ?? '-'],
      ]
    : [['results', 'not finalized yet']];
  for (const [k, v] of entries) results.append(text('dt', k), text('dd', v));
}

async function load(): Promise<void> {
  $<HTMLElement>('#error').hidden = true;
  try {
    const { jobs } = await request(DashboardJobsDocument, { first: 100 });
    state.jobs = jobs.edges.map((e) => e.node);
    if (state.selected.size === 0) for (const j of state.jobs.slice(0, 3)) state.selected.add(j.id);
    renderJobs();
    await Promise.all([loadLeaderboard(), loadCurves(), state.jobs.length ? focus(state.focused ?? state.jobs[0].id) : Promise.resolve()]);
    document.body.dataset.loaded = 'true';
  } catch (error) {
    showError(error);
  }
}

$<HTMLSelectElement>('#status-filter').addEventListener('change', renderJobs);
$<HTMLButtonElement>('#refresh').addEventListener('click', () => void load());
$<HTMLFormElement>('#key-form').addEventListener('submit', (e) => {
  e.preventDefault();
  setApiKey($<HTMLInputElement>('#key').value.trim());
  $<HTMLElement>('#key-form').hidden = true;
  void load();
});
if (apiKey()) $<HTMLInputElement>('#key').value = apiKey() ?? '';
void load();

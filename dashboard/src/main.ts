import { ApiError, apiKey, request, setApiKey } from './api.js';
import { PALETTE, renderLineChart, type Series } from './chart.js';
import { coalesce } from './coalesce.js';
import {
  DashboardCurvesDocument,
  DashboardJobDocument,
  DashboardJobsDocument,
  DashboardLeaderboardDocument,
  type DashboardJobRowFragment,
  type DashboardResultsFragment,
  type JobStatus,
} from './generated/graphql.js';
import { renderHeatmap, type LabelCell } from './heatmap.js';
import { LiveUpdates, type LiveState } from './live.js';
import { MergedItems } from './merged-items.js';

/*
 * The built-in dashboard: jobs by status with their best val_f1, the leaderboard, val_f1 and eval_loss curves of the
 * selected jobs overlaid on one chart (two axes), and the focused job's per-label F1 heat map, dataset statistics and results. It reads
 * the public GraphQL API only, with the typed documents generated from dashboard/operations.graphql, and keeps itself
 * up to date through the API's subscriptions (live.ts).
 */

type Job = DashboardJobRowFragment;

const state = { jobs: [] as Job[], selected: new Set<string>(), focused: null as string | null };
/** Curve points by `<job id> <metric>` and per-label F1 by job id, as queries and live epochs deliver them. */
const points = new MergedItems<Series['points'][number]>((p) => String(p.x));
const cells = new MergedItems<LabelCell>((c) => `${c.label}\u0000${c.epoch}`);

const $ = <T extends Element>(selector: string) => document.querySelector(selector) as T;
const text = (tag: string, content: string, className?: string) =>
  Object.assign(document.createElement(tag), { textContent: content, ...(className ? { className } : {}) });
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
    const box = Object.assign(document.createElement('input'), {
      type: 'checkbox',
      checked: state.selected.has(job.id),
      className: 'select-job',
    });
    box.addEventListener('change', () => {
      if (box.checked) state.selected.add(job.id);
      else state.selected.delete(job.id);
      watchShown();
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
    for (const cell of [
      String(entry.rank),
      entry.job?.name ?? entry.jobId,
      fmt(entry.value),
      entry.epoch === null ? '-' : String(entry.epoch),
    ])
      row.insertCell().textContent = cell;
  }
}

/** The metrics the chart overlays: val_f1 against the left axis, eval_loss (dashed) against the right one. */
const CURVES: { metric: string; field: 'valF1' | 'evalLoss'; axis: 'left' | 'right' }[] = [
  { metric: 'val_f1', field: 'valF1', axis: 'left' },
  { metric: 'eval_loss', field: 'evalLoss', axis: 'right' },
];

const selectedJobs = () => state.jobs.filter((j) => state.selected.has(j.id));

function renderCurves(): void {
  const jobs = selectedJobs();
  const series: Series[] = CURVES.flatMap((c) =>
    jobs.map((job, i) => ({
      id: job.id,
      label: job.name,
      metric: c.metric,
      axis: c.axis,
      colour: PALETTE[i % PALETTE.length],
      points: points.get(`${job.id} ${c.metric}`),
    })),
  );
  renderLineChart(
    $<SVGSVGElement>('#curves'),
    series.filter((s) => s.points.length > 0),
  );
}

async function loadCurves(): Promise<void> {
  const ids = selectedJobs().map((j) => j.id);
  const answers = ids.length ? await Promise.all(CURVES.map((c) => request(DashboardCurvesDocument, { name: c.metric, ids }))) : [];
  answers.forEach((answer, k) => {
    for (const s of answer.compareMetric) {
      points.add(
        `${s.jobId} ${CURVES[k].metric}`,
        s.points.filter((p) => p.value !== null).map((p) => ({ x: p.epoch ?? p.step ?? 0, y: p.value as number })),
      );
    }
  });
  renderCurves();
}

function renderJobSummary(job: { name: string; status: JobStatus; results: DashboardResultsFragment | null } | null): void {
  $<HTMLElement>('#job-title').textContent = job ? `${job.name} (${job.status.toLowerCase()})` : 'job not found';
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

const renderFocusedHeatmap = () => renderHeatmap($<HTMLTableElement>('#heatmap'), state.focused ? cells.get(state.focused) : []);

async function focus(id: string): Promise<void> {
  state.focused = id;
  renderJobs();
  watchShown();
  const { job } = await request(DashboardJobDocument, { id });
  if (state.focused !== id) return; // another job was clicked meanwhile
  renderJobSummary(job);
  cells.add(id, job?.labelMetrics ?? []);
  renderFocusedHeatmap();
  const stats = $<HTMLTableSectionElement>('#dataset tbody');
  stats.replaceChildren();
  for (const m of job?.datasetMetrics ?? []) {
    const row = stats.insertRow();
    for (const cell of [m.name, fmt(m.value), m.unit ?? '']) row.insertCell().textContent = cell;
  }
}

async function loadJobs(): Promise<void> {
  const { jobs } = await request(DashboardJobsDocument, { first: 100 });
  state.jobs = jobs.edges.map((e) => e.node);
  if (state.selected.size === 0) for (const j of state.jobs.slice(0, 3)) state.selected.add(j.id);
  renderJobs();
}

/** Reads all the page shows; then (re)opens live updates, unless they asked for this read (they are open then). */
async function load(openLive = true): Promise<void> {
  $<HTMLElement>('#error').hidden = true;
  try {
    await loadJobs();
    watchShown();
    await Promise.all([loadLeaderboard(), loadCurves(), state.jobs.length ? focus(state.focused ?? state.jobs[0].id) : Promise.resolve()]);
    if (openLive) live.start();
    document.body.dataset.loaded = 'true';
  } catch (error) {
    showError(error);
  }
}

const LIVE_TEXT: Record<LiveState, string> = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
  offline: 'not live',
  forbidden: 'not live',
};

function showLive(live: LiveState, detail?: string): void {
  const badge = $<HTMLElement>('#live');
  const title = !detail ? '' : live === 'reconnecting' ? `${detail} (reconnecting by itself)` : `${detail} (Refresh to try again)`;
  Object.assign(badge, { hidden: false, textContent: LIVE_TEXT[live], title });
  badge.dataset.state = live;
  if (live === 'forbidden') showError(new ApiError(detail ?? 'forbidden', 'FORBIDDEN'));
}

// A burst of events (epochs of many jobs, a reconnection) costs one refetch of what they change.
const reloadSoon = coalesce(() => void load(false), 300);
const rankingSoon = coalesce(() => void Promise.all([loadJobs(), loadLeaderboard()]).catch(showError), 1000);
const curvesSoon = coalesce(() => void loadCurves().catch(showError), 1000);

const live = new LiveUpdates({
  job(job) {
    const at = state.jobs.findIndex((j) => j.id === job.id);
    if (at >= 0) state.jobs[at] = job;
    else state.jobs.unshift(job); // newest first, as the list query orders them
    renderJobs();
    if (job.id === state.focused) renderJobSummary(job);
    if (state.focused === null) void focus(job.id).catch(showError);
    rankingSoon(); // the leaderboard shows each job's status
  },
  anyEpoch(isBest) {
    if (isBest) rankingSoon();
    // Ticked jobs beyond those live.ts follows one by one: their curves are read again instead.
    if (selectedJobs().some((j) => !live.follows(j.id))) curvesSoon();
  },
  epoch(jobId, epoch) {
    for (const c of CURVES) {
      const y = epoch[c.field];
      if (y !== null) points.add(`${jobId} ${c.metric}`, [{ x: epoch.epoch, y }]);
    }
    cells.add(jobId, epoch.labels);
    if (state.selected.has(jobId)) renderCurves();
    if (jobId === state.focused) renderFocusedHeatmap();
  },
  missed: reloadSoon,
  state: showLive,
});

/** The jobs whose epochs the page shows: the ticked ones (chart) and the focused one (heat map). */
function watchShown(): void {
  live.watch(new Set(state.focused ? [state.focused, ...state.selected] : state.selected));
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

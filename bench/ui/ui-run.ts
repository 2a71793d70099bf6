import { performance } from 'node:perf_hooks';
import { createApiKey, DASHBOARD_KEY, TRAINER_KEY } from '../api-keys';
import { BENCH_DYNAMO_TIMEOUT_MS, openDatabase } from '../database';
import { GraphqlClient } from '../graphql';
import type { BenchOptions } from '../options';
import { waitUntilReady } from '../search/readiness';
import { seedSearchJobs } from '../seed/search-items';
import { startServer } from '../server-process';
import { searchText, SR_SEARCH } from '../workloads/search';
import { UiBrowser } from './ui-browser';

/*
 * UI: the dashboard in headless Chromium against a server of its own over a DynamoDB Local of its own, with SR's jobs
 * (10,000 in a full run) and 20 runs of a step-level train_loss series logged through logMetrics (10,000 points each).
 * It reads the page's own performance marks (dashboard/src/lib/perf.ts):
 *  - the runs table's first render: `table-rendered`, ms since the page's navigation started (a fresh load each time);
 *  - search to rendered: from `search-submitted` (the search box's Enter) to the next `search-rendered`;
 *  - the chart draw: `chart-drawn` of the train_loss chart with the 20 runs (its `ms`: building and drawing the chart
 *    from the fetched points; the fetch is not in it);
 * and the page's JS heap after each view (after a garbage collection).
 */

/** Page loads timed for the first render, searches timed, chart loads timed. */
const LOADS = 5;
const SEARCHES = 6;
const CHART_LOADS = 5;
/** The most a mark may take to appear before the run gives up on it. */
const MARK_TIMEOUT_MS = 60_000;
const READY_TIMEOUT_MS = 300_000;
const POINTS_PER_CALL = 1_000;

/** Searches typed into the box, in turn: SR's search as text, and two others over the same seeded jobs. */
export const UI_SEARCHES = [
  searchText(SR_SEARCH),
  'metrics.val_f1 > 0.9 and tags.team = "ocr"',
  'config.model_name = "layoutlmv3-large" and status = FAILED',
];

export interface UiRun {
  jobs: number;
  seed: { items: number; seconds: number; stepRuns: number; stepPoints: number; stepSeconds: number };
  /** Per fresh load: the first render (ms since navigation), the rows the table says it has, the rows in the DOM. */
  loads: { firstRenderMs: number; total: number | null; rowsInDom: number }[];
  /** Per search: the query, ms from Enter to its rows drawn, the rows it found. */
  searches: { query: string; ms: number; total: number | null }[];
  /** Per chart load: the draw's ms, the runs and points drawn. */
  charts: { ms: number; runs: number; points: number }[];
  heap: { tableBytes: number; chartBytes: number };
  /** Errors the page reported (a failed request, an exception). */
  problems: string[];
}

const LOG_METRICS = `mutation($input: LogMetricsInput!) { logMetrics(input: $input) { written userErrors { code message } } }`;
const CREATE_JOB = `mutation($input: CreateJobInput!) { createJob(input: $input) { job { id } userErrors { code message } } }`;

/** Creates `runs` jobs and logs `points` train_loss points into each through the API (packed, as a trainer would). */
async function logStepRuns(trainer: GraphqlClient, runs: number, points: number): Promise<string[]> {
  const ids: string[] = [];
  for (let r = 0; r < runs; r++) {
    const created = await trainer.request<{ createJob: { job: { id: string } } }>(CREATE_JOB, {
      input: { name: `ui-bench-step-run-${String(r).padStart(2, '0')}`, status: 'RUNNING', config: { seed: r }, tags: { bench: 'ui' } },
    });
    const id = created.data.createJob.job.id;
    ids.push(id);
    for (let from = 0; from < points; from += POINTS_PER_CALL) {
      const batch = Array.from({ length: Math.min(POINTS_PER_CALL, points - from) }, (_, k) => {
        const step = from + k + 1;
        // A decaying loss with noise and a spike every 2,500 steps: something for the band to show.
        const value = 2.5 * Math.exp(-step / (points / 3)) + 0.15 + 0.05 * Math.sin(step * 0.37 + r) + (step % 2500 === 0 ? 0.8 : 0);
        return { name: 'train_loss', step, value: Number(value.toFixed(6)), epoch: Math.floor(step / (points / 10)) };
      });
      const res = await trainer.request<{ logMetrics: { written: number; userErrors: unknown[] } }>(LOG_METRICS, {
        input: { jobId: id, points: batch },
      });
      if (res.data.logMetrics.userErrors.length)
        throw new Error(`UI: logMetrics refused: ${JSON.stringify(res.data.logMetrics.userErrors)}`);
    }
  }
  return ids;
}

const detailNumber = (detail: Record<string, unknown> | null, key: string) =>
  typeof detail?.[key] === 'number' ? (detail[key] as number) : null;

export async function runUi(opts: BenchOptions, say: (msg: string) => void): Promise<UiRun> {
  say(
    `UI: starting a DynamoDB Local of its own for ${opts.uiJobs.toLocaleString('en-US')} jobs${opts.quick ? ' (quick; a full run: 10,000)' : ''}`,
  );
  const db = await openDatabase();
  try {
    const { jobs, items, seconds } = await seedSearchJobs(db, opts.uiJobs);
    say(`UI: seeded ${jobs.length} jobs: ${items} items in ${seconds.toFixed(1)} s`);
    const [readerKey, writerKey] = [
      await createApiKey(db.gateway(), 'reader', DASHBOARD_KEY),
      await createApiKey(db.gateway(), 'writer', TRAINER_KEY),
    ];
    const server = await startServer(db.endpoint, db.tableName, { DYNAMODB_TIMEOUT_MS: String(BENCH_DYNAMO_TIMEOUT_MS) });
    let browser: UiBrowser | null = null;
    try {
      await waitUntilReady(server.url, READY_TIMEOUT_MS);
      const stepStart = performance.now();
      const stepIds = await logStepRuns(new GraphqlClient(server.url, writerKey), opts.uiStepRuns, opts.uiStepPoints);
      const stepSeconds = (performance.now() - stepStart) / 1000;
      say(
        `UI: logged ${opts.uiStepRuns} runs x ${opts.uiStepPoints.toLocaleString('en-US')} train_loss points in ${stepSeconds.toFixed(1)} s`,
      );

      browser = await UiBrowser.open(server.url, readerKey);
      const problems: string[] = [];
      browser.page.on('pageerror', (e) => problems.push(e.message));
      browser.page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));

      say(`UI: the runs table's first render, ${LOADS} fresh loads`);
      const loads: UiRun['loads'] = [];
      for (let i = 0; i < LOADS; i++) {
        await browser.goto('');
        const [rendered] = await browser.waitForMarks('table-rendered', 1, MARK_TIMEOUT_MS);
        loads.push({
          firstRenderMs: rendered.startTime,
          total: detailNumber(rendered.detail, 'total'),
          rowsInDom: await browser.rowsInDom(),
        });
      }
      const tableBytes = await browser.heapUsed();

      say(`UI: search to rendered, ${SEARCHES} searches typed into the box`);
      const searches: UiRun['searches'] = [];
      for (let i = 0; i < SEARCHES; i++) {
        const query = UI_SEARCHES[i % UI_SEARCHES.length];
        const before = (await browser.marks('search-rendered')).length;
        await browser.page.fill('#search-input', query);
        await browser.page.press('#search-input', 'Enter');
        const rendered = (await browser.waitForMarks('search-rendered', before + 1, MARK_TIMEOUT_MS)).at(-1)!;
        const submitted = (await browser.marks('search-submitted')).at(-1);
        if (!submitted) throw new Error('UI: the dashboard set no search-submitted mark');
        searches.push({ query, ms: rendered.startTime - submitted.startTime, total: detailNumber(rendered.detail, 'total') });
      }

      say(`UI: ${opts.uiStepRuns} runs x ${opts.uiStepPoints.toLocaleString('en-US')}-point train_loss on one chart, ${CHART_LOADS} loads`);
      const charts: UiRun['charts'] = [];
      const isTheChart = (m: { detail: Record<string, unknown> | null }) =>
        m.detail?.metric === 'train_loss' && detailNumber(m.detail, 'runs') === stepIds.length;
      for (let i = 0; i < CHART_LOADS; i++) {
        await browser.goto(`?view=compare&sel=${stepIds.join(',')}&metrics=train_loss&x=step`);
        const [drawn] = await browser.waitForMarks('chart-drawn', 1, MARK_TIMEOUT_MS, isTheChart);
        charts.push({
          ms: detailNumber(drawn.detail, 'ms') ?? Number.NaN,
          runs: detailNumber(drawn.detail, 'runs') ?? 0,
          points: detailNumber(drawn.detail, 'points') ?? 0,
        });
      }
      const chartBytes = await browser.heapUsed();
      return {
        jobs: jobs.length,
        seed: { items, seconds, stepRuns: stepIds.length, stepPoints: opts.uiStepPoints, stepSeconds },
        loads,
        searches,
        charts,
        heap: { tableBytes, chartBytes },
        problems,
      };
    } catch (error) {
      throw new Error(`UI: ${(error as Error).message}\nUI server output:\n${server.output()}`, { cause: error });
    } finally {
      await browser?.close();
      await server.stop();
    }
  } finally {
    await db.close();
  }
}

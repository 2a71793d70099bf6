import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { createJob, epochInput, RECORD_EPOCH } from '../helpers/api';
import {
  dashboardBase,
  launchBrowser,
  openDashboard,
  saveScreenshot,
  seriousA11yViolations,
  waitUntil,
  type OpenedPage,
} from '../helpers/browser';
import { legacyJob, legacyMetric, putItems } from '../helpers/legacy-seed';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * The run page (`?view=run&run=<id>`) in headless Chromium against a real server (live events on): each panel against
 * what was seeded through the API (and, for the confusion matrix, straight into the table as the legacy writer did),
 * tag and notes edits read back from the API, the log tail following a running run without a reload, a run that does
 * not exist, and axe in both themes.
 */

const LABELS = ['ADDRESS', 'MERCHANT_NAME', 'TOTAL'];
/** Per-label F1 of each epoch; epoch 2 did not record TOTAL. */
const F1: Record<number, Record<string, number>> = {
  1: { ADDRESS: 0.41, MERCHANT_NAME: 0.55, TOTAL: 0.62 },
  2: { ADDRESS: 0.58, MERCHANT_NAME: 0.71 },
  3: { ADDRESS: 0.66, MERCHANT_NAME: 0.83, TOTAL: 0.9 },
};
const VAL_F1: Record<number, number> = { 1: 0.61, 2: 0.74, 3: 0.7 };
const CONFIG = { model_name: 'layoutlm-base', optimizer: { lr: 0.00005, name: 'adamw', betas: [0.9, 0.999] }, epochs: 3 };
/** The legacy run's confusion matrices: epoch 1, then epoch 2 (the latest, shown first). */
const CM_LABELS = ['B-TOTAL', 'B-ADDRESS', 'O'];
const CM: Record<number, number[][]> = {
  1: [
    [30, 2, 8],
    [1, 25, 14],
    [4, 6, 9000],
  ],
  2: [
    [38, 0, 2],
    [0, 33, 7],
    [1, 3, 9040],
  ],
};

const gqlOk = async (server: TestServer, query: string, variables: Record<string, unknown>) => {
  const res = await server.gql(query, variables);
  const payload = res.data ? (Object.values(res.data)[0] as { userErrors?: unknown[] }) : null;
  if (res.errors || payload?.userErrors?.length) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(res.errors ?? payload)}`);
  return res.data as Record<string, any>;
};

const APPEND_LOG = `mutation($input: AppendJobLogInput!) { appendJobLog(input: $input) { userErrors { code message } } }`;
const FINALIZE = `mutation($input: FinalizeJobInput!) { finalizeJob(input: $input) { userErrors { code message } } }`;
const SET_STATUS = `mutation($input: UpdateJobStatusInput!) { updateJobStatus(input: $input) { userErrors { code message } } }`;

const texts = (page: Page, selector: string) => page.$$eval(selector, (els) => els.map((e) => (e.textContent ?? '').trim()));

describe('the run page', () => {
  let server: TestServer;
  let browser: Browser;
  let run: string;
  let legacy: string;
  let running: string;
  const opened: OpenedPage[] = [];

  const open = async (id: string, options: Parameters<typeof openDashboard>[2] = {}) => {
    const o = await openDashboard(browser, server, { search: `?view=run&run=${id}`, ...options });
    opened.push(o);
    return o;
  };

  beforeAll(async () => {
    server = await startTestServer({ live: { quietMs: 200 } });
    run = await createJob(server, {
      name: 'layoutlm-receipts-a-rather-long-run-name-that-would-wrap-onto-several-lines-if-it-were-let',
      config: CONFIG,
      tags: { team: 'receipts', stage: 'tuning' },
    });
    for (const epoch of [1, 2, 3]) {
      const labels = Object.entries(F1[epoch]).map(([label, f1]) => ({ label, f1, precision: 0.5, recall: 0.5, support: 10 }));
      await gqlOk(server, RECORD_EPOCH, { input: { ...epochInput(run, epoch, 0), valF1: VAL_F1[epoch], labels } });
    }
    await gqlOk(server, `mutation($input: RecordDatasetMetricsInput!) { recordDatasetMetrics(input: $input) { userErrors { code } } }`, {
      input: { jobId: run, numTrainSamples: 800, numValSamples: 120, oEntityRatioTrain: 7.5 },
    });
    const levels = ['INFO', 'DEBUG', 'WARNING', 'ERROR'];
    for (let i = 0; i < 6; i++)
      await gqlOk(server, APPEND_LOG, {
        input: { jobId: run, level: levels[i % levels.length], message: `seeded line ${i}`, source: 'trainer' },
      });
    await gqlOk(server, FINALIZE, {
      input: {
        jobId: run,
        status: 'SUCCEEDED',
        trainRuntime: 3725,
        totalFlos: 1.5e15,
        earlyStoppingTriggered: true,
        bestCheckpointS3Path: 's3://bucket/run-a/best/',
        extra: { seed: 42 },
      },
    });

    legacy = randomUUID();
    await putItems(server.doc, server.tableName, [
      legacyJob({ id: legacy, name: 'legacy-with-confusion', status: 'SUCCEEDED', createdAt: '2026-01-10T08:00:00.000000' }),
      ...[1, 2].map((epoch) =>
        legacyMetric({
          jobId: legacy,
          name: 'confusion_matrix',
          ts: `2026-01-10T08:${10 * epoch}:00.000123+00:00`,
          value: { labels: CM_LABELS, matrix: CM[epoch] },
          unit: 'matrix',
          epoch,
          step: epoch * 100,
        }),
      ),
    ]);

    running = await createJob(server, { name: 'running-run' });
    await gqlOk(server, SET_STATUS, { input: { jobId: running, status: 'RUNNING' } });
    await gqlOk(server, APPEND_LOG, { input: { jobId: running, level: 'INFO', message: 'training started' } });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(() => {
    for (const o of opened.splice(0)) {
      expect(o.blocked).toEqual([]);
      expect(o.problems).toEqual([]);
    }
  });

  test('header, heat map, results, dataset statistics, config, status history, log tail and export links show the seed', async () => {
    const { page } = await open(run);
    await page.waitForSelector('#heatmap');
    // The name: one line, cut with an ellipsis, whole in its title.
    const name = await page.$eval('#run-title', (h) => ({
      title: h.getAttribute('title'),
      height: h.getBoundingClientRect().height,
      cut: h.scrollWidth > h.clientWidth,
    }));
    expect(name.title).toMatch(/^layoutlm-receipts-a-rather-long/);
    expect(name.height).toBeLessThan(40); // one line of 1.25rem
    expect(name.cut).toBe(true);
    expect(await page.textContent('.run-header .status')).toBe('succeeded');
    expect(await page.textContent('#run-duration')).toBe('1h 02m');

    // Heat map: a cell per label and epoch, the missing one marked, the best epoch (2, by val_f1) marked.
    const cells = await page.$$eval('#heatmap td.cell', (tds) =>
      tds.map((td) => ({
        label: td.getAttribute('data-label'),
        epoch: Number(td.getAttribute('data-epoch')),
        f1: td.getAttribute('data-f1'),
        missing: td.classList.contains('missing'),
        text: td.textContent,
        title: td.getAttribute('title'),
        tab: td.tabIndex,
      })),
    );
    expect(cells).toHaveLength(LABELS.length * 3);
    for (const c of cells) {
      const f1 = F1[c.epoch][c.label as string];
      if (f1 === undefined) expect(c).toMatchObject({ f1: '', missing: true, text: expect.stringContaining('–') });
      else expect(c).toMatchObject({ f1: String(f1), missing: false, title: expect.stringContaining(String(f1)), tab: 0 });
    }
    expect(cells.filter((c) => c.missing).map((c) => `${c.label}@${c.epoch}`)).toEqual(['TOTAL@2']);
    expect(await page.$$eval('#heatmap thead th.best', (ths) => ths.map((t) => t.getAttribute('data-epoch')))).toEqual(['2']);
    expect(await page.$$eval('#heatmap td.cell.best', (tds) => tds.length)).toBe(LABELS.length);
    expect(await page.$('#panel-confusion')).toBeNull();

    // Results, dataset statistics.
    const result = async (key: string) => (await page.textContent(`#results-table tr[data-key="${key}"] td`))?.trim();
    expect(await result('bestF1')).toBe('0.74');
    expect(await result('bestEpoch')).toBe('2');
    expect(await result('trainRuntime')).toBe('1h 02m (3725 s)');
    expect(await result('totalFlos')).toBe('1.50e15');
    expect(await result('earlyStoppingTriggered')).toBe('yes');
    expect(await result('bestCheckpointS3Path')).toBe('s3://bucket/run-a/best/');
    expect(await result('seed')).toBe('42');
    const dataset = await page.$$eval('#dataset-table tr', (trs) =>
      trs.map((tr) => [tr.getAttribute('data-key'), tr.querySelector('td')?.getAttribute('data-value')]),
    );
    expect(Object.fromEntries(dataset)).toEqual({ num_train_samples: '800', num_val_samples: '120', o_entity_ratio_train: '7.5' });

    // Config: flattened, and filtered by key.
    expect(await page.$$eval('#config-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-key')))).toEqual([
      'epochs',
      'model_name',
      'optimizer.betas',
      'optimizer.lr',
      'optimizer.name',
    ]);
    expect(await page.textContent('#config-table tr[data-key="optimizer.lr"] td')).toBe('5.00e-5');
    await page.fill('#config-filter', 'OPTIM');
    await waitUntil(async () => (await page.$$('#config-table tbody tr')).length === 3);

    // Status history, in the API's order (oldest first).
    const api = await server.gql(`query($id: ID!) { job(id: $id) { statusHistory { status } } }`, { id: run });
    const history = api.data?.job.statusHistory.map((h: { status: string }) => h.status);
    expect(history.at(-1)).toBe('SUCCEEDED');
    expect(await page.$$eval('#status-history li', (lis) => lis.map((li) => li.getAttribute('data-status')))).toEqual(history);

    // Log tail: the seeded lines, oldest first, level-coloured; the run ended, so nothing is followed.
    await waitUntil(async () => (await page.getAttribute('#log-tail', 'data-lines')) === '6');
    expect(await texts(page, '#log-tail .msg')).toEqual([0, 1, 2, 3, 4, 5].map((i) => `seeded line ${i}`));
    expect(await page.$$eval('#log-tail .log-line', (ls) => ls.map((l) => l.className))).toContain('log-line lvl-warning');
    expect(await page.getAttribute('#log-state', 'data-following')).toBe('false');

    // The job-level export answers CSV.
    const exportHrefs = await page.$$eval('#export-links a', (as) => as.map((a) => a.getAttribute('href') as string));
    expect(exportHrefs[0]).toBe(`/export/jobs/${run}/metrics.csv`);
    const res = await fetch(`${dashboardBase(server)}${exportHrefs[0]}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(await res.text()).toContain('val_f1');
    await page.fill('#config-filter', '');
    await page.$eval('body', (b) => b.scrollIntoView());
    await saveScreenshot(page, 'dashboard-run', true);
  });

  test("a link per metric the run can draw (Job.metricNames), each answering that metric's CSV", async () => {
    const { page } = await open(run);
    await waitUntil(async () => (await page.$$('#export-links li[data-metric]')).length > 0, 10_000, 'no metric export links');
    const names = await page.$$eval('#export-links li[data-metric]', (lis) => lis.map((li) => li.getAttribute('data-metric') as string));
    expect(names).toEqual(expect.arrayContaining(['eval_loss', 'train_loss', 'val_f1']));
    for (const name of names) {
      const href = await page.getAttribute(`#export-links li[data-metric="${name}"] a`, 'href');
      expect(href).toBe(`/export/metrics/${name}.csv?jobIds=${run}`);
      const res = await fetch(`${dashboardBase(server)}${href}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      expect(await res.text()).toContain(run);
    }
  });

  test('tags added and removed, and notes saved, are what the API then holds; an edit elsewhere shows without a reload', async () => {
    const { page } = await open(run);
    await page.waitForSelector('#run-tags li[data-tag^="stage="]');
    await page.click('#run-tags li[data-tag^="stage="] button');
    await page.waitForSelector('#run-tags li[data-tag^="stage="]', { state: 'detached' });
    await page.fill('#tag-key', 'reviewed');
    await page.fill('#tag-value', 'yes');
    await page.click('.tag-form button[type="submit"]');
    await page.waitForSelector('#run-tags li[data-tag="reviewed=yes"]');
    expect(await page.inputValue('#tag-key')).toBe('');
    // A refused tag: the user error shows beside the form.
    await page.fill('#tag-key', 'k'.repeat(201));
    await page.click('.tag-form button[type="submit"]');
    await waitUntil(async () => (await page.isVisible('#tag-errors')) && ((await page.textContent('#tag-errors')) ?? '').length > 0);

    await page.fill('#run-notes', 'Best so far; try a lower lr next.');
    await page.click('#notes-save');
    await waitUntil(async () => (await page.textContent('.notes-actions'))?.includes('Saved') ?? false);

    const read = async () => (await server.gql(`query($id: ID!) { job(id: $id) { tags notes } }`, { id: run })).data?.job;
    expect(await read()).toEqual({ tags: { team: 'receipts', reviewed: 'yes' }, notes: 'Best so far; try a lower lr next.' });

    // Another client tags the run: jobUpdated brings it to the page.
    await gqlOk(server, `mutation($input: SetJobTagsInput!) { setJobTags(input: $input) { userErrors { code } } }`, {
      input: { jobId: run, set: [{ key: 'from-elsewhere', value: '1' }] },
    });
    await page.waitForSelector('#run-tags li[data-tag="from-elsewhere=1"]', { timeout: 10_000 });
  });

  test('the select toggle adds the run to the compare selection and takes it out; the back link returns to the runs', async () => {
    const other = randomUUID();
    const { page } = await open(run, { search: `?view=run&run=${run}&sel=${other}` });
    await page.waitForSelector('#run-select');
    expect(await page.getAttribute('#run-select', 'aria-pressed')).toBe('false');
    await page.click('#run-select');
    await waitUntil(async () => new URL(page.url()).searchParams.get('sel') === `${other},${run}`);
    expect(await page.getAttribute('#run-select', 'aria-pressed')).toBe('true');
    await page.click('#run-select');
    await waitUntil(async () => new URL(page.url()).searchParams.get('sel') === other);
    await page.click('.run-header a.back');
    await waitUntil(async () => new URL(page.url()).searchParams.get('view') === null);
    expect(new URL(page.url()).searchParams.get('run')).toBeNull();
  });

  test("a legacy run's confusion matrix: the latest epoch's counts, row-shaded, another epoch picked", async () => {
    const { page } = await open(legacy);
    await page.waitForSelector('#confusion-matrix');
    const grid = async () =>
      page.$$eval('#confusion-matrix tbody tr', (trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.getAttribute('data-count')))),
      );
    expect(await page.getAttribute('#confusion-matrix', 'data-epoch')).toBe('2');
    expect(await grid()).toEqual(CM[2]);
    expect(await texts(page, '#confusion-matrix thead th.label')).toEqual(CM_LABELS);
    expect(await texts(page, '#confusion-matrix tbody th.label')).toEqual(CM_LABELS);
    expect(await page.textContent('#confusion-matrix td[data-true="O"][data-predicted="O"]')).toBe('9,040');
    // Row-normalised: the diagonal of a row dominated by it is darker than a cell holding a small share.
    const shade = (t: string, p: string) =>
      page.$eval(`#confusion-matrix td[data-true="${t}"][data-predicted="${p}"]`, (td) => td.getAttribute('style'));
    expect(await shade('B-TOTAL', 'B-TOTAL')).not.toEqual(await shade('B-TOTAL', 'O'));
    await page.selectOption('#confusion-epoch', '1');
    await waitUntil(async () => (await page.getAttribute('#confusion-matrix', 'data-epoch')) === '1');
    expect(await grid()).toEqual(CM[1]);
    // No per-label metrics, no results: said so.
    expect(await page.textContent('#panel-labels')).toContain('No per-label metrics');
    expect(await page.textContent('#panel-results')).toContain('not been finalized');
  });

  test('the log tail of a running run shows a line logged meanwhile, without a reload, reading only new lines', async () => {
    const { page, operations, variables } = await open(running);
    await waitUntil(async () => (await page.getAttribute('#log-tail', 'data-lines')) === '1');
    expect(await page.getAttribute('#log-state', 'data-following')).toBe('true');
    await gqlOk(server, APPEND_LOG, { input: { jobId: running, level: 'ERROR', message: 'CUDA out of memory (appended)' } });
    await waitUntil(async () => (await texts(page, '#log-tail .msg')).includes('CUDA out of memory (appended)'), 8_000);
    expect(await page.$eval('#log-tail .log-line:last-child', (l) => l.getAttribute('data-level'))).toBe('ERROR');
    const tailReads = variables.filter((_, i) => operations[i] === 'RunLogTail');
    expect(tailReads.length).toBeGreaterThan(1);
    expect(tailReads[0].after).toBeNull();
    expect(tailReads.slice(1).every((v) => typeof v.after === 'string')).toBe(true);
    // The run ends: the page hears of it and stops following.
    await gqlOk(server, FINALIZE, { input: { jobId: running, status: 'FAILED' } });
    await waitUntil(async () => (await page.getAttribute('#log-state', 'data-following')) === 'false', 10_000);
    expect(await page.textContent('.run-header .status')).toBe('failed');
    // No more polling: in 4.5 s (two polls' worth) the log is read only when the run itself is read again (a late event;
    // one more for a read of the run sent just before).
    const count = (name: string) => operations.filter((o) => o === name).length;
    const [tails, jobs] = [count('RunLogTail'), count('RunPageJob')];
    await page.waitForTimeout(4500);
    expect(count('RunLogTail') - tails).toBeLessThanOrEqual(count('RunPageJob') - jobs + 1);
  });

  test("a run that does not exist: 'no such run'", async () => {
    const { page } = await open(randomUUID());
    await page.waitForSelector('.run-absent');
    expect(await page.textContent('#run-title')).toBe('No such run');
    expect(await page.textContent('.no-such-run')).toContain('There is no run with the id');
  });

  test('no serious or critical accessibility violation, light or dark', async () => {
    for (const id of [run, legacy]) {
      const { page } = await open(id);
      await page.waitForSelector(id === legacy ? '#confusion-matrix' : '#heatmap');
      if (id === run) await waitUntil(async () => Number(await page.getAttribute('#log-tail', 'data-lines')) > 0);
      expect({ theme: 'light', id, violations: await seriousA11yViolations(page) }).toEqual({ theme: 'light', id, violations: [] });
      await page.click('header.top button[aria-label="Switch to the dark theme"]');
      await waitUntil(async () => (await page.getAttribute('html', 'data-theme')) === 'dark');
      expect({ theme: 'dark', id, violations: await seriousA11yViolations(page) }).toEqual({ theme: 'dark', id, violations: [] });
      if (id === run) await saveScreenshot(page, 'dashboard-run-dark', true);
      await page.close();
    }
  });
});

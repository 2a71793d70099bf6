import type { Browser, Page } from 'playwright-core';
import { createJob, epochInput, RECORD_EPOCH } from '../helpers/api';
import { launchBrowser, openDashboard, saveScreenshot, seriousA11yViolations, sleep, waitUntil, type OpenedPage } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/test-server';

/*
 * The charts (dashboard/src/charts) in headless Chromium against a real server: twenty runs overlaid in their colours,
 * a missing epoch drawn as a gap, drag to zoom shared by the charts and kept in the URL, double-click to reset, EMA
 * smoothing with the raw line kept faint, the log scale leaving out values <= 0, a long step series drawn as a band
 * and refetched in detail when zoomed, and points arriving live. Mounted by the compare view (?view=compare&sel=...).
 */

const LOG_METRICS = `mutation($input: LogMetricsInput!) { logMetrics(input: $input) { written userErrors { code message } } }`;

let server: TestServer;
let browser: Browser;
/** Three runs with epochs 1..5: the third misses epoch 3, the second's eval_loss is 0 at epoch 1. */
const epochRuns: string[] = [];
/** Seventeen runs with a 200-point train_loss logged step by step. */
const stepRuns: string[] = [];
/** A run with a 20,000-point train_loss logged step by step. */
let longRun: string;

/** Sends a mutation, again after a moment when DynamoDB Local is too busy (SERVICE_UNAVAILABLE) on a loaded machine. */
async function mutate(query: string, input: Record<string, unknown>) {
  for (let attempt = 1; ; attempt++) {
    const res = await server.gql(query, { input });
    if (res.errors?.[0]?.extensions?.code !== 'SERVICE_UNAVAILABLE' || attempt === 5) return res;
    await sleep(300 * attempt);
  }
}

async function recordEpoch(jobId: string, epoch: number, overrides: Record<string, unknown> = {}): Promise<void> {
  const res = await mutate(RECORD_EPOCH, { ...epochInput(jobId, epoch, 0, overrides), extra: [] });
  if (res.errors || res.data?.recordEpoch.userErrors.length) throw new Error(`recordEpoch: ${JSON.stringify(res.errors ?? res.data)}`);
}

/** A decreasing loss with noise (so that a band has a width): the same numbers on every run of the test. */
const loss = (step: number) => 2 / Math.sqrt(step / 50 + 1) + 0.15 * ((Math.abs(Math.sin(step * 12.9898) * 43758.5453) % 1) - 0.5);

async function logSteps(jobId: string, from: number, count: number, value = loss): Promise<void> {
  const points = Array.from({ length: count }, (_, i) => ({ name: 'train_loss', step: from + i, value: value(from + i), unit: 'loss' }));
  const res = await mutate(LOG_METRICS, { jobId, points });
  if (res.errors || res.data?.logMetrics.written !== count) throw new Error(`logMetrics: ${JSON.stringify(res.errors ?? res.data)}`);
}

const valF1 = (run: number, epoch: number) => 0.4 + epoch / 20 + run / 100;

beforeAll(async () => {
  server = await startTestServer({ live: { quietMs: 200 } });
  browser = await launchBrowser();
  const name = (i: number) => `charts-run-${String(i).padStart(2, '0')}-with-a-rather-long-name`;
  epochRuns.push(...(await Promise.all([0, 1, 2].map((i) => createJob(server, { name: name(i) })))));
  stepRuns.push(...(await Promise.all(Array.from({ length: 17 }, (_, i) => createJob(server, { name: name(i + 3) })))));
  longRun = await createJob(server, { name: 'charts-long-train-loss' });
  for (let epoch = 1; epoch <= 5; epoch++)
    await Promise.all(
      epochRuns.map((id, i) =>
        i === 2 && epoch === 3
          ? null
          : recordEpoch(id, epoch, { valF1: valF1(i, epoch), evalLoss: i === 1 && epoch === 1 ? 0 : 1 / (epoch + 1) + i / 50 }),
      ),
    );
  for (let i = 0; i < stepRuns.length; i += 6)
    await Promise.all(stepRuns.slice(i, i + 6).map((id, j) => logSteps(id, 1, 200, (s) => loss(s) + (i + j) / 20)));
  for (let from = 1; from <= 20_000; from += 1000) await logSteps(longRun, from, 1000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const chart = (metric: string) => `.chart-canvas[data-metric="${metric}"]`;

async function attr(page: Page, metric: string, name: string): Promise<string | null> {
  return page.$eval(chart(metric), (el, n) => el.getAttribute(`data-${n}`), name);
}

const numeric = async (page: Page, metric: string, name: string) => Number(await attr(page, metric, name));

/** Waits until the chart of `metric` has drawn `series` runs. */
async function drawn(page: Page, metric: string, series: number): Promise<void> {
  await waitUntil(
    async () => (await attr(page, metric, 'loading')) === 'false' && (await numeric(page, metric, 'series')) === series,
    15_000,
    `the ${metric} chart did not draw ${series} runs`,
  );
}

async function plotBox(page: Page, metric: string) {
  const box = await page.locator(`${chart(metric)} .u-over`).boundingBox();
  if (!box) throw new Error(`no plot area for ${metric}`);
  return box;
}

/** Drags across the plot of `metric` from `from` to `to` (fractions of its width). */
async function drag(page: Page, metric: string, from: number, to: number): Promise<void> {
  const box = await plotBox(page, metric);
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * from, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((from + to) / 2), y, { steps: 4 });
  await page.mouse.move(box.x + box.width * to, y, { steps: 4 });
  await page.mouse.up();
}

const xRange = async (page: Page, metric: string) => [await numeric(page, metric, 'x-min'), await numeric(page, metric, 'x-max')];

/** The page's history entries (the test's tsconfig has no DOM types: the page's globals are reached by hand). */
const historyLength = (page: Page) => page.evaluate(() => (globalThis as unknown as { history: { length: number } }).history.length);

const search = (page: Page) => new URL(page.url()).searchParams;

function expectClean(opened: OpenedPage): void {
  expect(opened.blocked).toEqual([]);
  expect(opened.problems).toEqual([]);
}

test('twenty runs overlaid in distinct colours; a missing epoch is a gap the cursor reads as –', async () => {
  const all = [...epochRuns, ...stepRuns];
  const opened = await openDashboard(browser, server, { search: `?view=compare&sel=${all.join(',')}&metrics=val_f1,train_loss` });
  const { page } = opened;
  await drawn(page, 'val_f1', 3);
  expect(await numeric(page, 'val_f1', 'points')).toBe(3 * 5 - 1);
  expect(await numeric(page, 'val_f1', 'gaps')).toBe(1);
  const notes = page.locator(`.chart-panel:has(${chart('val_f1')}) .chart-notes`);
  expect(await notes.innerText()).toContain('charts-run-02-with-a-rather-long-name: epoch 3 missing (drawn as a gap)');
  expect(await page.getAttribute(chart('val_f1'), 'role')).toBe('img');
  expect(await page.getAttribute(chart('val_f1'), 'aria-label')).toBe(
    'Chart of val_f1 by epoch for 20 runs: charts-run-00-with-a-rather-long-name, charts-run-01-with-a-rather-long-name, ' +
      'charts-run-02-with-a-rather-long-name, charts-run-03-with-a-rather-long-name, charts-run-04-with-a-rather-long-name and 15 more',
  );

  // Hovering epoch 3: the third run has no value there, the others theirs.
  const box = await plotBox(page, 'val_f1');
  const [lo, hi] = await xRange(page, 'val_f1');
  await page.mouse.move(box.x + ((3 - lo) / (hi - lo)) * box.width, box.y + box.height / 2);
  const legend = page.locator(`.chart-panel:has(${chart('val_f1')}) .chart-legend`);
  await waitUntil(async () => (await legend.locator('.legend-at').innerText()) === 'At epoch 3');
  const value = (run: string) => legend.locator(`.legend-value[data-key="${run}"]`).innerText();
  expect(await value(epochRuns[2])).toBe('–');
  expect(await value(epochRuns[1])).toBe(String(valF1(1, 3)));

  // train_loss by epoch: the step series have no epochs, and the chart says so rather than drawing nothing silently.
  await drawn(page, 'train_loss', 3);
  const trainNotes = page.locator(`.chart-panel:has(${chart('train_loss')}) .chart-notes`);
  expect(await trainNotes.innerText()).toContain('charts-run-03-with-a-rather-long-name: no epoch axis for this series');
  // By step, all twenty are drawn, each in its own colour; the legend never cuts a name without giving it whole.
  await page.selectOption('.chart-toolbar select', 'step');
  await drawn(page, 'train_loss', 20);
  expect(search(page).get('x')).toBe('step');
  const trainLegend = page.locator(`.chart-panel:has(${chart('train_loss')}) .chart-legend li`);
  const swatches = await trainLegend
    .locator('.swatch')
    .evaluateAll((els) => els.map((e) => (e as unknown as { style: { background: string } }).style.background));
  expect(swatches).toHaveLength(20);
  expect(new Set(swatches).size).toBe(20);
  const titles = await trainLegend.evaluateAll((els) => els.map((e) => e.getAttribute('title')));
  expect(titles).toContain('charts-run-19-with-a-rather-long-name');

  await saveScreenshot(page, 'dashboard-charts');
  expect(await seriousA11yViolations(page)).toEqual([]);
  expectClean(opened);
  await page.close();
});

test('drag zooms every chart and the URL keeps it; double-click resets; smoothing and log scale from the toolbar', async () => {
  const opened = await openDashboard(browser, server, { search: `?view=compare&sel=${epochRuns.join(',')}&metrics=val_f1,eval_loss` });
  const { page } = opened;
  await drawn(page, 'val_f1', 3);
  await drawn(page, 'eval_loss', 3);
  expect(await xRange(page, 'val_f1')).toEqual([1, 5]);

  const entries = await historyLength(page);
  await drag(page, 'val_f1', 0.25, 0.75);
  await waitUntil(async () => (await xRange(page, 'eval_loss'))[0] > 1);
  const [lo, hi] = await xRange(page, 'val_f1');
  expect(lo).toBeCloseTo(2, 1);
  expect(hi).toBeCloseTo(4, 1);
  expect(await xRange(page, 'eval_loss')).toEqual([lo, hi]);
  expect(search(page).get('zoom')).toBe(`${lo}~${hi}`);
  // The zoom replaced the page's history entry rather than pushing one.
  expect(await historyLength(page)).toBe(entries);

  await page.locator(`${chart('eval_loss')} .u-over`).dblclick();
  await waitUntil(async () => (await xRange(page, 'val_f1'))[0] === 1);
  expect(await xRange(page, 'eval_loss')).toEqual([1, 5]);
  expect(search(page).has('zoom')).toBe(false);

  // Smoothing, with the keyboard: the raw line stays, faint, beside the smoothed one.
  expect(await attr(page, 'val_f1', 'raw')).toBe('0');
  const slider = page.getByRole('slider', { name: 'Smoothing' });
  await slider.focus();
  for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowRight');
  await waitUntil(async () => (await attr(page, 'val_f1', 'smooth')) === '0.6');
  expect(search(page).get('smooth')).toBe('0.6');
  expect(await attr(page, 'val_f1', 'raw')).toBe('3');
  expect(await attr(page, 'eval_loss', 'smooth')).toBe('0.6');

  // Log scale: the zero eval_loss is left out, and the chart says so.
  await page.getByRole('checkbox', { name: 'Log scale' }).check();
  await waitUntil(async () => (await attr(page, 'eval_loss', 'log')) === 'true');
  expect(search(page).get('log')).toBe('1');
  expect(await numeric(page, 'eval_loss', 'points')).toBe(3 * 5 - 1 - 1);
  const notes = page.locator(`.chart-panel:has(${chart('eval_loss')}) .chart-notes`);
  expect(await notes.innerText()).toContain('1 value ≤ 0 left out (log scale)');

  // A narrower window: the charts follow their containers' width.
  const wide = (await plotBox(page, 'val_f1')).width;
  await page.setViewportSize({ width: 600, height: 1000 });
  await waitUntil(async () => (await plotBox(page, 'val_f1')).width < wide - 50, 5000, 'the chart did not follow its width');
  const fits = await page.$eval(
    chart('val_f1'),
    (el) => (el.querySelector('.uplot') as unknown as { clientWidth: number }).clientWidth === el.clientWidth,
  );
  expect(fits).toBe(true);
  expect(await seriousA11yViolations(page)).toEqual([]);
  expectClean(opened);
  await page.close();
});

test('a 20,000-point step series is drawn as a band and its zoomed range fetched again in detail', async () => {
  const opened = await openDashboard(browser, server, { search: `?view=compare&sel=${longRun}&metrics=train_loss&x=step` });
  const { page, operations, variables } = opened;
  await drawn(page, 'train_loss', 1);
  expect(await attr(page, 'train_loss', 'band')).toBe('true');
  expect(await numeric(page, 'train_loss', 'fetches')).toBe(1);
  const width = Math.round((await page.locator(chart('train_loss')).boundingBox())!.width);
  const first = variables[operations.indexOf('ChartsSeries')];
  expect(first).toEqual({ name: 'train_loss', jobIds: [longRun], maxPoints: width });
  const overview = await numeric(page, 'train_loss', 'points');
  expect(overview).toBeLessThanOrEqual(width);
  expect(overview).toBeGreaterThan(width / 2);

  await saveScreenshot(page, 'dashboard-charts-band');

  await drag(page, 'train_loss', 0.4, 0.5);
  await waitUntil(async () => (await numeric(page, 'train_loss', 'fetches')) === 2);
  const [lo, hi] = await xRange(page, 'train_loss');
  const detail = variables[operations.lastIndexOf('ChartsSeries')] as Record<string, number>;
  expect(detail).toMatchObject({ name: 'train_loss', jobIds: [longRun], maxPoints: width });
  expect(detail.fromStep).toBeLessThanOrEqual(lo);
  expect(detail.fromStep).toBeGreaterThan(lo - 100);
  expect(detail.toStep).toBeGreaterThanOrEqual(hi);
  expect(detail.toStep).toBeLessThan(hi + 100);
  // The zoomed tenth now holds about as many points as the whole series did (needs fromStep/toStep from wip-api).
  await waitUntil(async () => (await numeric(page, 'train_loss', 'points')) > overview * 1.5, 5000, 'no detail appeared');
  expect(await attr(page, 'train_loss', 'band')).toBe('true');
  expectClean(opened);
  await page.close();
});

test('new points and epochs are appended live, without fetching again', async () => {
  const opened = await openDashboard(browser, server, {
    search: `?view=compare&sel=${epochRuns[0]},${stepRuns[0]}&metrics=val_f1,train_loss&x=step`,
  });
  const { page } = opened;
  await drawn(page, 'train_loss', 2);
  await drawn(page, 'val_f1', 1);
  expect(await numeric(page, 'train_loss', 'points')).toBe(5 + 200);
  // Give the subscriptions a moment to start before the points are logged.
  await sleep(500);
  await logSteps(stepRuns[0], 201, 5);
  await waitUntil(async () => (await numeric(page, 'train_loss', 'points')) === 5 + 205, 10_000, 'the live points were not drawn');
  await recordEpoch(epochRuns[0], 6, { valF1: 0.9 });
  await waitUntil(async () => (await numeric(page, 'val_f1', 'points')) === 6, 10_000, 'the live epoch was not drawn');
  expect(await numeric(page, 'train_loss', 'points')).toBe(6 + 205);
  expect(await numeric(page, 'train_loss', 'fetches')).toBe(1);
  expect(await numeric(page, 'val_f1', 'fetches')).toBe(1);
  expectClean(opened);
  await page.close();
});

// Needs Job.metricNames (the server's wip-api branch): the chooser offers the union of the runs' names.
test('metrics are chosen from the names the runs have', async () => {
  const opened = await openDashboard(browser, server, {
    search: `?view=compare&sel=${epochRuns[0]},${stepRuns[0]}&metrics=val_f1,not_logged_by_anyone,train_loss&x=step`,
  });
  const { page } = opened;
  await drawn(page, 'val_f1', 1);
  await drawn(page, 'train_loss', 2);
  // A chosen metric no run has gets no chart.
  expect(await page.$$eval('.chart-canvas', (els) => els.map((e) => e.getAttribute('data-metric')))).toEqual(['val_f1', 'train_loss']);
  await page.locator('.metric-chooser summary').click();
  const offered = await page.locator('.chooser-popup label').allInnerTexts();
  expect(offered).toEqual(['eval_loss', 'learning_rate', 'train_loss', 'val_f1', 'val_precision', 'val_recall']);
  await page.getByRole('checkbox', { name: 'learning_rate' }).check();
  await drawn(page, 'learning_rate', 1);
  expect(search(page).get('metrics')).toBe('val_f1,not_logged_by_anyone,train_loss,learning_rate');
  await page.keyboard.press('Escape');
  expect(await page.locator('.metric-chooser').getAttribute('open')).toBeNull();
  expectClean(opened);
  await page.close();
});

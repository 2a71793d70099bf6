import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page, type WebSocketRoute } from 'playwright-core';
import { ApiKeyRepository } from '../../src/modules/auth/api-key-repository';
import { Authenticator } from '../../src/modules/auth/authenticator';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../src/db/client';
import { DynamoGateway } from '../../src/db/gateway';
import { TRY_AGAIN_LATER, TRY_AGAIN_REASON } from '../../src/http/websocket-server';
import { createJob, epochInput, RECORD_EPOCH } from '../helpers/api';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * The built-in dashboard, driven in headless Chromium (Debian's, through playwright-core) with the network cut off
 * except for the server: it loads from the repository alone, draws one line per selected job, and the heat map holds
 * one cell per label and epoch with the recorded F1; with live events on, what it shows follows the API's
 * subscriptions without a reload.
 */

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve(__dirname, '../artifacts');
const LABELS = 3;
const EPOCHS = 4;

/** Polls `check` from the test side (the page's CSP rightly refuses the string evaluation waitForFunction needs). */
async function waitUntil(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) if (await check()) return;
  throw new Error('the dashboard did not get there in time');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Records epoch `epoch` of the i-th job: val_f1 and the per-label F1 rise with the epoch (and i), eval_loss falls. */
async function recordEpoch(server: TestServer, id: string, i: number, epoch: number, labelCount = LABELS): Promise<void> {
  const labels = Array.from({ length: labelCount }, (_, l) => ({
    label: `LABEL_${l}`,
    f1: Number((0.2 * l + 0.1 * epoch + 0.01 * i).toFixed(2)),
    precision: 0.5,
    recall: 0.5,
    support: 10,
  }));
  const res = await server.gql(RECORD_EPOCH, {
    input: { ...epochInput(id, epoch, 0), valF1: 0.5 + epoch / 20 + i / 100, evalLoss: 1 / epoch + i / 10, labels },
  });
  expect(res.data?.recordEpoch.userErrors).toEqual([]);
}

const FINALIZE = `mutation($input: FinalizeJobInput!) { finalizeJob(input: $input) { userErrors { code } } }`;

/** A browser page on the dashboard with the network cut off but for the server; what it requested and complained of. */
async function openDashboard(browser: Browser, server: TestServer, beforeLoad?: (page: Page) => Promise<void>) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const base = server.url.replace('/graphql', '');
  const blocked: string[] = [];
  const problems: string[] = [];
  /** The operation names of the GraphQL requests the page sent over HTTP, in order. */
  const operations: string[] = [];
  // No network: anything but the server is refused (and noted), so a CDN reference would show here.
  await page.route('**/*', (route) => {
    if (route.request().url().startsWith(base)) return route.continue();
    blocked.push(route.request().url());
    return route.abort();
  });
  page.on(
    'request',
    (r) => r.method() === 'POST' && operations.push(/\b(?:query|mutation)\s+(\w+)/.exec(r.postDataJSON()?.query ?? '')?.[1] ?? '?'),
  );
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await beforeLoad?.(page);
  await page.goto(`${base}/dashboard`);
  await page.waitForSelector('body[data-loaded="true"]', { timeout: 20_000 });
  return { page, blocked, problems, operations };
}

describe('the dashboard in headless Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const jobs: string[] = [];
  let blocked: string[];
  let problems: string[];

  beforeAll(async () => {
    server = await startTestServer();
    for (let i = 0; i < 3; i++) {
      const id = await createJob(server, { name: `dash-run-${i}` });
      for (let epoch = 1; epoch <= EPOCHS; epoch++) await recordEpoch(server, id, i, epoch);
      jobs.push(id);
    }
    await server.gql(`mutation($input: RecordDatasetMetricsInput!) { recordDatasetMetrics(input: $input) { userErrors { code } } }`, {
      input: { jobId: jobs[2], numTrainSamples: 800, numValSamples: 100 },
    });
    await server.gql(FINALIZE, { input: { jobId: jobs[2], status: 'SUCCEEDED', trainRuntime: 321.5 } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    ({ page, blocked, problems } = await openDashboard(browser, server));
  });
  afterAll(async () => {
    await browser?.close();
    await server.close();
  });

  test('lists the jobs with their best val_f1 and the leaderboard, with no request leaving the server', async () => {
    const rows = await page.$$eval('#jobs tbody tr', (trs) =>
      trs.map((tr) => [tr.getAttribute('data-job'), tr.querySelectorAll('td')[3].textContent]),
    );
    expect(rows.map((r) => r[0]).sort()).toEqual([...jobs].sort());
    expect(rows.find((r) => r[0] === jobs[1])?.[1]).toBe('0.71');
    expect(await page.$$eval('#leaderboard tbody tr', (trs) => trs.length)).toBe(3);
    expect(blocked).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('says it is not live when the server has no live events, and works all the same', async () => {
    await page.waitForSelector('#live[data-state="offline"]');
    expect(await page.getAttribute('#live', 'title')).toContain('live updates are off');
  });

  test('overlays val_f1 and eval_loss of the selected jobs on one chart: one line per job and metric', async () => {
    const lines = () =>
      page.$$eval('#curves path.series', (paths) =>
        paths.map((p) => `${p.getAttribute('data-metric')} ${p.getAttribute('data-job')}`).sort(),
      );
    const expected = (ids: string[]) => ids.flatMap((id) => [`eval_loss ${id}`, `val_f1 ${id}`]).sort();
    expect(await lines()).toEqual(expected(jobs));
    await page.click(`#jobs tr[data-job="${jobs[0]}"] input.select-job`);
    await waitUntil(async () => (await page.$$('#curves path.series')).length === 4);
    expect(await lines()).toEqual(expected([jobs[1], jobs[2]]));
    // A point per epoch on each line; eval_loss dashed against the right axis.
    expect(await page.$$eval('#curves circle.dot', (c) => c.length)).toBe(4 * EPOCHS);
    expect(
      await page.$$eval('#curves path.series[data-metric="eval_loss"]', (p) => p.every((x) => x.getAttribute('stroke-dasharray') !== null)),
    ).toBe(true);
    expect(await page.$$eval('#curves .y-label', (t) => t.map((x) => x.textContent))).toEqual(['val_f1', 'eval_loss (dashed)']);
  });

  test('the heat map has one cell per label and epoch with the recorded F1; dataset metrics and results show', async () => {
    await page.click(`#jobs tr[data-job="${jobs[2]}"] button.link`);
    await waitUntil(async () => (await page.textContent('#job-title'))?.startsWith('dash-run-2') ?? false);
    await waitUntil(async () => (await page.$$('#heatmap td.cell')).length === LABELS * EPOCHS);
    const cells = await page.$$eval('#heatmap td.cell', (tds) =>
      tds.map((td) => [td.getAttribute('data-label'), Number(td.getAttribute('data-epoch')), Number(td.getAttribute('data-f1'))]),
    );
    expect(cells).toHaveLength(LABELS * EPOCHS);
    expect(cells).toContainEqual(['LABEL_2', 3, 0.72]);
    expect(cells).toContainEqual(['LABEL_0', 1, 0.12]);
    expect(await page.$$eval('#dataset tbody tr', (trs) => trs.map((tr) => tr.querySelectorAll('td')[0].textContent).sort())).toEqual([
      'num_train_samples',
      'num_val_samples',
    ]);
    expect(await page.textContent('#results')).toContain('321.5');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});

describe('the dashboard kept live by subscriptions (one graphql-ws connection)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let operations: string[];
  const jobs: string[] = [];
  const row = (id: string) => page.$$eval(`#jobs tr[data-job="${id}"] td`, (tds) => tds.slice(1).map((td) => td.textContent));
  const pointsOn = (id: string, metric: string) =>
    page.$$eval(
      `#curves path.series[data-job="${id}"][data-metric="${metric}"]`,
      (paths) => (paths[0]?.getAttribute('d') ?? '').split(/[ML]/).length - 1,
    );
  const heatmapEpoch = (epoch: number) =>
    page.$$eval(`#heatmap td.cell[data-epoch="${epoch}"]`, (tds) => tds.map((td) => Number(td.getAttribute('data-f1'))));
  /** Waits until the page has sent no query for a second (the catch-up read after connecting included). */
  const quiet = async () => {
    for (let seen = -1; seen !== operations.length; await sleep(1000)) seen = operations.length;
  };

  beforeAll(async () => {
    server = await startTestServer({ live: { quietMs: 500 } });
    for (let i = 0; i < 2; i++) {
      const id = await createJob(server, { name: `live-run-${i}` });
      for (let epoch = 1; epoch <= 2; epoch++) await recordEpoch(server, id, i, epoch);
      jobs.push(id);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    ({ page, problems, operations } = await openDashboard(browser, server));
    await page.click(`#jobs tr[data-job="${jobs[1]}"] button.link`);
    await waitUntil(async () => (await page.textContent('#job-title'))?.startsWith('live-run-1') ?? false);
    await page.waitForSelector('#live[data-state="live"]');
    await quiet();
    // Marks this document: a reload would drop the mark.
    await page.$eval('body', (body) => (body.dataset.mark = 'before'));
  });
  afterAll(async () => {
    await browser?.close();
    await server.close();
  });

  test('a recorded epoch reaches the chart, the heat map, the best values and the leaderboard in place', async () => {
    const sent = operations.length;
    expect(await pointsOn(jobs[1], 'val_f1')).toBe(2);
    expect(await heatmapEpoch(3)).toEqual([]);
    await recordEpoch(server, jobs[1], 1, 3);
    await waitUntil(async () => (await pointsOn(jobs[1], 'val_f1')) === 3 && (await pointsOn(jobs[1], 'eval_loss')) === 3, 5000);
    await waitUntil(async () => (await heatmapEpoch(3)).length === LABELS, 5000);
    expect((await heatmapEpoch(3)).sort()).toEqual([0.31, 0.51, 0.71]);
    // A new best: the jobs table and the leaderboard are read again.
    await waitUntil(async () => (await row(jobs[1]))[2] === '0.66', 5000);
    await waitUntil(
      async () => (await page.$$eval('#leaderboard tbody tr td', (tds) => tds.map((td) => td.textContent)))[2] === '0.66',
      5000,
    );
    // The chart and the heat map took the epoch from the event, without reading the curves or the job again.
    expect(operations.slice(sent).filter((o) => o === 'DashboardCurves' || o === 'DashboardJob')).toEqual([]);
    expect(await page.getAttribute('body', 'data-mark')).toBe('before');
  });

  test('a burst of epochs costs at most one leaderboard read a second, not one per epoch', async () => {
    await quiet();
    const sent = operations.length;
    const started = Date.now();
    for (let epoch = 3; epoch <= 10; epoch++) await recordEpoch(server, jobs[0], 0, epoch, 0);
    await waitUntil(async () => (await pointsOn(jobs[0], 'val_f1')) === 10, 8000);
    // Each epoch is a new best: the last one read back shows that the reads followed the burst to its end.
    await waitUntil(async () => (await row(jobs[0]))[2] === '1', 5000);
    const seconds = Math.ceil((Date.now() - started) / 1000);
    await quiet();
    const leaderboardReads = operations.slice(sent).filter((o) => o === 'DashboardLeaderboard').length;
    expect(leaderboardReads).toBeGreaterThanOrEqual(1);
    expect(leaderboardReads).toBeLessThanOrEqual(Math.min(seconds + 1, 7));
    expect(operations.slice(sent).filter((o) => o === 'DashboardCurves' || o === 'DashboardJob')).toEqual([]);
  });

  test('a finalized job and a new job show in the jobs table and the results without a reload', async () => {
    expect((await row(jobs[1]))[1]).toBe('running');
    expect(await page.textContent('#results')).toContain('not finalized yet');
    const fin = await server.gql(FINALIZE, { input: { jobId: jobs[1], status: 'SUCCEEDED', trainRuntime: 123.4 } });
    expect(fin.data?.finalizeJob.userErrors).toEqual([]);
    await waitUntil(async () => (await row(jobs[1]))[1] === 'succeeded', 5000);
    await waitUntil(async () => (await page.textContent('#results'))?.includes('123.4') ?? false, 5000);
    expect(await page.textContent('#job-title')).toBe('live-run-1 (succeeded)');
    const fresh = await createJob(server, { name: 'live-run-new' });
    await waitUntil(async () => (await row(fresh))[0] === 'live-run-new', 5000);
    expect(await page.getAttribute('body', 'data-mark')).toBe('before');
    // Nothing refused either: a CSP that did not let the page open its WebSocket to the server would show here.
    expect(problems).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-live.png'), fullPage: true });
  });

  test('when the socket drops or the server cannot check the key yet it says so, reconnects with backoff and catches up on what it missed', async () => {
    const sockets: WebSocketRoute[] = [];
    const other = await openDashboard(browser, server, (p) =>
      p.routeWebSocket(/\/graphql$/, (ws) => {
        ws.connectToServer();
        sockets.push(ws);
      }),
    );
    const badge = () => other.page.getAttribute('#live', 'data-state');
    await waitUntil(async () => (await badge()) === 'live');
    expect(sockets).toHaveLength(1);
    await sockets[0].close({ code: 1012, reason: 'dropped by the test' });
    await waitUntil(async () => (await badge()) === 'reconnecting', 2000);
    const sent = other.operations.length;
    const away = await createJob(server, { name: 'made-while-away' });
    await waitUntil(async () => (await badge()) === 'live');
    expect(sockets).toHaveLength(2);
    // What happened while it was away may be lost to it: each connection reads what the page shows again.
    await waitUntil(async () => other.operations.slice(sent).includes('DashboardJobs'), 5000);
    await other.page.waitForSelector(`#jobs tr[data-job="${away}"]`, { timeout: 5000 });
    // The server's "cannot check your key now" (1013, during a database outage) is no refusal: it keeps reconnecting.
    await sockets[1].close({ code: TRY_AGAIN_LATER, reason: TRY_AGAIN_REASON });
    await waitUntil(async () => (await badge()) === 'reconnecting', 2000);
    expect(await other.page.getAttribute('#live', 'title')).toBe(`${TRY_AGAIN_REASON} (reconnecting by itself)`);
    await waitUntil(async () => (await badge()) === 'live');
    expect(sockets).toHaveLength(3);
    expect(await other.page.isVisible('#key-form')).toBe(false);
    expect(other.problems).toEqual([]);
    await other.page.close();
  });
});

describe('the dashboard with API keys on', () => {
  const KEY = 'dashboard-admin-key-0123456789abcdefghijkl';
  let server: TestServer;
  let browser: Browser;
  let keysClient: DynamoDBDocumentClient;
  beforeAll(async () => {
    const open = await startTestServer();
    await createJob(open, { name: 'keyed-run' });
    await open.close();
    keysClient = createDocumentClient({ region: 'us-east-1', endpoint: process.env.DYNAMODB_ENDPOINT, timeoutMs: 5000 });
    server = await startTestServer({
      tableName: open.tableName,
      skipTableCreation: true,
      live: { quietMs: 500 },
      server: {
        auth: new Authenticator(new ApiKeyRepository(new DynamoGateway(keysClient, open.tableName)), {
          ttlMs: 1000,
          bootstrapAdminKey: KEY,
        }),
      },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await server.close();
    keysClient.destroy();
  });

  test('asks for a key, then shows the jobs with it', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url.replace('/graphql', '')}/dashboard`);
    await page.waitForSelector('#key-form:not([hidden])');
    expect(await page.textContent('#error')).toContain('API key');
    await page.fill('#key', KEY);
    await page.click('#key-form button[type="submit"]');
    await page.waitForSelector('body[data-loaded="true"]');
    expect(await page.$$eval('#jobs tbody tr button.link', (b) => b.map((x) => x.textContent))).toEqual(['keyed-run']);
    // The same key opens the live connection (without it the server would close it with 4403).
    await page.waitForSelector('#live[data-state="live"]');
  });
});

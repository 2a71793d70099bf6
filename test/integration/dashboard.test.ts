import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ApiKeyRepository } from '../../src/auth/api-key-repository';
import { Authenticator } from '../../src/auth/authenticator';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../src/db/client';
import { DynamoGateway } from '../../src/db/gateway';
import { createJob, epochInput, RECORD_EPOCH } from '../helpers/api';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * The built-in dashboard, driven in headless Chromium (Debian's, through playwright-core) with the network cut off
 * except for the server: it loads from the repository alone, draws one line per selected job, and the heat map holds
 * one cell per label and epoch with the recorded F1.
 */

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve(__dirname, '../artifacts');
const LABELS = 3;
const EPOCHS = 4;

/** Polls `check` from the test side (the page's CSP rightly refuses the string evaluation waitForFunction needs). */
async function waitUntil(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (await check()) return;
  throw new Error('the dashboard did not get there in time');
}

describe('the dashboard in headless Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const jobs: string[] = [];
  const blocked: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    for (let i = 0; i < 3; i++) {
      const id = await createJob(server, { name: `dash-run-${i}` });
      for (let epoch = 1; epoch <= EPOCHS; epoch++) {
        const labels = Array.from({ length: LABELS }, (_, l) => ({ label: `LABEL_${l}`, f1: Number((0.2 * l + 0.1 * epoch + 0.01 * i).toFixed(2)), precision: 0.5, recall: 0.5, support: 10 }));
        const res = await server.gql(RECORD_EPOCH, { input: { ...epochInput(id, epoch, 0), valF1: 0.5 + epoch / 20 + i / 100, evalLoss: 1 / epoch + i / 10, labels } });
        expect(res.data?.recordEpoch.userErrors).toEqual([]);
      }
      jobs.push(id);
    }
    await server.gql(`mutation($input: RecordDatasetMetricsInput!) { recordDatasetMetrics(input: $input) { userErrors { code } } }`, { input: { jobId: jobs[2], numTrainSamples: 800, numValSamples: 100 } });
    await server.gql(`mutation($input: FinalizeJobInput!) { finalizeJob(input: $input) { userErrors { code } } }`, { input: { jobId: jobs[2], status: 'SUCCEEDED', trainRuntime: 321.5 } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const base = server.url.replace('/graphql', '');
    // No network: anything but the server is refused (and noted), so a CDN reference would show here.
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith(base)) return route.continue();
      blocked.push(route.request().url());
      return route.abort();
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(`${base}/dashboard`);
    await page.waitForSelector('body[data-loaded="true"]', { timeout: 20_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await server.close();
  });

  test('lists the jobs with their best val_f1 and the leaderboard, with no request leaving the server', async () => {
    const rows = await page.$$eval('#jobs tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-job'), tr.querySelectorAll('td')[3].textContent]));
    expect(rows.map((r) => r[0]).sort()).toEqual([...jobs].sort());
    expect(rows.find((r) => r[0] === jobs[1])?.[1]).toBe('0.71');
    expect(await page.$$eval('#leaderboard tbody tr', (trs) => trs.length)).toBe(3);
    expect(blocked).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('overlays val_f1 and eval_loss of the selected jobs on one chart: one line per job and metric', async () => {
    const lines = () => page.$$eval('#curves path.series', (paths) => paths.map((p) => `${p.getAttribute('data-metric')} ${p.getAttribute('data-job')}`).sort());
    const expected = (ids: string[]) => ids.flatMap((id) => [`eval_loss ${id}`, `val_f1 ${id}`]).sort();
    expect(await lines()).toEqual(expected(jobs));
    await page.click(`#jobs tr[data-job="${jobs[0]}"] input.select-job`);
    await waitUntil(async () => (await page.$$('#curves path.series')).length === 4);
    expect(await lines()).toEqual(expected([jobs[1], jobs[2]]));
    // A point per epoch on each line; eval_loss dashed against the right axis.
    expect(await page.$$eval('#curves circle.dot', (c) => c.length)).toBe(4 * EPOCHS);
    expect(await page.$$eval('#curves path.series[data-metric="eval_loss"]', (p) => p.every((x) => x.getAttribute('stroke-dasharray') !== null))).toBe(true);
    expect(await page.$$eval('#curves .y-label', (t) => t.map((x) => x.textContent))).toEqual(['val_f1', 'eval_loss (dashed)']);
  });

  test('the heat map has one cell per label and epoch with the recorded F1; dataset metrics and results show', async () => {
    await page.click(`#jobs tr[data-job="${jobs[2]}"] button.link`);
    await waitUntil(async () => (await page.textContent('#job-title'))?.startsWith('dash-run-2') ?? false);
    await waitUntil(async () => (await page.$$('#heatmap td.cell')).length === LABELS * EPOCHS);
    const cells = await page.$$eval('#heatmap td.cell', (tds) => tds.map((td) => [td.getAttribute('data-label'), Number(td.getAttribute('data-epoch')), Number(td.getAttribute('data-f1'))]));
    expect(cells).toHaveLength(LABELS * EPOCHS);
    expect(cells).toContainEqual(['LABEL_2', 3, 0.72]);
    expect(cells).toContainEqual(['LABEL_0', 1, 0.12]);
    expect(await page.$$eval('#dataset tbody tr', (trs) => trs.map((tr) => tr.querySelectorAll('td')[0].textContent).sort())).toEqual(['num_train_samples', 'num_val_samples']);
    expect(await page.textContent('#results')).toContain('321.5');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    expect(problems).toEqual([]);
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
      server: { auth: new Authenticator(new ApiKeyRepository(new DynamoGateway(keysClient, open.tableName)), { ttlMs: 1000, bootstrapAdminKey: KEY }) },
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
  });
});

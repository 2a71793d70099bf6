import type { Browser, Page } from 'playwright-core';
import { createJob, epochInput, RECORD_EPOCH } from '../helpers/api';
import { launchBrowser, openDashboard, saveScreenshot, seriousA11yViolations, waitUntil, type OpenedPage } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { until } from '../helpers/until';

/**
 * The compare and hyper-parameters views in headless Chromium against a real server (job catalog on) and DynamoDB
 * Local: twelve runs whose configs differ in some keys, with per-label scores.
 */

const LRS = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3];
const MODELS = ['layoutlmv3-base', 'bert-base'];
const EPOCHS = [1, 2, 3];
const LABELS = ['LABEL_0', 'LABEL_1', 'LABEL_2'];
const STANDARD = ['val_f1', 'eval_loss', 'train_loss', 'val_precision', 'val_recall', 'learning_rate'];

interface Seeded {
  id: string;
  name: string;
  lr: number;
  batchSize: number;
  model: string;
  bestEpoch: number;
  bestF1: number;
  /** Label F1 by epoch then label (a label the run never scored is absent). */
  labelF1: Map<number, Map<string, number>>;
}

const seeded: Seeded[] = [];
let server: TestServer;
let browser: Browser;

const valF1 = (i: number, epoch: number) => Number((0.5 + i / 50 + epoch / 100 + (i % 4 === 0 && epoch === 2 ? 0.04 : 0)).toFixed(4));
const labelF1 = (i: number, epoch: number, l: number) => Number((0.2 * l + 0.01 * i + 0.05 * epoch).toFixed(3));

/** Seeds run i: its config, and three epochs of val_f1 and per-label scores. */
async function seedRun(i: number): Promise<Seeded> {
  const run: Seeded = {
    id: '',
    name: `cmp-run-${String(i).padStart(2, '0')}`,
    lr: LRS[i % 6],
    batchSize: [16, 32][Math.floor(i / 3) % 2],
    model: MODELS[i % 2],
    bestEpoch: 0,
    bestF1: -1,
    labelF1: new Map(),
  };
  run.id = await createJob(server, {
    name: run.name,
    config: { optimizer: { lr: run.lr, name: 'adamw' }, batch_size: run.batchSize, model_name: run.model, seed: 7 },
  });
  for (const epoch of EPOCHS) {
    // Run 2 never scores LABEL_2: the bars show it missing, not as 0.
    const labels = LABELS.filter((l) => !(i === 2 && l === 'LABEL_2')).map((label, l) => ({
      label,
      f1: labelF1(i, epoch, l),
      precision: 0.5,
      recall: 0.5,
      support: 10,
    }));
    run.labelF1.set(epoch, new Map(labels.map((l) => [l.label, l.f1])));
    const f1 = valF1(i, epoch);
    if (f1 > run.bestF1) [run.bestF1, run.bestEpoch] = [f1, epoch];
    const res = await server.gql(RECORD_EPOCH, { input: { ...epochInput(run.id, epoch, 0), valF1: f1, labels } });
    expect(res.data?.recordEpoch.userErrors).toEqual([]);
  }
  return run;
}

beforeAll(async () => {
  server = await startTestServer({ catalog: {} });
  const launched = launchBrowser();
  await Promise.all(Array.from({ length: 12 }, (_, i) => seedRun(i))).then((runs) => seeded.push(...runs));
  await until(
    () => seeded.every((r) => server.catalog?.entry(r.id)?.summaries.get('val_f1')?.count === EPOCHS.length),
    'the runs in the catalog',
  );
  browser = await launched;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const attr = (page: Page, selector: string, name: string) => page.$eval(selector, (el, n) => el.getAttribute(n), name);
const all = (page: Page, selector: string, name: string) =>
  page.$$eval(selector, (els, n) => els.map((el) => el.getAttribute(n) ?? ''), name);

describe('compare view', () => {
  const compared = () => seeded.slice(0, 3);
  let opened: OpenedPage;

  beforeAll(async () => {
    opened = await openDashboard(browser, server, {
      search: `?view=compare&sel=${compared()
        .map((r) => r.id)
        .join(',')}`,
    });
    await opened.page.waitForSelector('section.compare-view[data-loaded="true"]');
  });
  afterAll(() => opened?.page.close());

  it('lists the runs with their swatch, name and status, and highlights exactly the config keys that differ', async () => {
    const { page } = opened;
    expect(await all(page, 'li.compare-run', 'data-job')).toEqual(compared().map((r) => r.id));
    expect(await page.$$eval('li.compare-run .run-name', (els) => els.map((e) => e.getAttribute('title')))).toEqual(
      compared().map((r) => r.name),
    );
    expect(await page.$$eval('li.compare-run .swatch', (els) => els.length)).toBe(3);
    // Only the differing rows by default (three runs), each marked '≠'.
    expect(await all(page, 'table.config-table tbody tr[data-path]', 'data-path')).toEqual(['model_name', 'optimizer.lr']);
    expect(await page.$$eval('table.config-table tr.differs .diff-mark', (els) => els.length)).toBe(2);
    const lrCells = await page.$$eval('tr[data-path="optimizer.lr"] td', (tds) => tds.map((td) => td.textContent));
    expect(lrCells).toEqual(['1.00e-5', '3.00e-5', '1.00e-4']);
  });

  it('shows every key with "only differences" off, and the differing ones highlighted among them', async () => {
    const { page } = opened;
    await page.getByLabel('Only differences').uncheck();
    await waitUntil(async () => (await page.$$('table.config-table tbody tr[data-path]')).length === 5);
    expect(page.url()).toContain('config=all');
    const rows = await page.$$eval('table.config-table tbody tr[data-path]', (trs) =>
      trs.map((tr) => [tr.getAttribute('data-path'), tr.getAttribute('data-differs')]),
    );
    expect(rows).toEqual([
      ['batch_size', 'false'],
      ['model_name', 'true'],
      ['optimizer.lr', 'true'],
      ['optimizer.name', 'false'],
      ['seed', 'false'],
    ]);
    await page.getByLabel('Only differences').check();
    await waitUntil(async () => (await page.$$('table.config-table tbody tr[data-path]')).length === 2);
  });

  it("puts the runs' summaries side by side as the API gives them, the best run of each row marked", async () => {
    const { page } = opened;
    const metrics = await all(page, 'table.summary-table tbody tr', 'data-metric');
    expect(metrics.slice(0, STANDARD.length)).toEqual(STANDARD);
    for (const run of compared()) {
      const res = await server.gql(`query($id: ID!, $m: [String!]!) { job(id: $id) { summaries(metrics: $m) { best last } } }`, {
        id: run.id,
        m: metrics,
      });
      const cells = await page.$$eval(`table.summary-table td[data-job="${run.id}"]`, (tds) =>
        tds.map((td) => [td.getAttribute('data-best'), td.getAttribute('data-last')]),
      );
      const api = (res.data?.job.summaries as ({ best: number | null; last: number | null } | null)[]).map((s) => [
        s?.best == null ? '' : String(s.best),
        s?.last == null ? '' : String(s.last),
      ]);
      expect(cells).toEqual(api);
    }
    // val_f1: run 2 is best of the three; eval_loss (lower is better) marks the lowest.
    expect(await page.$eval('tr[data-metric="val_f1"] td[data-winner="true"]', (td) => td.getAttribute('data-job'))).toBe(compared()[2].id);
    expect(await page.$$eval('tr[data-metric="learning_rate"] td[data-winner]', (tds) => tds.length)).toBe(0);
  });

  it("lists the runs' other metrics (Job.metricNames) among the summaries", async () => {
    expect(await all(opened.page, 'table.summary-table tbody tr', 'data-metric')).toContain('samples_per_second');
  });

  it("draws per-label F1 as grouped bars at each run's best epoch, a missing label marked missing, not 0", async () => {
    const { page } = opened;
    const bars = await page.$$eval('svg.label-bars rect.bar', (rects) =>
      rects.map((r) => ({
        run: r.getAttribute('data-run') as string,
        label: r.getAttribute('data-label') as string,
        value: Number(r.getAttribute('data-value')),
        height: Number(r.getAttribute('data-height')),
        fill: r.getAttribute('fill'),
        title: r.querySelector('title')?.textContent ?? '',
      })),
    );
    const expected = compared().flatMap((run) =>
      LABELS.flatMap((label) => {
        const v = run.labelF1.get(run.bestEpoch)?.get(label);
        return v === undefined ? [] : [{ run: run.id, label, value: v }];
      }),
    );
    expect(bars.map(({ run, label, value }) => ({ run, label, value }))).toEqual(
      expect.arrayContaining(expected.map((e) => expect.objectContaining(e))),
    );
    expect(bars).toHaveLength(expected.length);
    expect(compared()[0].bestEpoch).toBe(2); // a best epoch that is not the last one
    // Heights proportional to the values (one y scale), one colour per run, values in the hover title.
    const ratio = bars[0].height / bars[0].value;
    for (const b of bars) expect(b.height / b.value).toBeCloseTo(ratio, 1);
    for (const run of compared()) expect(new Set(bars.filter((b) => b.run === run.id).map((b) => b.fill)).size).toBe(1);
    expect(new Set(bars.map((b) => b.fill)).size).toBe(3);
    expect(bars.find((b) => b.run === compared()[1].id && b.label === 'LABEL_1')?.title).toContain(
      `LABEL_1: F1 ${compared()[1].labelF1.get(3)?.get('LABEL_1')}`,
    );
    expect(await all(page, 'svg.label-bars .bar-missing', 'data-run')).toEqual([compared()[2].id]);
    expect(await attr(page, 'svg.label-bars .bar-missing', 'data-label')).toBe('LABEL_2');
    // The table fallback: one row per label, the missing value shown as a dash.
    expect(await page.$eval(`details.bars-table tr[data-label="LABEL_2"] td[data-job="${compared()[2].id}"]`, (td) => td.textContent)).toBe(
      '–',
    );
  });

  it('has no serious accessibility violation, and a run leaves the selection with its remove button', async () => {
    const { page, blocked, problems } = opened;
    await saveScreenshot(page, 'dashboard-compare', true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: `Remove ${compared()[1].name} from the comparison` }).click();
    await waitUntil(async () => (await page.$$('li.compare-run')).length === 2);
    expect(page.url()).toContain(`sel=${compared()[0].id},${compared()[2].id}`);
    expect(blocked).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('says what to do with an empty selection, linking to the runs table', async () => {
    const { page, problems } = await openDashboard(browser, server, { search: '?view=compare' });
    await page.getByRole('link', { name: 'runs table' }).click();
    await page.waitForSelector('table.runs');
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('hyper-parameters view', () => {
  const axesUrl = '?view=hparams&axes=optimizer.lr,batch_size,model_name';

  it('draws the default axes (the numeric keys that vary) when none are chosen', async () => {
    const { page, problems } = await openDashboard(browser, server, { search: '?view=hparams' });
    await page.waitForSelector('.pc canvas[data-lines="12"]');
    expect(await all(page, 'g.pc-axis', 'data-axis')).toEqual(['config.batch_size', 'config.optimizer.lr', 'metrics.val_f1']);
    // The axis chooser: a categorical key added, an axis removed; the choice goes into the URL.
    await page.getByLabel('Config key to add as an axis').selectOption('model_name');
    await page.getByRole('button', { name: 'Add axis' }).click();
    await waitUntil(async () => (await all(page, 'g.pc-axis', 'data-axis')).length === 4);
    await page.getByRole('button', { name: 'Remove the batch_size axis' }).click();
    await waitUntil(
      async () =>
        (await all(page, 'g.pc-axis', 'data-axis')).join() === ['config.optimizer.lr', 'config.model_name', 'metrics.val_f1'].join(),
    );
    expect(new URL(page.url()).searchParams.get('axes')).toBe('optimizer.lr,model_name');
    // The scatter's metric, chosen among the runs' metrics.
    await page.getByLabel('Scatter y: metric').selectOption('eval_loss');
    await page.waitForSelector('.scatter canvas[aria-label*="against eval_loss"][data-points="12"]');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('brushes an axis by dragging, counts the runs inside, keeps the brush in the URL, and opens them in the runs table', async () => {
    const { page, blocked, problems } = await openDashboard(browser, server, { search: axesUrl });
    await page.waitForSelector('.pc canvas[data-lines="12"]');
    expect(await all(page, 'g.pc-axis', 'data-axis')).toEqual([
      'config.optimizer.lr',
      'config.batch_size',
      'config.model_name',
      'metrics.val_f1',
    ]);
    expect(await all(page, 'g.pc-axis', 'data-kind')).toEqual(['log', 'linear', 'category', 'linear']);

    // Drag on the learning-rate axis (log: 1e-5 at the bottom, 3e-3 at the top) from about 5e-4 down to about 5e-5.
    const axis = await page.$eval('g[data-axis="config.optimizer.lr"]', (g) => ({
      x: Number(g.getAttribute('data-x')),
      top: Number(g.getAttribute('data-top')),
      bottom: Number(g.getAttribute('data-bottom')),
    }));
    const box = (await page.$('.pc'))?.boundingBox();
    const origin = await box;
    if (!origin) throw new Error('no chart');
    const yOf = (v: number) =>
      axis.bottom - ((Math.log10(v) - Math.log10(1e-5)) / (Math.log10(3e-3) - Math.log10(1e-5))) * (axis.bottom - axis.top);
    await page.mouse.move(origin.x + axis.x, origin.y + yOf(5e-4));
    await page.mouse.down();
    await page.mouse.move(origin.x + axis.x, origin.y + yOf(2e-4), { steps: 4 });
    await page.mouse.move(origin.x + axis.x, origin.y + yOf(5e-5), { steps: 4 });
    await page.mouse.up();
    await page.waitForSelector('g[data-axis="config.optimizer.lr"] rect.pc-brush');
    const lo = Number(await attr(page, 'g[data-axis="config.optimizer.lr"] rect.pc-brush', 'data-lo'));
    const hi = Number(await attr(page, 'g[data-axis="config.optimizer.lr"] rect.pc-brush', 'data-hi'));
    const inRange = seeded.filter((r) => r.lr >= lo && r.lr <= hi);
    expect(inRange.map((r) => r.lr).sort()).toEqual([1e-4, 1e-4, 3e-4, 3e-4]);
    const count = () => attr(page, '.count-line', 'data-inside');
    await waitUntil(async () => (await count()) === String(inRange.length));
    expect(page.url()).toContain('brush=');
    expect((await all(page, 'table.brushed-runs tbody tr', 'data-job')).sort()).toEqual(inRange.map((r) => r.id).sort());

    // The brush survives a reload (it lives in the URL).
    await page.reload();
    await page.waitForSelector('.pc canvas[data-lines="12"]');
    await waitUntil(async () => (await count()) === String(inRange.length));
    expect(Number(await attr(page, 'g[data-axis="config.optimizer.lr"] rect.pc-brush', 'data-lo'))).toBe(lo);

    // The drag left one history entry: back is the view before it, forward the brush again.
    await page.goBack();
    await waitUntil(async () => (await page.$('rect.pc-brush')) === null && (await count()) === '12');
    await page.goForward();
    await waitUntil(async () => (await count()) === String(inRange.length));

    // A second brush from the keyboard form: the model axis, bert-base only.
    await page.getByLabel('Axis to brush').selectOption('config.model_name');
    await page.getByLabel('Brush from').selectOption({ label: 'bert-base' });
    await page.getByLabel('Brush to').selectOption({ label: 'bert-base' });
    await page.getByRole('button', { name: 'Set brush' }).click();
    const both = inRange.filter((r) => r.model === 'bert-base');
    expect(both).toHaveLength(2);
    await waitUntil(async () => (await count()) === String(both.length));

    // The scatter: one point per run (optimizer.lr against val_f1), on a log x axis.
    expect(await attr(page, '.scatter canvas', 'data-points')).toBe('12');
    expect(await attr(page, '.scatter canvas', 'data-x-scale')).toBe('log');
    await saveScreenshot(page, 'dashboard-hparams', true);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('link', { name: /Show in runs table/ }).click();
    await page.waitForSelector('table.runs');
    await waitUntil(async () => (await all(page, 'table.runs tr[data-job]', 'data-job')).length === both.length);
    expect((await all(page, 'table.runs tr[data-job]', 'data-job')).sort()).toEqual(both.map((r) => r.id).sort());
    expect(new URL(page.url()).searchParams.get('q')).toContain('config.optimizer.lr >=');
    expect(blocked).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows the hovered run in the scatter, in the dark theme too, without accessibility violations', async () => {
    const { page, problems } = await openDashboard(browser, server, { search: `${axesUrl}&sx=batch_size`, colorScheme: 'dark' });
    await page.waitForSelector('.scatter canvas[data-points="12"]');
    expect(await attr(page, '.scatter canvas', 'data-x-scale')).toBe('linear');
    // The best run (highest val_f1: the top of the plot) has batch size 32 (the right end of x).
    const best = seeded.reduce((a, b) => (b.bestF1 > a.bestF1 ? b : a));
    expect(best.batchSize).toBe(32);
    const numbers = async (name: string) => ((await attr(page, '.scatter canvas', name)) ?? '').split(',').map(Number);
    const [left, top, width, height] = await numbers('data-plot');
    const [x0, x1] = await numbers('data-x-domain');
    const [y0, y1] = await numbers('data-y-domain');
    await page.$eval('.scatter', (el) => el.scrollIntoView());
    const origin = await (await page.$('.scatter'))?.boundingBox();
    if (!origin) throw new Error('no scatter');
    const x = left + ((best.batchSize - x0) / (x1 - x0)) * width;
    const y = top + (1 - (best.bestF1 - y0) / (y1 - y0)) * height;
    await page.mouse.move(origin.x + x + 3, origin.y + y - 2);
    await waitUntil(async () => (await attr(page, '.scatter', 'data-hover')) === best.id);
    expect(await page.$eval('.scatter .tooltip', (el) => el.textContent)).toContain(best.name);
    await page.$eval('html', (el) => el.scrollTo(0, 0));
    await saveScreenshot(page, 'dashboard-hparams-dark', true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});

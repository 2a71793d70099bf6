import type { Browser, Page } from 'playwright-core';
import { createJob, epochInput, RECORD_EPOCH } from '../helpers/api';
import { launchBrowser, openDashboard, saveScreenshot, sleep, waitUntil, type OpenedPage } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * The runs table in headless Chromium against a real server (job catalog, live events, a 2 s staleness limit): search,
 * chips, sorting, columns, grouping, tag and notes editing, URL state, and 300 runs scrolled through a virtualised table.
 * Every list the page shows is checked against the API's own answer to the same search.
 */

const RUNS = 30;
const MODELS = ['bert', 'roberta'];
const LRS = [1e-3, 1e-4, 3e-4];
const EPOCHS = 3;
/** Run i's val_f1 at `epoch`: distinct bests (7 and 30 are coprime), rising with the epoch. */
const valF1 = (i: number, epoch: number) => Number((0.5 + ((i * 7) % 30) / 100 + epoch / 100).toFixed(4));
const statusOf = (i: number) => (i % 5 === 0 ? 'RUNNING' : i % 5 === 1 ? 'FAILED' : 'SUCCEEDED');

const SEARCH = `query($filter: JobFilter, $query: String, $orderBy: [JobOrder!]) {
  jobs(filter: $filter, query: $query, orderBy: $orderBy, first: 500) { totalCount edges { node { id name tags notes } } }
}`;
const JOB = `query($id: ID!) { job(id: $id) { id tags notes } }`;
const SET_TAGS = `mutation($input: SetJobTagsInput!) { setJobTags(input: $input) { userErrors { message } } }`;
const FINALIZE = `mutation($input: FinalizeJobInput!) { finalizeJob(input: $input) { userErrors { code message } } }`;

/** Runs `task(i)` for i in 0..count-1, `width` at a time (seeding without waiting on each round trip in turn). */
async function inParallel<T>(count: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) out[i] = await task(i);
  };
  await Promise.all(Array.from({ length: width }, worker));
  return out;
}

describe('the runs table', () => {
  let server: TestServer;
  let browser: Browser;
  let opened: OpenedPage;
  let page: Page;
  const ids: string[] = [];
  const names: string[] = [];
  const pages: OpenedPage[] = [];

  /** The API's ids for a search, in its order. */
  async function api(vars: Record<string, unknown>): Promise<string[]> {
    const res = await server.gql(SEARCH, vars);
    expect(res.errors).toBeUndefined();
    return res.data?.jobs.edges.map((e: { node: { id: string } }) => e.node.id);
  }
  const rowIds = (p: Page = page) =>
    p.$$eval('table.runs tbody tr[data-job]', (trs) => trs.map((tr) => tr.getAttribute('data-job') as string));
  /** Waits until the table shows exactly `expected`, in order (or in any order when `ordered` is false). */
  async function rowsAre(expected: string[], ordered = true, p: Page = page): Promise<void> {
    const norm = (l: string[]) => (ordered ? l : [...l].sort());
    await waitUntil(
      async () => JSON.stringify(norm(await rowIds(p))) === JSON.stringify(norm(expected)),
      10_000,
      `the table did not show the ${expected.length} expected rows`,
    ).catch(async (e) => {
      expect(norm(await rowIds(p))).toEqual(norm(expected));
      throw e;
    });
  }
  const search = async (text: string) => {
    await page.fill('#search-input', text);
    await page.press('#search-input', 'Enter');
  };

  beforeAll(async () => {
    server = await startTestServer({ live: { quietMs: 300 }, catalog: { staleAfterMs: 2000 } });
    await inParallel(RUNS, 6, async (i) => {
      const name = `${['alpha', 'beta', 'gamma'][i % 3]}-${String(i).padStart(2, '0')}`;
      const id = await createJob(server, {
        name,
        status: 'RUNNING',
        config: { optimizer: { lr: LRS[i % 3], name: 'adamw' }, model_name: MODELS[i % 2], seed: i },
        tags: { team: i % 3 === 0 ? 'vision' : 'nlp', dataset: i % 2 ? 'receipts' : 'invoices' },
      });
      for (let epoch = 1; epoch <= EPOCHS; epoch++) {
        const res = await server.gql(RECORD_EPOCH, { input: epochInput(id, epoch, 1, { valF1: valF1(i, epoch) }) });
        expect(res.data?.recordEpoch.userErrors).toEqual([]);
      }
      if (statusOf(i) !== 'RUNNING') {
        const res = await server.gql(FINALIZE, { input: { jobId: id, status: statusOf(i), trainRuntime: 60 + i } });
        expect(res.data?.finalizeJob.userErrors).toEqual([]);
      }
      ids[i] = id;
      names[i] = name;
    });
    // The catalog has every run's best val_f1 (through the stream) before the page reads it.
    const byBest = { field: 'METRIC', metric: 'val_f1', stat: 'BEST', direction: 'DESC' };
    const expected = [...ids.keys()].sort((a, b) => valF1(b, EPOCHS) - valF1(a, EPOCHS)).map((i) => ids[i]);
    await waitUntil(async () => JSON.stringify(await api({ orderBy: [byBest] })) === JSON.stringify(expected), 15_000, 'summaries');
    browser = await launchBrowser();
    opened = await openDashboard(browser, server);
    page = opened.page;
    await page.waitForSelector('table.runs tbody tr[data-job]');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('a text search shows the runs the API finds; a refused query shows the server message with a caret at its column', async () => {
    const text = 'config.model_name = "bert" and config.optimizer.lr < 5e-4';
    await search(text);
    const expected = await api({ query: text });
    expect(expected).toHaveLength(10);
    await rowsAre(expected, false);
    expect(await page.textContent('.count-line')).toContain('10 runs');
    expect(new URL(page.url()).searchParams.get('q')).toBe(text);
    // The marks the browser bench times a search by; the same search submitted again runs again.
    const marks = (name: string) => page.evaluate((n) => performance.getEntriesByName(n, 'mark').length, name);
    const [submitted, rendered] = [await marks('search-submitted'), await marks('search-rendered')];
    expect(submitted).toBeGreaterThan(0);
    await search(text);
    await waitUntil(async () => (await marks('search-rendered')) === rendered + 1);
    expect(await marks('search-submitted')).toBe(submitted + 1);
    await rowsAre(expected, false);

    const bad = 'config.model_name = "bert" and metrics.val_f1 >';
    await search(bad);
    await page.waitForSelector('#search-problem');
    const res = await server.gql(SEARCH, { query: bad });
    const column = res.errors?.[0].extensions?.column as number;
    expect(column).toBeGreaterThan(30);
    const [shown, caret] = ((await page.textContent('#search-problem pre.caret')) ?? '').split('\n');
    expect(shown).toBe(bad);
    expect(caret.indexOf('^')).toBe(column - 1);
    expect(await page.textContent('#search-problem')).toContain(res.errors?.[0].message);
    expect(await page.getAttribute('#search-input', 'aria-invalid')).toBe('true');
    // A search that matches nothing says so, rather than an empty table.
    await search('config.model_name = "no-such-model"');
    await page.waitForSelector('table.runs tr.empty-row');
    expect(await page.textContent('table.runs tr.empty-row')).toBe('No run matches this search and these filters.');
    await search('');
    await rowsAre(ids, false);
    expect(await page.$('#search-problem')).toBeNull();
    expect(await page.$('table.runs tr.empty-row')).toBeNull();
  });

  test('the status, tag and stale chips filter the table as the API filters', async () => {
    await page.click('button.chip.status-failed');
    await rowsAre(await api({ filter: { status: ['FAILED'] } }), false);
    expect(await page.getAttribute('button.chip.status-failed', 'aria-pressed')).toBe('true');
    await page.click('button.chip.status-failed');
    await rowsAre(ids, false);

    // The tag chooser lists the runs' key=value pairs with their counts; one chosen becomes a chip.
    await page.click('.tag-chooser button.popover-button');
    await page.waitForSelector('.tag-chooser button.tag-choice[data-tag="team=vision"]');
    expect((await page.textContent('.tag-chooser button.tag-choice[data-tag="team=vision"] .count'))?.trim()).toBe('10');
    await page.click('.tag-chooser button.tag-choice[data-tag="team=vision"]');
    await page.waitForSelector('.chips .tag-chip[data-tag="team=vision"]');
    const vision = await api({ filter: { tags: [{ key: 'team', equals: 'vision' }] } });
    expect(vision).toHaveLength(10);
    await rowsAre(vision, false);
    await page.click('.chips .tag-chip[data-tag="team=vision"] button');
    await rowsAre(ids, false);

    // Nothing heard from the RUNNING runs for longer than the 2 s limit: they are stale, with a badge in the status column.
    await waitUntil(async () => (await api({ filter: { stale: true } })).length === RUNS / 5, 10_000, 'staleness');
    const stale = await api({ filter: { stale: true } });
    await page.click('button.chip.stale');
    await rowsAre(stale, false);
    expect(await page.$$eval('table.runs tbody tr[data-job] .badge.stale', (b) => b.length)).toBe(stale.length);
    await page.click('button.chip.stale');
    await rowsAre(ids, false);
  });

  test('sorting by name (both ways) and by best val_f1 gives the API order', async () => {
    const order = (field: string, direction: string, extra: Record<string, string> = {}) =>
      api({ orderBy: [{ field, direction, ...extra }] });
    await page.click('th[data-sort="name"] button');
    await rowsAre(await order('NAME', 'ASC'));
    expect(await page.getAttribute('th[data-sort="name"]', 'aria-sort')).toBe('ascending');
    expect((await rowIds()).map((id) => names[ids.indexOf(id)])).toEqual([...names].sort());
    await page.click('th[data-sort="name"] button');
    await rowsAre(await order('NAME', 'DESC'));
    expect(await page.getAttribute('th[data-sort="name"]', 'aria-sort')).toBe('descending');
    await page.click('th[data-sort="metric:val_f1:best"] button');
    const best = await order('METRIC', 'DESC', { metric: 'val_f1', stat: 'BEST' });
    await rowsAre(best);
    const shown = await page.$$eval('table.runs tbody tr[data-job] td.best', (tds) =>
      tds.map((td) => Number(td.getAttribute('data-value'))),
    );
    expect(shown).toEqual(best.map((id) => valF1(ids.indexOf(id), EPOCHS)));
  });

  test('a config column and a metric column added from the column chooser show each run its values', async () => {
    await page.click('.column-chooser button.popover-button');
    await page.waitForSelector('.column-chooser input[data-col="config:optimizer.lr"]');
    await page.check('.column-chooser input[data-col="config:optimizer.lr"]');
    await page.check('.column-chooser input[data-col="metric:val_f1:min"]');
    await page.keyboard.press('Escape');
    expect(await page.$('.column-chooser .popover')).toBeNull();
    expect(new URL(page.url()).searchParams.get('cols')).toBe('config:optimizer.lr,metric:val_f1:min');
    await page.waitForSelector('th[data-sort="config:optimizer.lr"]');
    const cells = async (col: string) =>
      page.$$eval(`table.runs tbody tr[data-job] td[data-col="${col}"]`, (tds) =>
        Object.fromEntries(tds.map((td) => [td.closest('tr')?.getAttribute('data-job'), td.textContent])),
      );
    await waitUntil(async () => Object.keys(await cells('config:optimizer.lr')).length === RUNS);
    const lr = await cells('config:optimizer.lr');
    const min = await cells('metric:val_f1:min');
    ids.forEach((id, i) => {
      expect(Number(lr[id])).toBe(LRS[i % 3]);
      expect(Number(min[id])).toBe(valF1(i, 1));
    });
    // Sortable too: by the config value, as the API orders.
    await page.click('th[data-sort="config:optimizer.lr"] button');
    await rowsAre(await api({ orderBy: [{ field: 'CONFIG', path: 'optimizer.lr', direction: 'ASC' }] }));
    await saveScreenshot(page, 'dashboard-runs');
  });

  test('grouping by a config key shows each group with its count and mean ± std of the best val_f1, and its members', async () => {
    await page.click('.group-chooser button.popover-button');
    await page.check('.group-chooser input[data-group="model_name"]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('table.groups-table tr.group-row');
    expect(await page.$('table.runs')).toBeNull();
    const groups = await page.$$eval('table.groups-table tr.group-row', (trs) =>
      trs.map((tr) => ({
        key: tr.querySelector('td.key')?.textContent,
        count: Number(tr.getAttribute('data-count')),
        mean: Number(tr.getAttribute('data-mean')),
        std: Number(tr.getAttribute('data-std')),
        text: tr.querySelector('td.mean-cell')?.textContent,
      })),
    );
    expect(groups.map((g) => g.key).sort()).toEqual(MODELS);
    for (const [m, model] of MODELS.entries()) {
      const bests = [...ids.keys()].filter((i) => i % 2 === m).map((i) => valF1(i, EPOCHS));
      const mean = bests.reduce((a, b) => a + b, 0) / bests.length;
      const std = Math.sqrt(bests.reduce((a, b) => a + (b - mean) ** 2, 0) / (bests.length - 1));
      const g = groups.find((x) => x.key === model);
      expect(g?.count).toBe(RUNS / 2);
      expect(g?.mean).toBeCloseTo(mean, 9);
      expect(g?.std).toBeCloseTo(std, 9);
      expect(g?.text).toBe(`${Number(mean.toPrecision(4))} ± ${Number(std.toPrecision(4))}`);
    }
    // A group expands to its members, by name.
    const row = page.locator('table.groups-table tr.group-row', { hasText: 'roberta' });
    await row.locator('button[aria-expanded]').click();
    await page.waitForSelector('.group-members li[data-job] a');
    const members = await page.$$eval('.group-members li[data-job] a', (as) => as.map((a) => a.textContent));
    expect(members.sort()).toEqual(names.filter((_, i) => i % 2 === 1).sort());
    expect(await page.$('.group-curves[data-by="model_name"]')).not.toBeNull();
    await saveScreenshot(page, 'dashboard-groups');
    // "Show these runs in the table": the group's condition joins the search.
    await page.click('.group-members button:has-text("Show these runs in the table")');
    await page.waitForSelector('table.runs');
    expect(await page.inputValue('#search-input')).toBe('config.model_name = "roberta"');
    await rowsAre(
      ids.filter((_, i) => i % 2 === 1),
      false,
    );
    await search('');
    await rowsAre(ids, false);
  });

  test('tags and notes edited in a row reach the API, the row updates in place, and refusals show in the editor', async () => {
    const id = ids[4];
    const row = `table.runs tr[data-job="${id}"]`;
    await page.click(`${row} button.edit-run`);
    await page.waitForSelector(`.run-editor[data-job="${id}"]`);
    expect(await page.$eval('body', (body) => body.ownerDocument.activeElement?.getAttribute('name'))).toBe('tag-key');
    await page.fill('.run-editor input[name="tag-key"]', 'reviewed');
    await page.fill('.run-editor input[name="tag-value"]', 'yes');
    await page.press('.run-editor input[name="tag-value"]', 'Enter');
    await page.waitForSelector('.run-editor .tag-chip[data-tag="reviewed=yes"]');
    await waitUntil(async () => (await page.textContent(`${row} .tags-text`))?.includes('reviewed=yes') ?? false);
    await page.click('.run-editor button[aria-label="Remove the tag team"]');
    await waitUntil(async () => !(await page.textContent(`${row} .tags-text`))?.includes('team='));
    await page.fill('#run-notes', 'lr too high; rerun with warmup');
    await page.click('.run-editor button:has-text("Save notes")');
    await page.waitForSelector(`${row} .notes-badge`);
    const job = (await server.gql(JOB, { id })).data?.job;
    expect(job.tags).toEqual({ reviewed: 'yes', dataset: 'invoices' });
    expect(job.notes).toBe('lr too high; rerun with warmup');
    // A refused tag: the server's user error shows under the tag form, nothing changes.
    await page.fill('.run-editor input[name="tag-key"]', 'k'.repeat(201));
    await page.press('.run-editor input[name="tag-key"]', 'Enter');
    await page.waitForSelector('#tag-errors');
    expect(await page.textContent('#tag-errors')).toMatch(/200/);
    expect((await server.gql(JOB, { id })).data?.job.tags).toEqual({ reviewed: 'yes', dataset: 'invoices' });
    await page.keyboard.press('Escape');
    expect(await page.$('.run-editor')).toBeNull();
    expect(await page.$eval('body', (body) => body.ownerDocument.activeElement?.classList.contains('edit-run'))).toBe(true);
  });

  test('the URL holds the view: a new page shows the same filters, sort, columns and selection; back and forward step through them', async () => {
    await page.click('button.chip.status-succeeded');
    await page.click('th[data-sort="name"] button');
    const succeeded = await api({ filter: { status: ['SUCCEEDED'] }, orderBy: [{ field: 'NAME', direction: 'ASC' }] });
    await rowsAre(succeeded);
    await page.check(`table.runs tr[data-job="${succeeded[0]}"] input.select-job`);
    await page.check(`table.runs tr[data-job="${succeeded[2]}"] input.select-job`);
    await page.waitForSelector('.selection-bar a:has-text("Compare")');
    const url = page.url();
    expect(new URL(url).searchParams.get('sel')).toBe(`${succeeded[0]},${succeeded[2]}`);

    const other = await openDashboard(browser, server, { search: new URL(url).search });
    pages.push(other);
    await rowsAre(succeeded, true, other.page);
    expect(await other.page.getAttribute('button.chip.status-succeeded', 'aria-pressed')).toBe('true');
    expect(await other.page.getAttribute('th[data-sort="name"]', 'aria-sort')).toBe('ascending');
    expect(
      await other.page.$$eval(
        'table.runs thead th[data-sort^="config:"], table.runs thead th[data-sort^="metric:val_f1:min"]',
        (t) => t.length,
      ),
    ).toBe(2);
    expect(
      await other.page.$$eval('table.runs tbody input.select-job:checked', (c) => c.map((x) => x.closest('tr')?.getAttribute('data-job'))),
    ).toEqual([succeeded[0], succeeded[2]]);
    expect(await other.page.getAttribute('.selection-bar a.button', 'href')).toContain('view=compare');

    // Back: the selection, then the sort, then the status chip go; forward brings the chip back.
    await page.goBack();
    await page.goBack();
    await page.goBack();
    await rowsAre(await api({ filter: { status: ['SUCCEEDED'] }, orderBy: [{ field: 'CONFIG', path: 'optimizer.lr', direction: 'ASC' }] }));
    await page.goBack();
    expect(await page.getAttribute('button.chip.status-succeeded', 'aria-pressed')).toBe('false');
    await rowsAre(ids, false);
    await page.goForward();
    await rowsAre(await api({ filter: { status: ['SUCCEEDED'] }, orderBy: [{ field: 'CONFIG', path: 'optimizer.lr', direction: 'ASC' }] }));
    expect(await page.getAttribute('button.chip.status-succeeded', 'aria-pressed')).toBe('true');
    expect(other.blocked).toEqual([]);
    expect(other.problems).toEqual([]);
  });

  test('300 more runs: only the rows in view are in the DOM, the scroll reads the rest, a live change keeps the scroll, selection stops at 20', async () => {
    const many = await inParallel(300, 8, (i) => createJob(server, { name: `virt-${String(i).padStart(3, '0')}` }));
    const other = await openDashboard(browser, server, { search: `?q=${encodeURIComponent('name startswith "virt-"')}&sort=name:asc` });
    pages.push(other);
    const p = other.page;
    await p.waitForSelector('table.runs tbody tr[data-job]');
    await waitUntil(async () => (await p.textContent('.count-line'))?.includes('300 runs') ?? false);
    const inDom = await rowIds(p);
    expect(inDom[0]).toBe(many[0]);
    expect(inDom.length).toBeLessThan(60);
    expect(await p.$$eval('table.runs tbody tr', (trs) => trs.length)).toBeLessThan(65);
    expect(other.variables.filter((v) => 'after' in v && 'first' in v).every((v) => (v.first as number) <= 500)).toBe(true);

    // To the middle: a live change to a run in view re-reads it in place, the scroll stays.
    await p.$eval('.table-scroll', (el) => (el.scrollTop = 150 * 34));
    await waitUntil(async () => (await rowIds(p)).includes(many[155]));
    const target = many[155];
    const scrolled = await p.$eval('.table-scroll', (el) => el.scrollTop);
    const set = await server.gql(SET_TAGS, { input: { jobId: target, set: [{ key: 'live', value: 'seen' }] } });
    expect(set.data?.setJobTags.userErrors).toEqual([]);
    await waitUntil(async () => (await p.textContent(`tr[data-job="${target}"] .tags-text`))?.includes('live=seen') ?? false, 8000);
    expect(await p.$eval('.table-scroll', (el) => el.scrollTop)).toBe(scrolled);
    expect(await rowIds(p)).toContain(target);

    // To the bottom: the last pages are read and the last run is reachable.
    await p.$eval('.table-scroll', (el) => (el.scrollTop = el.scrollHeight));
    await waitUntil(async () => (await rowIds(p)).includes(many[299]), 10_000, 'the last row');
    expect((await rowIds(p)).length).toBeLessThan(60);
    await p.locator(`tr[data-job="${many[299]}"] a`).scrollIntoViewIfNeeded();
    expect(await p.locator(`tr[data-job="${many[299]}"] a`).isVisible()).toBe(true);
    expect(await p.textContent(`tr[data-job="${many[299]}"] td.name`)).toBe('virt-299');

    // "Select the runs in view" takes 20 and says why not more.
    await p.click('table.runs thead input[type="checkbox"]');
    await waitUntil(async () => ((await p.textContent('.selection-notice')) ?? '').includes('At most 20'));
    expect(new URL(p.url()).searchParams.get('sel')?.split(',')).toHaveLength(20);
    expect(other.blocked).toEqual([]);
    expect(other.problems).toEqual([]);
  });

  test('nothing left the server and the page reported no error', async () => {
    await sleep(100);
    expect(opened.blocked).toEqual([]);
    expect(opened.problems).toEqual([]);
    for (const p of pages) expect(p.problems).toEqual([]);
  });
});

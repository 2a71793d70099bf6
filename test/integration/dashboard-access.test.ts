import type { Browser, Page } from 'playwright-core';
import { createDocumentClient } from '../../src/db/client';
import { DynamoGateway } from '../../src/db/gateway';
import { ensureTable } from '../../src/db/table';
import { newApiKey, type Role } from '../../src/modules/auth/api-key';
import { ApiKeyRepository } from '../../src/modules/auth/api-key-repository';
import { Authenticator } from '../../src/modules/auth/authenticator';
import { nowTimestamp } from '../../src/platform/time';
import { createJob } from '../helpers/api';
import { launchBrowser, openDashboard, saveScreenshot, seriousA11yViolations, waitUntil } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Who may use the dashboard and how: with API keys on, it asks for a reader key to read and follow live events, and for
 * a writer key to edit (a reader key is refused); without keys and without live events, it loads from the server alone
 * and says why it is not live; it passes axe-core in the light and dark themes, and the keyboard reaches its controls.
 */

const ADMIN = 'dashboard-access-admin-key-0123456789abcdefghijkl';
const TAGS_OF = `query($id: ID!) { job(id: $id) { tags } }`;

describe('the dashboard with API keys on', () => {
  let server: TestServer;
  let browser: Browser;
  let jobId: string;
  const keys: Record<'reader' | 'writer', string> = { reader: '', writer: '' };
  const destroy: (() => void)[] = [];

  beforeAll(async () => {
    // Jobs written before the keys go on (the open server), read through them after.
    const open = await startTestServer();
    jobId = await createJob(open, { name: 'keyed-run', status: 'RUNNING', tags: { team: 'ocr' } });
    await open.close();
    const doc = createDocumentClient({ region: 'us-east-1', endpoint: process.env.DYNAMODB_ENDPOINT, timeoutMs: 5000 });
    destroy.push(() => doc.destroy());
    await ensureTable(doc, open.tableName);
    const repository = new ApiKeyRepository(new DynamoGateway(doc, open.tableName));
    for (const role of ['reader', 'writer'] as const satisfies readonly Role[]) {
      const { key, keyId, hash } = newApiKey();
      await repository.create({ keyId, name: `dashboard-${role}`, role, hash, createdAt: nowTimestamp(), revokedAt: null });
      keys[role] = key;
    }
    server = await startTestServer({
      tableName: open.tableName,
      skipTableCreation: true,
      live: { quietMs: 300 },
      catalog: {},
      server: { auth: new Authenticator(repository, { ttlMs: 1000, bootstrapAdminKey: ADMIN }) },
    });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    for (const d of destroy) d();
  });

  /** Types a key into the key dialog (which must be asking for `title`) and submits it. */
  async function giveKey(page: Page, title: string, key: string): Promise<void> {
    await page.waitForSelector('.dialog #key');
    expect(await page.textContent('#key-title')).toBe(title);
    await page.fill('.dialog #key', key);
    await page.click('.dialog button[type="submit"]');
  }

  test('asks for a key, shows the runs with a reader key, and the live badge goes live with it; editing asks for a writer key and refuses the reader key', async () => {
    const { page, blocked, problems } = await openDashboard(browser, server);
    await giveKey(page, 'API key', keys.reader);
    await page.waitForSelector(`table.runs tr[data-job="${jobId}"]`);
    expect(await page.textContent(`table.runs tr[data-job="${jobId}"] td.name`)).toBe('keyed-run');
    await page.waitForSelector('#live[data-state="live"]');

    await page.click(`table.runs tr[data-job="${jobId}"] button.edit-run`);
    await page.fill('.run-editor input[name="tag-key"]', 'reviewed');
    await page.fill('.run-editor input[name="tag-value"]', 'yes');
    await page.press('.run-editor input[name="tag-value"]', 'Enter');
    // No writer key yet: the dialog asks for one. The reader key given there is refused (FORBIDDEN) and asked for again.
    const refused = page.waitForResponse(async (r) => r.url().endsWith('/graphql') && (await r.text()).includes('FORBIDDEN'));
    await giveKey(page, 'Writer key', keys.reader);
    const body = (await (await refused).json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
    await waitUntil(async () => (await page.textContent('.dialog'))?.includes('writer role') ?? false);
    expect(await page.textContent('.dialog p')).toContain('has reader');
    await giveKey(page, 'Writer key', keys.writer);
    await page.waitForSelector('.run-editor .tag-chip[data-tag="reviewed=yes"]');
    expect(await page.$('.dialog')).toBeNull();
    await waitUntil(
      async () => (await page.textContent(`table.runs tr[data-job="${jobId}"] .tags-text`))?.includes('reviewed=yes') ?? false,
    );
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.reader}` },
      body: JSON.stringify({ query: TAGS_OF, variables: { id: jobId } }),
    });
    expect(((await res.json()) as { data: { job: { tags: unknown } } }).data.job.tags).toEqual({ team: 'ocr', reviewed: 'yes' });
    expect(blocked).toEqual([]);
    expect(problems.filter((p) => !/status of 40[13]/.test(p))).toEqual([]);
  });
});

describe('the dashboard without keys and without live events', () => {
  let server: TestServer;
  let browser: Browser;
  const ids: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ catalog: {} });
    for (let i = 0; i < 4; i++)
      ids.push(
        await createJob(server, {
          name: `open-run-${i}`,
          status: i % 2 ? 'RUNNING' : 'PENDING',
          config: { optimizer: { lr: 10 ** -(i + 2) }, model_name: 'bert' },
          tags: { team: i % 2 ? 'ocr' : 'nlp' },
        }),
      );
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('loads with no request leaving the server and says it is not live, with the reason', async () => {
    const { page, blocked, problems } = await openDashboard(browser, server);
    await page.waitForSelector('table.runs tbody tr[data-job]');
    await page.waitForSelector('#live[data-state="offline"]');
    expect(await page.textContent('#live')).toBe('not live');
    expect(await page.getAttribute('#live', 'title')).toMatch(/^live updates are off: .+/);
    expect(blocked).toEqual([]);
    expect(problems).toEqual([]);
  });

  for (const theme of ['light', 'dark'] as const)
    test(`the runs view has no serious or critical accessibility violation in the ${theme} theme (table, choosers, editor, groups)`, async () => {
      const { page, blocked, problems } = await openDashboard(browser, server, { colorScheme: theme });
      await page.waitForSelector('table.runs tbody tr[data-job]');
      expect(await page.getAttribute('html', 'data-theme')).toBe(theme);
      await page.check(`table.runs tr[data-job="${ids[0]}"] input.select-job`);
      await page.click('button.chip.status-running');
      await page.waitForSelector(`table.runs tr[data-job="${ids[1]}"] .status-running`);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.click('.column-chooser button.popover-button');
      await page.waitForSelector('.column-chooser input[data-col="config:optimizer.lr"]');
      await page.check('.column-chooser input[data-col="config:optimizer.lr"]');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await saveScreenshot(page, `dashboard-runs-columns-${theme}`);
      await page.keyboard.press('Escape');
      await page.click('.tag-chooser button.popover-button');
      await page.waitForSelector('.tag-chooser button.tag-choice');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await page.click(`table.runs tr[data-job="${ids[1]}"] button.edit-run`);
      await page.waitForSelector('.run-editor');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await saveScreenshot(page, `dashboard-runs-editor-${theme}`);
      await page.keyboard.press('Escape');
      await page.fill('#search-input', 'config.optimizer.lr <');
      await page.press('#search-input', 'Enter');
      await page.waitForSelector('#search-problem');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.goto(page.url().replace(/\?.*$/, '?group=tags.team'));
      await page.waitForSelector('table.groups-table tr.group-row');
      await page.click('table.groups-table tr.group-row button[aria-expanded]');
      await page.waitForSelector('.group-members li[data-job]');
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(blocked).toEqual([]);
      expect(problems).toEqual([]);
    });

  test('the keyboard reaches the search box, the chips, the column chooser and a row checkbox, in that order, and works them', async () => {
    const { page, problems } = await openDashboard(browser, server);
    await page.waitForSelector('table.runs tbody tr[data-job]');
    const focused = () =>
      page.$eval('body', (body) => {
        const el = body.ownerDocument.activeElement;
        if (!el) return '';
        if (el.id === 'search-input') return 'search';
        if (el.matches('button.chip')) return 'chip';
        if (el.closest('.column-chooser') && el.matches('button.popover-button')) return 'columns';
        if (el.matches('input.select-job')) return `row:${el.closest('tr')?.getAttribute('data-job')}`;
        return el.tagName.toLowerCase();
      });
    const order: string[] = [];
    for (let i = 0; i < 60 && !order.some((o) => o.startsWith('row:')); i++) {
      await page.keyboard.press('Tab');
      order.push(await focused());
    }
    const at = (what: string) => order.findIndex((o) => o.startsWith(what));
    expect(at('search')).toBeGreaterThanOrEqual(0);
    expect(at('chip')).toBeGreaterThan(at('search'));
    expect(at('columns')).toBeGreaterThan(at('chip'));
    expect(at('row:')).toBeGreaterThan(at('columns'));
    // Space selects the focused row; back to the column chooser: Enter opens it with the focus inside, Escape closes it.
    const row = order[at('row:')].slice('row:'.length);
    await page.keyboard.press('Space');
    await waitUntil(async () => new URL(page.url()).searchParams.get('sel') === row);
    await page.focus('.column-chooser button.popover-button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.column-chooser .popover');
    expect(await page.$eval('body', (body) => !!body.ownerDocument.activeElement?.closest('.popover'))).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.$('.column-chooser .popover')).toBeNull();
    expect(await focused()).toBe('columns');
    expect(problems).toEqual([]);
  });
});

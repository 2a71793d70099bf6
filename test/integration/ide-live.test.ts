import { chromium, type Browser, type Page } from 'playwright-core';
import { EXAMPLE_JOB_ID } from '../../src/http/ide-examples';
import { CREATE_JOB, epochInput, RECORD_EPOCH } from '../helpers/api';
import { untilActive } from '../helpers/subscriber';
import { startTestServer, type TestServer } from '../helpers/test-server';

/** GraphiQL runs the example subscription over graphql-ws and shows epochs as they are recorded (headless Chromium). */

const CHROMIUM = '/usr/bin/chromium';

async function waitUntil(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (await check()) return;
  throw new Error('the IDE did not get there in time');
}

describe('subscriptions in the offline GraphiQL', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const blocked: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ live: { quietMs: 500 } });
    await server.gql(CREATE_JOB, { input: { id: EXAMPLE_JOB_ID, name: 'ide-live' } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const base = server.url.replace('/graphql', '');
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith(base)) return route.continue();
      blocked.push(route.request().url());
      return route.abort();
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server.close();
  });

  test('the Live tab streams each recorded epoch into the result pane', async () => {
    await page.goto(server.url);
    await page.getByText('Live', { exact: true }).first().click();
    // The tab's subscription is in the editor before it runs.
    await waitUntil(async () => ((await page.locator('.graphiql-query-editor').textContent()) ?? '').includes('subscription Live'));
    await page.locator('.graphiql-execute-button').click();
    // The protocol has no acknowledgement of a subscription: the server's count of open ones tells.
    await untilActive(server.url, (n) => n === 1).catch(async (e) => {
      throw new Error(
        `${e.message}; result pane: ${await page.locator('.result-window').textContent()}; editor: ${await page.locator('.graphiql-query-editor').textContent()}`,
      );
    });
    for (const epoch of [1, 2]) {
      const res = await server.gql(RECORD_EPOCH, { input: epochInput(EXAMPLE_JOB_ID, epoch, 2) });
      expect(res.data?.recordEpoch.userErrors).toEqual([]);
      await waitUntil(async () => ((await page.locator('.result-window').textContent()) ?? '').includes(`"epoch": ${epoch}`));
    }
    const shown = (await page.locator('.result-window').textContent()) ?? '';
    expect(shown).toContain('"epochRecorded"');
    expect(shown).toContain('"label": "LABEL_1"');
    expect(blocked).toEqual([]);
  }, 60_000);
});

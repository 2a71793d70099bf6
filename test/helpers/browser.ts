import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TestServer } from './test-server';

/**
 * The dashboard in headless Chromium (Debian's, through playwright-core) with the network cut off except for the
 * server: what the page requested elsewhere (a CDN reference would show), what it complained of, and the GraphQL
 * operations it sent, by name.
 */

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = resolve(__dirname, '../artifacts');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` from the test side (the page's CSP rightly refuses the string evaluation waitForFunction needs). */
export async function waitUntil(
  check: () => Promise<boolean>,
  ms = 10_000,
  what = 'the dashboard did not get there in time',
): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) if (await check().catch(() => false)) return;
  throw new Error(what);
}

export interface OpenedPage {
  page: Page;
  /** Requests to anything but the server (refused). */
  blocked: string[];
  /** Page errors and console errors. */
  problems: string[];
  /** The operation names of the GraphQL requests the page sent over HTTP, in order. */
  operations: string[];
  /** The variables of those requests, in the same order. */
  variables: Record<string, unknown>[];
}

export interface OpenOptions {
  /** The dashboard URL's query string, with its `?` (a shared link). */
  search?: string;
  beforeLoad?: (page: Page) => Promise<void>;
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  /** Wait for the page's first load (default true). */
  waitLoaded?: boolean;
}

export async function openDashboard(browser: Browser, server: TestServer, options: OpenOptions = {}): Promise<OpenedPage> {
  const page = await browser.newPage({
    viewport: options.viewport ?? { width: 1400, height: 1000 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const base = dashboardBase(server);
  const blocked: string[] = [];
  const problems: string[] = [];
  const operations: string[] = [];
  const variables: Record<string, unknown>[] = [];
  await page.route('**/*', (route) => {
    if (route.request().url().startsWith(base)) return route.continue();
    blocked.push(route.request().url());
    return route.abort();
  });
  page.on('request', (r) => {
    if (r.method() !== 'POST' || !r.url().endsWith('/graphql')) return;
    const body = r.postDataJSON() ?? {};
    operations.push(/\b(?:query|mutation)\s+(\w+)/.exec(body.query ?? '')?.[1] ?? '?');
    variables.push(body.variables ?? {});
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await options.beforeLoad?.(page);
  await page.goto(`${base}/dashboard${options.search ?? ''}`);
  if (options.waitLoaded !== false) await page.waitForSelector('body[data-loaded="true"]', { timeout: 20_000 });
  return { page, blocked, problems, operations, variables };
}

/** http://host:port of the test server (its URL without /graphql). */
export const dashboardBase = (server: TestServer) => server.url.replace(/\/graphql$/, '');

/** Saves a screenshot of the page as a test artifact (test/artifacts/NAME.png). */
export async function saveScreenshot(page: Page, name: string, fullPage = false): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/** What axe-core reports against the page as it is now: its serious and critical violations, each `id: targets`. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (the page itself runs no such code).
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.targets.join(', ')}`);
}

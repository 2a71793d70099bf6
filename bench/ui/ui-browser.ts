import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';

/** Debian's Chromium (CI installs it; the dashboard's end-to-end tests use the same one). */
const CHROMIUM = '/usr/bin/chromium';

/** A performance mark the dashboard set (lib/perf.ts): when, in ms since the page's navigation started, and its detail. */
export interface PageMark {
  startTime: number;
  detail: Record<string, unknown> | null;
}

/** The dashboard in headless Chromium with the bench's reader key, and the DevTools session its heap is read through. */
export class UiBrowser {
  private constructor(
    private readonly browser: Browser,
    readonly page: Page,
    private readonly cdp: CDPSession,
    private readonly base: string,
  ) {}

  static async open(serverUrl: string, readerKey: string): Promise<UiBrowser> {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    // The key as the page keeps it (sessionStorage), before any script of the page runs: no key dialog in the way.
    await page.addInitScript(
      (key) =>
        (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem(
          'training-metrics-reader-key',
          key,
        ),
      readerKey,
    );
    const cdp = await page.context().newCDPSession(page);
    return new UiBrowser(browser, page, cdp, new URL(serverUrl).origin);
  }

  async goto(search: string): Promise<void> {
    await this.page.goto(`${this.base}/dashboard${search}`);
  }

  /** The marks named `name` set so far in this document. */
  marks(name: string): Promise<PageMark[]> {
    return this.page.evaluate(
      (n) =>
        performance
          .getEntriesByName(n, 'mark')
          .map((m) => ({ startTime: m.startTime, detail: (m as { detail?: Record<string, unknown> }).detail ?? null })),
      name,
    );
  }

  /** Waits until at least `count` marks named `name` (matching `accept`) are set; returns them. */
  async waitForMarks(name: string, count: number, timeoutMs: number, accept: (m: PageMark) => boolean = () => true): Promise<PageMark[]> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = (await this.marks(name)).filter(accept);
      if (found.length >= count) return found;
      if (Date.now() > end) throw new Error(`the dashboard set ${found.length} of ${count} "${name}" marks within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The page's JS heap in use (bytes), after a garbage collection. */
  async heapUsed(): Promise<number> {
    await this.cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await this.cdp.send('Runtime.getHeapUsage');
    return usedSize;
  }

  /** How many rows of the runs table are in the DOM (virtualised: only those in view, and a few around). */
  rowsInDom(): Promise<number> {
    return this.page.$$eval('table.runs tbody tr[data-job]', (rows) => rows.length);
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}

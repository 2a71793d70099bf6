import { RunsPageDocument, type RunRowFragment, type RunsPageQueryVariables } from '../generated/graphql.js';
import { read } from '../lib/api.js';

export type RunRow = RunRowFragment;

/** Rows per page read from the API: a screenful and more, so a scroll reads ahead of what shows. */
export const PAGE_SIZE = 100;
/** The most rows one re-read asks for (the API's page limit). */
const MAX_PAGE = 500;

/**
 * The rows of one search, read page by page as the table scrolls to them (cursor pages: reaching row 5,000 reads the
 * pages before it, each once). A new search is a new RunRows; an answer of an older one is dropped.
 *
 * A live change re-reads only the rows in view (`refresh`), from the page boundary at or above the first of them, so the
 * table keeps its scroll position and its rows: the rows above that boundary are re-read when the table shows them
 * again, the rows below it as the scroll reaches them.
 */
export class RunRows {
  rows: RunRow[] = [];
  total: number | null = null;
  private more = true;
  /** The cursor after each page end read so far, by the number of rows before it: where a re-read can start. */
  private cursors = new Map<number, string | null>([[0, null]]);
  /** One read at a time: pages are read in order, and a re-read never interleaves with a page read. */
  private lock: Promise<unknown> = Promise.resolve();
  /** The rows the table shows now. */
  private view = { first: 0, last: 0 };
  /** Rows before this index were read before the last change (the re-read started below them). */
  private outdated = 0;
  /** A re-read asked for and not started yet: more changes before it starts are covered by it. */
  private queued: Promise<void> | null = null;

  constructor(
    private readonly variables: Omit<RunsPageQueryVariables, 'first' | 'after'>,
    private readonly changed: () => void,
  ) {}

  get loaded(): number {
    return this.rows.length;
  }

  get complete(): boolean {
    return !this.more;
  }

  /** The table shows rows `first`..`last`: reads pages until they are loaded; outdated ones are re-read. */
  async show(first: number, last: number): Promise<void> {
    this.view = { first, last };
    if (first < this.outdated) {
      this.outdated = first;
      void this.refresh().catch(() => undefined);
    }
    await this.ensure(last);
  }

  /** Reads pages until row `index` is loaded (or the search has no more). */
  async ensure(index: number): Promise<void> {
    while (this.more && this.rows.length <= index)
      await this.exclusive(() => (this.more && this.rows.length <= index ? this.readPage() : null));
  }

  /** Re-reads the rows in view (a live change somewhere): they are replaced at once, the rows after them dropped. */
  refresh(): Promise<void> {
    this.queued ??= this.exclusive(() => {
      this.queued = null;
      return this.reread();
    });
    return this.queued;
  }

  /** Puts a row changed by an edit (tags, notes) in place. */
  replace(row: RunRow): void {
    const at = this.rows.findIndex((r) => r.id === row.id);
    if (at >= 0) this.rows[at] = row;
    this.changed();
  }

  private exclusive(task: () => Promise<void> | null): Promise<void> {
    const run = this.lock.then(async () => {
      await task();
    });
    this.lock = run.catch(() => undefined);
    return run;
  }

  private async page(first: number, after: string | null) {
    const { jobs } = await read(RunsPageDocument, { ...this.variables, first, after });
    return jobs;
  }

  private async readPage(): Promise<void> {
    const jobs = await this.page(PAGE_SIZE, this.cursors.get(this.rows.length) ?? null);
    this.rows.push(...jobs.edges.map((e) => e.node));
    this.total = jobs.totalCount;
    this.cursors.set(this.rows.length, jobs.pageInfo.endCursor);
    this.more = jobs.pageInfo.hasNextPage;
    this.changed();
  }

  private async reread(): Promise<void> {
    const { first, last } = this.view;
    const start = Math.max(...[...this.cursors.keys()].filter((n) => n <= first));
    const fresh: RunRow[] = [];
    const cursors = new Map<number, string | null>();
    let after = this.cursors.get(start) ?? null;
    let more = true;
    let total = this.total;
    while (more && start + fresh.length <= last) {
      const jobs = await this.page(Math.min(MAX_PAGE, Math.max(PAGE_SIZE, last + 1 - start - fresh.length)), after);
      fresh.push(...jobs.edges.map((e) => e.node));
      after = jobs.pageInfo.endCursor;
      more = jobs.pageInfo.hasNextPage;
      total = jobs.totalCount;
      cursors.set(start + fresh.length, after);
    }
    // Swapped in one go: the table never shows half a re-read.
    this.rows = [...this.rows.slice(0, start), ...fresh];
    for (const n of [...this.cursors.keys()]) if (n > start) this.cursors.delete(n);
    for (const [n, c] of cursors) this.cursors.set(n, c);
    this.more = more;
    this.total = total;
    this.outdated = start;
    this.changed();
  }
}

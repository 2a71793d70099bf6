import { RunsPageDocument, type RunRowFragment, type RunsPageQueryVariables } from '../generated/graphql.js';
import { read } from '../lib/api.js';

export type RunRow = RunRowFragment;

/** Rows per page read from the API: a screenful and more, so a scroll reads ahead of what shows. */
export const PAGE_SIZE = 100;

/**
 * The rows of one search, read page by page as the table scrolls to them (cursor pages: reaching row 5,000 reads the
 * pages before it, each once). A new search is a new RunRows; an answer of an older one is dropped.
 */
export class RunRows {
  readonly rows: RunRow[] = [];
  total: number | null = null;
  private cursor: string | null = null;
  private more = true;
  private reading: Promise<void> | null = null;

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

  /** Reads pages until row `index` is loaded (or the search has no more). */
  async ensure(index: number): Promise<void> {
    while (this.more && this.rows.length <= index) {
      this.reading ??= this.readPage().finally(() => (this.reading = null));
      await this.reading;
    }
  }

  private async readPage(): Promise<void> {
    const { jobs } = await read(RunsPageDocument, { ...this.variables, first: PAGE_SIZE, after: this.cursor });
    this.rows.push(...jobs.edges.map((e) => e.node));
    this.total = jobs.totalCount;
    this.cursor = jobs.pageInfo.endCursor;
    this.more = jobs.pageInfo.hasNextPage;
    this.changed();
  }

  /** Puts a row changed by an edit (tags, notes) in place. */
  replace(row: RunRow): void {
    const at = this.rows.findIndex((r) => r.id === row.id);
    if (at >= 0) this.rows[at] = row;
    this.changed();
  }
}

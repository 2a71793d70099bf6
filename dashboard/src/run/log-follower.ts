import { RunLogTailDocument, type RunLogTailQuery } from '../generated/graphql.js';
import { read } from '../lib/api.js';

export type LogLine = NonNullable<RunLogTailQuery['job']>['logs']['edges'][number]['node'] & { cursor: string };

/** Log lines a read asks for at once (the API's largest page). */
const PAGE = 500;

/**
 * The tail of one run's log (logs come oldest first): the first read pages through to the end, keeping the last `keep`
 * lines and the cursor of the last line; each later read asks only for lines after that cursor. Reads never overlap: one
 * asked for during another runs once that one is done.
 */
export class LogFollower {
  lines: LogLine[] = [];
  private cursor: string | null = null;
  private running: Promise<boolean> | null = null;
  private queued: Promise<boolean> | null = null;

  constructor(
    readonly jobId: string,
    readonly keep = 200,
  ) {}

  /** Reads the lines logged since the last read; true when there were any. */
  readNew(): Promise<boolean> {
    if (!this.running) {
      this.running = this.read().finally(() => (this.running = null));
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => false)
      .then(() => {
        this.queued = null;
        return this.readNew();
      });
    return this.queued;
  }

  private async read(): Promise<boolean> {
    let added = 0;
    for (;;) {
      const { job } = await read(RunLogTailDocument, { id: this.jobId, first: PAGE, after: this.cursor });
      const edges = job?.logs.edges ?? [];
      if (edges.length) {
        this.lines = [...this.lines, ...edges.map((e) => ({ ...e.node, cursor: e.cursor }))].slice(-this.keep);
        this.cursor = edges[edges.length - 1].cursor;
        added += edges.length;
      }
      if (!job?.logs.pageInfo.hasNextPage || !edges.length) return added > 0;
    }
  }
}

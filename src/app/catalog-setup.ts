import type { DynamoGateway } from '../db/gateway';
import { topics, type LiveEvent, type LiveEvents } from '../live/live-events';
import { JobCatalog } from '../modules/catalog/job-catalog';
import type { LiveSetup } from './live-setup';

/** How often the catalog looks for jobs turning stale (jobUpdated announces each). */
const STALENESS_CHECK_MS = 1000;
const RETRY_MS = { first: 500, max: 10_000 };

/** A server's job catalog and how to stop it. */
export interface CatalogSetup {
  catalog: JobCatalog | null;
  close(): void;
}

/**
 * Starts the job catalog of a server: subscribes to the table's changes first (the stream consumer of this process, or
 * Redis where a stream worker publishes), waits until this process's consumer reads new changes, then loads every job
 * by paging the table (retrying while the database is away) and applies what arrived meanwhile. Returns at once: the
 * load runs in the background, and /readyz says `loading` until it is done. No catalog without a change feed.
 */
export async function startCatalog(
  db: DynamoGateway,
  setup: LiveSetup,
  opts: { staleAfterMs: number; log: (msg: string) => void },
): Promise<CatalogSetup> {
  const events = setup.catalogEvents ?? null;
  if (!events) return { catalog: null, close: () => undefined };
  const live: LiveEvents | null = setup.live;
  const catalog = JobCatalog.over(db, {
    staleAfterMs: opts.staleAfterMs,
    log: opts.log,
    // Every instance announces; the id is the same on each, so a subscriber hears it once.
    onStaleChange: (entry, stale) =>
      void live
        ?.publish({ kind: 'job', id: `stale:${entry.id}:${entry.lastSeenAt}:${stale}`, jobId: entry.id, job: { id: entry.id, ref: true } })
        .catch((error: Error) => opts.log(`catalog: staleness of ${entry.id} not announced: ${error.message}`)),
  });
  const unlisten = await events.listen(topics.catalog(), (event: LiveEvent) => {
    if (event.kind === 'catalog') catalog.apply(event.changes);
  });
  let stopped = false;
  const staleness = setInterval(() => catalog.checkStaleness(), STALENESS_CHECK_MS);
  staleness.unref();
  let loading: Promise<void> | null = null;
  const load = async () => {
    for (let delay = RETRY_MS.first; !stopped; delay = Math.min(RETRY_MS.max, delay * 2)) {
      try {
        await catalog.load();
        return;
      } catch (error) {
        opts.log(`catalog: loading failed (${(error as Error).message}); retrying in ${delay} ms`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  };
  // Changes published while this instance was cut off from Redis are lost to it: it loads the table again.
  setup.onResubscribed?.(() => {
    if (stopped) return;
    opts.log('catalog: Redis is back; loading the jobs again (changes published meanwhile were missed)');
    loading = (loading ?? Promise.resolve()).then(load);
  });
  loading = (async () => {
    await setup.caughtUp;
    await load();
  })();
  return {
    catalog,
    close: () => {
      stopped = true;
      clearInterval(staleness);
      unlisten();
      catalog.close();
    },
  };
}

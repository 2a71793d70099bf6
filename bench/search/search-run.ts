import { performance } from 'node:perf_hooks';
import { createApiKey, DASHBOARD_KEY, TRAINER_KEY } from '../api-keys';
import { measureCatalogMemory, type CatalogMemory } from '../catalog-memory';
import { answerDifference } from '../compare';
import { BENCH_DYNAMO_TIMEOUT_MS, openDatabase } from '../database';
import { GraphqlClient } from '../graphql';
import { measureWorkload } from '../measure';
import type { BenchOptions } from '../options';
import { rawSearch } from '../raw/search';
import type { WorkloadResult } from '../report';
import { measureOne, type RunPlan } from '../runner';
import { seedSearchJobs } from '../seed/search-items';
import { startServer } from '../server-process';
import type { SideResult } from '../stats';
import { graphqlSearch, searchText, searchWorkload, SR_SEARCH } from '../workloads/search';
import { measureFreshness, type FreshnessRun } from './freshness';
import { waitUntilReady, type Readiness } from './readiness';

/*
 * SR, on a DynamoDB Local and a server of its own: the bench's server would load its table's 200 jobs into its catalog
 * at start, before SR's are there (and the 10,000 jobs would change what LB and W1 read). SR seeds its jobs, measures
 * the catalog's memory in a process of its own, then starts the server, so its catalog loads them at start; waits for
 * /readyz; times the search (filter object, next to the raw baseline, and as `query:` text, then one at a time); then
 * the freshness probes.
 */

/** Raw searches timed one at a time, after the measured pair. */
const RAW_ALONE_RUNS = 3;

/** How long the server may take to load its catalog and say it is ready. */
const READY_TIMEOUT_MS = 300_000;

/** What SR measured. */
export interface SearchRun {
  jobs: number;
  seed: { items: number; seconds: number };
  /** /readyz once ready, the time from the server's spawn to then, and its RSS at that moment. */
  ready: { readiness: Readiness; sinceSpawnMs: number; rssBytes: number };
  /** The catalog's memory, or why its measurement failed. */
  memory: { measured: CatalogMemory } | { error: string };
  /** The GraphQL search's totalCount and page size, once; null when it failed. */
  found: { totalCount: number; edges: number } | null;
  workload: WorkloadResult;
  /** One search at a time: the GraphQL side for a slice (null when it failed), and a few raw searches' times. */
  alone: { graphql: SideResult | null; rawMs: number[] };
  /**
   * The filter search again at concurrency 8, GraphQL only: the interleaved run's slices follow the raw baseline's,
   * whose 8 searches of ~17,000 items each leave DynamoDB Local and the bench collecting garbage on the 2 cores the
   * server shares; null when the search failed.
   */
  filterAlone: SideResult | null;
  /** The same search as `query:` text, GraphQL only; null when the search failed. */
  text: SideResult | null;
  freshness: FreshnessRun | null;
  /** Why the search's other measurements did not run (the search failed); null when they ran. */
  searchFailed: string | null;
  /** Differences that fail the run (the search failing, the text form's answer differing). */
  mismatches: string[];
}

/** Runs SR from start to end; its database and server are stopped before it returns. */
export async function runSearch(opts: BenchOptions, plan: RunPlan, say: (msg: string) => void): Promise<SearchRun> {
  say(
    `SR: starting a DynamoDB Local of its own for ${opts.searchJobs.toLocaleString('en-US')} jobs${opts.quick ? ' (quick; a full run: 10,000)' : ''}`,
  );
  const db = await openDatabase();
  try {
    const { jobs, ...seed } = await seedSearchJobs(db, opts.searchJobs);
    say(
      `SR: seeded ${jobs.length} jobs: ${seed.items} items in ${seed.seconds.toFixed(1)} s (${(seed.items / seed.seconds).toFixed(0)} items/s)`,
    );
    const [readerKey, writerKey] = [
      await createApiKey(db.gateway(), 'reader', DASHBOARD_KEY),
      await createApiKey(db.gateway(), 'writer', TRAINER_KEY),
    ];

    // The memory measurement loads the catalog before the server does: DynamoDB Local's first reads of a freshly written
    // table are its slowest (its JIT has seen only writes), and the server's load at start is then timed warm.
    say('SR: loading the catalog in a process of its own to measure its memory');
    const memory: SearchRun['memory'] = await measureCatalogMemory(db.endpoint, db.tableName).then(
      (measured) => ({ measured }),
      (error: unknown) => ({ error: (error as Error).message }),
    );

    const spawnedAt = performance.now();
    const server = await startServer(db.endpoint, db.tableName, { DYNAMODB_TIMEOUT_MS: String(BENCH_DYNAMO_TIMEOUT_MS) });
    try {
      const { readiness } = await waitUntilReady(server.url, READY_TIMEOUT_MS);
      const ready = { readiness, sinceSpawnMs: performance.now() - spawnedAt, rssBytes: server.rss() };
      say(
        `SR: server pid ${server.pid} ready ${(ready.sinceSpawnMs / 1000).toFixed(1)} s after its start (catalog ${readiness.catalog ?? 'not reported'}, ${readiness.jobs ?? '?'} jobs, loadMs ${readiness.loadMs ?? '?'}), RSS ${(ready.rssBytes / 1e6).toFixed(0)} MB`,
      );

      const gql = new GraphqlClient(server.url, readerKey);
      const trainer = new GraphqlClient(server.url, writerKey);
      const mismatches: string[] = [];
      let found: SearchRun['found'] = null;
      const searchFailed = await graphqlSearch(gql, SR_SEARCH, 'filter').then(
        ({ answer }) => {
          const jobs = (answer as { jobs?: { totalCount?: number; edges?: unknown[] } }).jobs;
          found = { totalCount: jobs?.totalCount ?? Number.NaN, edges: jobs?.edges?.length ?? 0 };
          return null;
        },
        (error: unknown) => (error as Error).message,
      );
      const w = searchWorkload(gql, db, jobs.length);
      if (searchFailed) {
        // The baseline is still timed (the GraphQL side's failures are counted); nothing else can run.
        mismatches.push(`SR: the GraphQL search failed: ${searchFailed}`);
        w.checkIterations = [];
      }
      say(`SR: ${w.title}`);
      const workload = await measureWorkload(w, plan, { bench: process.pid, server: server.pid, dynamodb: db.dynamo.pid });

      // The same searches one at a time: what a single user waits, without the queueing of concurrency 8.
      say('SR: one search at a time (GraphQL for a slice, the raw baseline 3 times)');
      const alone = {
        graphql: searchFailed
          ? null
          : await measureOne(async () => (await graphqlSearch(gql, SR_SEARCH, 'filter')).stats, { ...plan, concurrency: 1 }),
        rawMs: [] as number[],
      };
      for (let i = 0; i < RAW_ALONE_RUNS; i++) {
        const t0 = performance.now();
        await rawSearch(db, SR_SEARCH);
        alone.rawMs.push(performance.now() - t0);
      }

      let text: SideResult | null = null;
      let filterAlone: SideResult | null = null;
      let freshness: FreshnessRun | null = null;
      if (!searchFailed) {
        say('SR: the filter search again at the same concurrency, GraphQL alone');
        filterAlone = await measureOne(async () => (await graphqlSearch(gql, SR_SEARCH, 'filter')).stats, plan);
        say(`SR: the same search as text: query: ${JSON.stringify(searchText(SR_SEARCH))}`);
        const difference = answerDifference((await graphqlSearch(gql, SR_SEARCH, 'text')).answer, (await rawSearch(db, SR_SEARCH)).answer);
        if (difference) mismatches.push(`SR: the text query's answer differs from the raw baseline's at ${difference}`);
        text = await measureOne(async () => (await graphqlSearch(gql, SR_SEARCH, 'text')).stats, plan);
        say(`SR: freshness: ${opts.freshnessPairs} createJob + recordEpoch pairs and a legacy pair, each searched for until found`);
        freshness = await measureFreshness(gql, trainer, db, opts.freshnessPairs, `bench-${Date.now().toString(36)}`);
      }
      return { jobs: jobs.length, seed, ready, memory, found, workload, alone, filterAlone, text, freshness, searchFailed, mismatches };
    } catch (error) {
      throw new Error(`SR: ${(error as Error).message}\nSR server output:\n${server.output()}`, { cause: error });
    } finally {
      await server.stop();
    }
  } finally {
    await db.close();
  }
}

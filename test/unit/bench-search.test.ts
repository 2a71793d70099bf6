import { readReadyz } from '../../bench/search/readiness';
import { type SearchRun } from '../../bench/search/search-run';
import { meets, searchInClient, valueAt, type SearchedJob, type SearchSpec } from '../../bench/raw/search';
import { searchJobItems } from '../../bench/seed/search-items';
import { BEST_F1_RANGE, configLeaves, LR_RANGE, planSearchJobs } from '../../bench/seed/search-plan';
import { failedGates, notRunTargets } from '../../bench/report';
import type { SideResult } from '../../bench/stats';
import { searchTargets } from '../../bench/targets';
import { searchFilter, searchText, SR_SEARCH } from '../../bench/workloads/search';
import { summariesFromRows } from '../../src/modules/catalog/metric-summary';
import { parseSearchQuery } from '../../src/modules/catalog/search-query';
import { parseJobItem } from '../../src/modules/jobs/job-item';
import { parseSummary } from '../../src/modules/leaderboard/leaderboard-items';
import { parseMetricItem, parseWriteMarker } from '../../src/modules/metrics/metric-item';

/** SR's pure parts: the seeded table's shape, the raw baseline's client-side search, /readyz, the targets. */

describe("SR's seeded jobs", () => {
  const jobs = planSearchJobs(1000);

  test('are the same on every run (a seeded PRNG), and differ with the seed', () => {
    expect(planSearchJobs(1000)).toEqual(jobs);
    expect(planSearchJobs(1000, 7)[0].id).not.toBe(jobs[0].id);
  });

  test('have configs of 30 leaf keys, some nested, with optimizer.lr log-uniform in 1e-6..1e-3 and 4 model names', () => {
    for (const job of jobs) expect(configLeaves(job.config).size).toBe(30);
    const lrs = jobs.map((j) => valueAt(j.config, 'optimizer.lr') as number);
    expect(Math.min(...lrs)).toBeGreaterThanOrEqual(LR_RANGE[0]);
    expect(Math.max(...lrs)).toBeLessThanOrEqual(LR_RANGE[1]);
    // Log-uniform: about a third below 1e-5, a third between, a third above 1e-4.
    const below = lrs.filter((lr) => lr < 1e-4).length / lrs.length;
    expect(below).toBeGreaterThan(0.6);
    expect(below).toBeLessThan(0.73);
    expect(new Set(jobs.map((j) => j.config.model_name)).size).toBe(4);
  });

  test('mix statuses (mostly succeeded), tags (some absent) and writers (a legacy share)', () => {
    const share = (f: (j: (typeof jobs)[number]) => boolean) => jobs.filter(f).length / jobs.length;
    expect(share((j) => j.status === 'SUCCEEDED')).toBeGreaterThan(0.65);
    expect(new Set(jobs.map((j) => j.status)).size).toBe(6);
    expect(share((j) => j.tags.dataset === undefined)).toBeGreaterThan(0.03);
    expect(share((j) => j.legacy)).toBeGreaterThan(0.1);
    expect(share((j) => j.legacy)).toBeLessThan(0.3);
  });

  test("rank without ties: every job's best val_f1 is its own, and no other epoch of the job reaches it", () => {
    const bests = jobs.filter((j) => j.epochs.length).map((j) => Math.max(...j.epochs.map((e) => e.valF1)));
    expect(new Set(bests).size).toBe(bests.length);
    for (const b of bests) expect(b >= BEST_F1_RANGE[0] && b <= BEST_F1_RANGE[1]).toBe(true);
    for (const job of jobs) {
      const values = job.epochs.map((e) => e.valF1);
      expect(values.filter((v) => v === Math.max(...values)).length).toBe(values.length ? 1 : 0);
    }
  });

  test("are stored so that the server's parsers read them back, and the leaderboard summaries agree with the rows", () => {
    for (const job of jobs.slice(0, 200)) {
      const items = searchJobItems(job);
      const parsed = items.map(parseJobItem).filter((j) => j !== null);
      expect(parsed).toHaveLength(1);
      expect(parsed[0]).toMatchObject({ id: job.id, status: job.status, config: job.config, tags: job.tags });
      const rows = items.map(parseMetricItem).filter((p) => p !== null);
      expect(rows).toHaveLength(job.epochs.length * 2);
      // A server-written job has one committed marker per epoch; a legacy one none, and no written_by.
      expect(items.map(parseWriteMarker).filter((m) => m?.committed)).toHaveLength(job.legacy ? 0 : job.epochs.length);
      expect(items.some((i) => 'written_by' in i)).toBe(!job.legacy);
      // What the catalog computes from the rows is what the raw baseline reads from the summaries.
      const fromRows = summariesFromRows(rows);
      const summaries = items.map(parseSummary).filter((s) => s !== null);
      expect(summaries.map((s) => [s.metric, s.value, s.epoch]).sort()).toEqual(
        job.epochs.length
          ? [
              ['eval_loss', fromRows.get('eval_loss')?.best, fromRows.get('eval_loss')?.bestEpoch],
              ['val_f1', fromRows.get('val_f1')?.best, fromRows.get('val_f1')?.bestEpoch],
            ]
          : [],
      );
    }
  });
});

describe("SR's search", () => {
  test("as text is exactly the filter object it sends, by the server's own parser", () => {
    expect(searchText(SR_SEARCH)).toBe('status = SUCCEEDED and config.optimizer.lr < 1e-4 and config.model_name = "layoutlmv3-base"');
    expect(parseSearchQuery(searchText(SR_SEARCH))).toEqual(searchFilter(SR_SEARCH));
  });

  test('matches on the seeded table: about an eighth of the jobs, more than a page', () => {
    const jobs = planSearchJobs(1000);
    const searched: SearchedJob[] = jobs.map((j) => ({
      id: j.id,
      name: j.name,
      status: j.status.toLowerCase(),
      createdAt: String(j.createdMicros),
      config: j.config,
    }));
    const best = new Map(jobs.filter((j) => j.epochs.length).map((j) => [j.id, Math.max(...j.epochs.map((e) => e.valF1))]));
    const { jobs: answer } = searchInClient(searched, best, SR_SEARCH);
    expect(answer.totalCount).toBeGreaterThan(SR_SEARCH.first);
    expect(answer.totalCount).toBeLessThan(200);
    expect(answer.edges).toHaveLength(SR_SEARCH.first);
  });
});

describe("the raw baseline's client-side search", () => {
  const spec: SearchSpec = {
    status: 'succeeded',
    config: [
      { path: 'optimizer.lr', op: 'LT', value: 1e-4 },
      { path: 'model_name', op: 'EQ', value: 'm' },
    ],
    metric: 'val_f1',
    first: 3,
    shownPath: 'optimizer.lr',
  };
  const job = (id: string, lr: unknown, best: number | null, createdAt = '2026-01-01', extra: Partial<SearchedJob> = {}) => ({
    job: { id, name: `n-${id}`, status: 'succeeded', createdAt, config: { model_name: 'm', optimizer: { lr } }, ...extra },
    best,
  });

  test('compares numbers as numbers and strings as strings; a missing path or another type never matches', () => {
    expect(meets(5e-5, { path: 'x', op: 'LT', value: 1e-4 })).toBe(true);
    expect(meets(1e-4, { path: 'x', op: 'LT', value: 1e-4 })).toBe(false);
    expect(meets('1e-5', { path: 'x', op: 'LT', value: 1e-4 })).toBe(false);
    expect(meets(undefined, { path: 'x', op: 'NE', value: 1 })).toBe(false);
    expect(meets('b', { path: 'x', op: 'GT', value: 'a' })).toBe(true);
    expect(meets(true, { path: 'x', op: 'EQ', value: true })).toBe(true);
    expect(valueAt({ a: { b: 1 } }, 'a.b')).toBe(1);
    expect(valueAt({ a: 1 }, 'a.b')).toBeUndefined();
  });

  test('filters, ranks by best value (none last; ties newest first, then id), counts all matches and takes the page', () => {
    const rows = [
      job('a', 5e-5, 0.8),
      job('b', 5e-4, 0.99), // lr too large
      job('c', 1e-6, null), // no summary: last
      job('d', 2e-5, 0.9),
      job('e', 2e-5, 0.8, '2026-02-01'), // ties a, newer
      job('f', 2e-5, 0.95, '2026-01-01', { status: 'failed' }),
      job('g', 2e-5, 0.97, '2026-01-01', { config: { model_name: 'other', optimizer: { lr: 2e-5 } } }),
    ];
    const best = new Map(rows.filter((r) => r.best !== null).map((r) => [r.job.id, r.best as number]));
    const { jobs } = searchInClient(
      rows.map((r) => r.job),
      best,
      spec,
    );
    expect(jobs.totalCount).toBe(4);
    expect(jobs.edges.map((e) => e.node.id)).toEqual(['d', 'e', 'a']);
    expect(jobs.edges[0].node).toEqual({ id: 'd', name: 'n-d', summary: { best: 0.9 }, configValue: 2e-5 });
    expect(searchInClient([rows[2].job], best, spec).jobs.edges[0].node.summary).toBeNull();
  });
});

describe('/readyz as SR reads it', () => {
  test('loading (503) is not ready; ready with the catalog says how long it took', () => {
    const loading = readReadyz(503, { status: 'unavailable', catalog: { state: 'loading', jobs: 120, rows: 400, loadMs: null } });
    expect(loading).toMatchObject({ ready: false, catalog: 'loading', jobs: 120, loadMs: null });
    expect(readReadyz(200, { status: 'ready', catalog: { state: 'ready', jobs: 10000, rows: 52000, loadMs: 8123 } })).toEqual({
      ready: true,
      httpStatus: 200,
      catalog: 'ready',
      jobs: 10000,
      rows: 52000,
      loadMs: 8123,
      reason: null,
    });
  });

  test('a server without a catalog (or with it off) is ready; a catalog not ready, or an odd body, is not', () => {
    expect(readReadyz(200, { status: 'ready' })).toMatchObject({ ready: true, catalog: null, loadMs: null });
    expect(readReadyz(200, { status: 'ready', catalog: { state: 'off' } }).ready).toBe(true);
    expect(readReadyz(200, { status: 'ready', catalog: { state: 'loading' } }).ready).toBe(false);
    expect(readReadyz(200, null).ready).toBe(false);
    expect(readReadyz(200, { status: 'ready', catalog: { state: 'ready', jobs: '12' } }).jobs).toBeNull();
  });
});

describe("SR's targets", () => {
  const side = (p50Ms: number, maxCalls = 0): SideResult => ({
    requests: 100,
    seconds: 5,
    perSecond: 20,
    p50Ms,
    p99Ms: p50Ms * 2,
    calls: maxCalls,
    itemsRead: 0,
    rcu: 0,
    wcu: 0,
    rcuByRule: 0,
    wcuByRule: 0,
    maxRcuByRule: 0,
    maxWcuByRule: 0,
    ruleEstimates: {},
    commands: {},
    maxCalls,
    minWriteCalls: 0,
    maxWriteCalls: 0,
    errors: 0,
    unavailable: 0,
    firstError: null,
  });
  const run = (over: Partial<SearchRun> = {}): SearchRun => ({
    jobs: 10_000,
    seed: { items: 1, seconds: 1 },
    ready: {
      readiness: readReadyz(200, { status: 'ready', catalog: { state: 'ready', jobs: 10_000, loadMs: 900 } }),
      sinceSpawnMs: 2000,
      rssBytes: 1,
    },
    memory: { measured: { jobs: 10_000, rows: 1, loadMs: 800, wallMs: 800, size: 10_000, heapBytes: 30e6, externalBytes: 1e6, calls: 3 } },
    found: { totalCount: 1200, edges: 50 },
    workload: {
      id: 'SR',
      title: 'SR',
      concurrency: 8,
      graphql: side(10),
      raw: side(1000, 2),
      cpuMs: { graphql: {}, raw: {} },
      foreignCpu: null,
      mismatches: [],
      notes: [],
    },
    alone: { graphql: side(5), rawMs: [900, 950, 1000] },
    filterAlone: side(9),
    text: side(12),
    freshness: {
      probes: [
        { writer: 'createJob', writeMs: 30, delayMs: 250, polls: 10 },
        { writer: 'legacy job item', writeMs: 5, delayMs: 400, polls: 12 },
      ],
      pollMs: 20,
      timeoutMs: 15_000,
    },
    searchFailed: null,
    mismatches: [],
    ...over,
  });
  const line = (r: SearchRun, quick: boolean, start: string) => searchTargets(r, quick).find((t) => t.target.startsWith(start));

  test('all met: no gate fails; the ratio and the memory per 10,000 jobs are as measured', () => {
    const targets = searchTargets(run(), false);
    expect(failedGates(targets)).toEqual([]);
    expect(targets.filter((t) => !t.pass)).toEqual([]);
    expect(line(run(), false, 'GraphQL p50 <= 0.05')?.measured).toBe('10.0 ms vs 1000.0 ms = 0.010x');
    expect(line(run(), false, 'job catalog memory')?.measured).toBe(
      '30.0 MB heap + 1.0 MB external for 10000 jobs = 31.0 MB per 10,000 jobs',
    );
  });

  test('memory over 40 MB per 10,000 jobs fails a full run and is only printed in a quick one (scaled from its jobs)', () => {
    const heavy = run({
      memory: { measured: { jobs: 1000, rows: 1, loadMs: 1, wallMs: 1, size: 1000, heapBytes: 4.5e6, externalBytes: 0, calls: 1 } },
    });
    expect(failedGates(searchTargets(heavy, false))).toEqual([expect.stringContaining('45.0 MB per 10,000 jobs')]);
    expect(failedGates(searchTargets(heavy, true))).toEqual([]);
    expect(line(heavy, true, 'job catalog memory')?.kind).toBe('info');
  });

  test('a DynamoDB call in a search, a lost write or a different answer fails; slowness is only printed', () => {
    const calls = run({ text: side(12, 1) });
    expect(failedGates(searchTargets(calls, false))).toEqual([
      expect.stringContaining('max 0 calls in 100 filter searches, 1 in 100 text searches'),
    ]);
    const lost = run({
      freshness: { probes: [{ writer: 'recordEpoch', writeMs: 30, delayMs: null, polls: 700 }], pollMs: 20, timeoutMs: 15_000 },
    });
    expect(failedGates(searchTargets(lost, false))).toEqual([expect.stringContaining('1 of 1 never found: recordEpoch')]);
    expect(failedGates(searchTargets(run({ mismatches: ['SR: x'] }), false))).toHaveLength(1);
    const slow = run({ workload: { ...run().workload, graphql: side(80) }, filterAlone: side(80) });
    expect(failedGates(searchTargets(slow, false))).toEqual([]);
    expect(
      searchTargets(slow, false)
        .filter((t) => !t.pass)
        .map((t) => t.kind),
    ).toEqual(['timing', 'timing']);
  });

  test('a failed search leaves its measurements NOT RUN, and the answer gate fails', () => {
    const failed = run({
      searchFailed: 'HTTP 200: BAD_USER_INPUT',
      mismatches: ['SR: the GraphQL search failed'],
      filterAlone: null,
      text: null,
      freshness: null,
    });
    const targets = searchTargets(failed, false);
    expect(failedGates(targets)).toEqual([expect.stringContaining('the search answers as the raw baseline')]);
    expect(notRunTargets(targets)).toHaveLength(5);
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { legacyJob, legacyLog, legacyMetric, legacyStatus, legacyTs, putItems, type Item } from '../helpers/legacy-seed';
import { startTestServer, type GqlResponse, type TestServer } from '../helpers/test-server';

/**
 * Every connection walked page by page with small pages: the union is the whole ordered list, without duplicates or
 * gaps, and hasNextPage is exact. `first` is clamped; bad, tampered and foreign cursors are BAD_USER_INPUT.
 */

interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** How to fetch one connection: its query (taking `$first` and `$after`), fixed variables, and where the connection sits. */
interface ConnectionCase<T> {
  query: string;
  variables?: Record<string, unknown>;
  pick: (data: Record<string, unknown>) => Connection<T>;
  key: (node: T) => string;
}

const hex = () => randomBytes(4).toString('hex');

async function fetchPage<T>(server: TestServer, c: ConnectionCase<T>, first: number | null, after: string | null): Promise<Connection<T>> {
  const res = await server.gql<Record<string, unknown>>(c.query, { ...c.variables, first, after });
  expect(res.errors).toBeUndefined();
  return c.pick(res.data as Record<string, unknown>);
}

/** Walks every page with `first`, checking each page's size, hasNextPage and endCursor; returns the keys in order. */
async function walk<T>(server: TestServer, c: ConnectionCase<T>, first: number): Promise<{ keys: string[]; pages: number[] }> {
  const keys: string[] = [];
  const pages: number[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const page: Connection<T> = await fetchPage(server, c, first, after);
    pages.push(page.edges.length);
    keys.push(...page.edges.map((e) => c.key(e.node)));
    expect(page.pageInfo.endCursor).toBe(page.edges.length ? page.edges[page.edges.length - 1].cursor : null);
    if (!page.pageInfo.hasNextPage) return { keys, pages };
    expect(page.edges).toHaveLength(first);
    after = page.pageInfo.endCursor;
  }
  throw new Error('pagination does not end');
}

/** Page sizes a walk of `total` items with `first` must produce: full pages, then the rest (no empty trailing page). */
function expectedPages(total: number, first: number): number[] {
  const pages: number[] = [];
  for (let left = total; left > 0; left -= first) pages.push(Math.min(first, left));
  return pages.length ? pages : [0];
}

/** Walks with each page size and checks the union is exactly `expected`, in order, with exact page boundaries. */
async function expectWalks<T>(server: TestServer, c: ConnectionCase<T>, expected: string[], sizes: number[]): Promise<void> {
  expect(new Set(expected).size).toBe(expected.length);
  for (const first of sizes) {
    const { keys, pages } = await walk(server, c, first);
    expect({ first, keys }).toEqual({ first, keys: expected });
    expect({ first, pages }).toEqual({ first, pages: expectedPages(expected.length, first) });
  }
}

const connectionAt =
  <T>(...path: string[]) =>
  (data: Record<string, unknown>): Connection<T> =>
    path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], data) as Connection<T>;

interface JobNode {
  id: string;
  status: string;
  createdAt: string;
}
interface PointNode {
  jobId: string;
  name: string;
  timestamp: string;
  value: number | null;
}
interface LabelNode {
  jobId: string;
  label: string;
  epoch: number;
  timestamp: string;
  f1: number | null;
  support: number | null;
}
interface LogNode {
  timestamp: string;
  message: string;
}

const JOBS = (status: boolean) =>
  `query(${status ? '$status: JobStatus, ' : ''}$first: Int, $after: String) { jobs(${status ? 'status: $status, ' : ''}first: $first, after: $after) {
    edges { cursor node { id status createdAt } } pageInfo { hasNextPage endCursor } } }`;
const METRIC_HISTORY = `query($name: String!, $first: Int, $after: String) { metricHistory(name: $name, first: $first, after: $after) {
  edges { cursor node { jobId name timestamp value } } pageInfo { hasNextPage endCursor } } }`;
const LABEL_HISTORY = `query($label: String!, $first: Int, $after: String) { labelHistory(label: $label, first: $first, after: $after) {
  edges { cursor node { jobId label epoch timestamp f1 support } } pageInfo { hasNextPage endCursor } } }`;
const JOB_METRICS = `query($id: ID!, $name: String, $first: Int, $after: String) { job(id: $id) { metrics(name: $name, first: $first, after: $after) {
  edges { cursor node { jobId name timestamp value } } pageInfo { hasNextPage endCursor } } } }`;
const JOB_LOGS = `query($id: ID!, $first: Int, $after: String) { job(id: $id) { logs(first: $first, after: $after) {
  edges { cursor node { timestamp message } } pageInfo { hasNextPage endCursor } } } }`;

const jobsCase = (status?: string): ConnectionCase<JobNode> => ({
  query: JOBS(status !== undefined),
  variables: status ? { status } : {},
  pick: connectionAt('jobs'),
  key: (n) => n.id,
});
const historyCase = (name: string): ConnectionCase<PointNode> => ({
  query: METRIC_HISTORY,
  variables: { name },
  pick: connectionAt('metricHistory'),
  key: (n) => `${n.jobId}|${n.name}|${n.timestamp}`,
});
const labelCase = (label: string): ConnectionCase<LabelNode> => ({
  query: LABEL_HISTORY,
  variables: { label },
  pick: connectionAt('labelHistory'),
  key: (n) => `${n.jobId}|${n.epoch}`,
});
const metricsCase = (id: string, name?: string): ConnectionCase<PointNode> => ({
  query: JOB_METRICS,
  variables: { id, name },
  pick: connectionAt('job', 'metrics'),
  key: (n) => `${n.name}|${n.timestamp}`,
});
const logsCase = (id: string): ConnectionCase<LogNode> => ({
  query: JOB_LOGS,
  variables: { id },
  pick: connectionAt('job', 'logs'),
  key: (n) => n.timestamp,
});

describe('jobs', () => {
  let server: TestServer;
  /** Job ids newest first (created_at descending, then id descending), and the RUNNING ones. */
  let all: string[];
  let running: string[];
  let cancelled: string[];

  beforeAll(async () => {
    server = await startTestServer();
    const spec: [string, string][] = [
      ['running', '2026-02-01T10:00:00.000001+00:00'],
      ['running', '2026-02-01T11:00:00.000001+00:00'],
      ['succeeded', '2026-02-01T12:00:00.000001+00:00'],
      // A tie across status partitions and one within a partition: ordered by id, descending.
      ['running', '2026-02-01T13:00:00.000001+00:00'],
      ['failed', '2026-02-01T13:00:00.000001+00:00'],
      ['running', '2026-02-01T13:00:00.000001+00:00'],
      ['pending', '2026-02-01T14:00:00.000001+00:00'],
      ['cancelled', '2026-02-01T15:00:00.000001+00:00'],
      ['interrupted', '2026-02-01T16:00:00.000001+00:00'],
      // An older, naive legacy timestamp.
      ['succeeded', '2026-01-20T09:00:00.000001'],
      ['running', '2026-02-01T17:00:00.000001+00:00'],
    ];
    const jobs = spec.map(([status, createdAt]) => ({ id: randomUUID(), status, createdAt }));
    const foreign: Item[] = ['running', 'succeeded', 'pending'].flatMap((status, i) => [
      {
        PK: `IMAGE#${randomUUID()}`,
        SK: `RECEIPT#${i}`,
        TYPE: 'RECEIPT',
        GSI1PK: `STATUS#${status}`,
        GSI1SK: `CREATED#2026-02-01T12:30:00.00000${i}+00:00`,
      },
      {
        PK: `IMAGE#${randomUUID()}`,
        SK: `RECEIPT#${i}`,
        TYPE: 'RECEIPT',
        GSI1PK: `STATUS#${status}`,
        GSI1SK: `CREATED#2026-02-01T16:30:00.00000${i}+00:00`,
      },
    ]);
    await putItems(server.doc, server.tableName, [
      ...jobs.map((j) => legacyJob({ id: j.id, name: `job-${j.id.slice(0, 8)}`, status: j.status, createdAt: j.createdAt })),
      ...jobs.map((j) => legacyStatus({ jobId: j.id, ts: j.createdAt, status: j.status })),
      ...foreign,
    ]);
    const newestFirst = [...jobs].sort((x, y) =>
      x.createdAt !== y.createdAt ? (x.createdAt < y.createdAt ? 1 : -1) : x.id < y.id ? 1 : -1,
    );
    all = newestFirst.map((j) => j.id);
    running = newestFirst.filter((j) => j.status === 'running').map((j) => j.id);
    cancelled = newestFirst.filter((j) => j.status === 'cancelled').map((j) => j.id);
  });
  afterAll(() => server.close());

  test('all statuses merged: every page size gives the whole newest-first list', async () => {
    await expectWalks(server, jobsCase(), all, [1, 3, 4, 11, 20]);
  });

  test('one status: every page size gives that status only, newest first', async () => {
    expect(running).toHaveLength(5);
    await expectWalks(server, jobsCase('RUNNING'), running, [1, 2, 5]);
    expect(cancelled).toHaveLength(1);
    await expectWalks(server, jobsCase('CANCELLED'), cancelled, [1, 3]);
  });

  test('a server with a job catalog lists from it: the same pages, and a cursor of either listing continues on the other', async () => {
    const withCatalog = await startTestServer({ tableName: server.tableName, skipTableCreation: true, catalog: {} });
    try {
      await expectWalks(withCatalog, jobsCase(), all, [1, 3, 4, 11, 20]);
      await expectWalks(withCatalog, jobsCase('RUNNING'), running, [1, 2, 5]);
      // The catalog's listing reads nothing; the GSI1 one queries each status (foreign items skipped, a few pages more).
      const listing = await withCatalog.gql(JOBS(false), { first: 3 });
      expect(listing.extensions?.dynamodb?.calls).toBe(0);
      expect(Object.keys((await server.gql(JOBS(false), { first: 3 })).extensions?.dynamodb?.commands ?? {})).toEqual(['Query']);
      for (const [status, expected] of [
        [undefined, all],
        ['RUNNING', running],
      ] as const) {
        const c = jobsCase(status);
        // Pages of 2, alternately from either server, starting with each.
        for (const first of [0, 1]) {
          const keys: string[] = [];
          let after: string | null = null;
          for (let n = first; ; n++) {
            const page: Connection<JobNode> = await fetchPage(n % 2 ? withCatalog : server, c, 2, after);
            keys.push(...page.edges.map((e) => e.node.id));
            if (!page.pageInfo.hasNextPage) break;
            after = page.pageInfo.endCursor;
          }
          expect(keys).toEqual(expected);
        }
      }
    } finally {
      await withCatalog.close();
    }
  });

  test('the default page is 20 and first is clamped to 1..500', async () => {
    const page = async (first: number | null) => fetchPage(server, jobsCase(), first, null);
    expect((await page(null)).edges).toHaveLength(11);
    for (const first of [0, -1, -1000]) {
      const p = await page(first);
      expect(p.edges.map((e) => e.node.id)).toEqual([all[0]]);
      expect(p.pageInfo.hasNextPage).toBe(true);
    }
    const big = await page(10000);
    expect(big.edges).toHaveLength(11);
    expect(big.pageInfo.hasNextPage).toBe(false);
  });
});

describe('metric, label and job connections', () => {
  let server: TestServer;
  const T0 = '2026-03-01T10:00:00';
  const ts = (micros: number) => legacyTs(T0, micros);
  const MINUTE = 60_000_000;

  // metricHistory: 12 points of one metric over 4 jobs, one timestamp shared by two jobs, foreign items interleaved.
  const historyName = `pg_${hex()}`;
  let historyPoints: { jobId: string; ts: string }[];

  // labelHistory: one label in both shapes over 4 jobs, rows of different jobs interleaved inside one group's window.
  const labelName = `PG_${hex().toUpperCase()}`;
  let labelRows: { jobId: string; epoch: number; ts: string; f1: number; support: number }[];

  // A job with 14 metric points (two sharing a timestamp), 9 logs, a status item and a log-like foreign item.
  const m1 = randomUUID();
  const m2 = randomUUID();
  let m1Points: { name: string; ts: string }[];
  let m1Logs: string[];

  // A job with 505 points of one metric and 505 logs, for the 500 cap.
  const bulk = randomUUID();
  const bulkName = `bulk_${hex()}`;

  beforeAll(async () => {
    server = await startTestServer();
    const items: Item[] = [];
    const historyJobs = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    historyPoints = Array.from({ length: 12 }, (_, i) => ({ jobId: historyJobs[i % 4], ts: ts(i * MINUTE) }));
    historyPoints[6].ts = historyPoints[5].ts;
    for (const [i, p] of historyPoints.entries()) {
      items.push(legacyMetric({ jobId: p.jobId, name: historyName, ts: p.ts, value: i / 100, unit: 'ratio', epoch: i, step: i * 10 }));
    }
    for (let i = 0; i < 6; i++) {
      items.push({
        PK: `RECEIPT#${randomUUID()}`,
        SK: 'METRIC',
        TYPE: 'RECEIPT_METRIC',
        GSI1PK: `METRIC#${historyName}`,
        GSI1SK: ts(i * 2 * MINUTE + 1),
      });
    }
    items.push(...historyJobs.map((id) => legacyJob({ id, name: `h-${id.slice(0, 4)}`, status: 'running', createdAt: ts(0) })));

    const [l1, l2, l3, l4] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    labelRows = [];
    const flat = (jobId: string, epoch: number, at: number) => {
      ['f1', 'precision', 'recall', 'support'].forEach((score, k) =>
        items.push(
          legacyMetric({
            jobId,
            name: `label_${labelName}_${score}`,
            ts: ts(at + k * 7000),
            value: score === 'support' ? '12.0' : 0.5,
            unit: 'ratio',
            epoch,
            step: epoch,
          }),
        ),
      );
      labelRows.push({ jobId, epoch, ts: ts(at), f1: 0.5, support: 12 });
    };
    const map = (jobId: string, epoch: number, at: number) => {
      items.push(
        legacyMetric({
          jobId,
          name: `label_${labelName}`,
          ts: ts(at),
          value: { f1: 0.6, precision: 0.6, recall: 0.6, support: 30 },
          unit: 'per_label',
          epoch,
          step: epoch,
        }),
      );
      labelRows.push({ jobId, epoch, ts: ts(at), f1: 0.6, support: 30 });
    };
    for (const epoch of [1, 2, 3]) {
      flat(l1, epoch, epoch * 10 * MINUTE);
      map(l2, epoch, epoch * 10 * MINUTE + 10_000);
    }
    map(l3, 1, 15 * MINUTE);
    map(l3, 2, 25 * MINUTE);
    flat(l4, 1, 10 * MINUTE);
    labelRows.sort((a, b) =>
      a.ts !== b.ts ? (a.ts < b.ts ? -1 : 1) : a.jobId !== b.jobId ? (a.jobId < b.jobId ? -1 : 1) : a.epoch - b.epoch,
    );

    m1Points = [];
    for (let e = 0; e < 5; e++) {
      const at = ts(60 * MINUTE + e * MINUTE);
      m1Points.push({ name: 'val_f1', ts: at });
      m1Points.push({ name: 'eval_loss', ts: e === 4 ? at : ts(60 * MINUTE + e * MINUTE + 5000) });
    }
    for (const [i, name] of ['num_train_samples', 'num_val_samples', 'o_entity_ratio_train', 'o_entity_ratio_val'].entries()) {
      m1Points.push({ name, ts: ts(59 * MINUTE + i) });
    }
    for (const [i, p] of m1Points.entries()) {
      const epoch = p.name.startsWith('num') || p.name.startsWith('o_') ? undefined : Math.floor(i / 2);
      items.push(legacyMetric({ jobId: m1, name: p.name, ts: p.ts, value: i, unit: 'ratio', epoch }));
      items.push(legacyMetric({ jobId: m2, name: p.name, ts: p.ts, value: i, unit: 'ratio', epoch }));
    }
    // Oldest first, ties by sort key (METRIC#eval_loss#... before METRIC#val_f1#...).
    m1Points.sort((a, b) => (a.ts !== b.ts ? (a.ts < b.ts ? -1 : 1) : a.name < b.name ? -1 : 1));
    m1Logs = Array.from({ length: 9 }, (_, i) => ts(58 * MINUTE + i * 1000));
    for (const [i, at] of m1Logs.entries()) {
      items.push(legacyLog({ jobId: m1, ts: at, level: 'INFO', message: `line ${i}` }));
      items.push(legacyLog({ jobId: m2, ts: at, level: 'INFO', message: `other ${i}` }));
    }
    items.push(
      legacyJob({ id: m1, name: 'm1', status: 'running', createdAt: ts(57 * MINUTE) }),
      legacyJob({ id: m2, name: 'm2', status: 'running', createdAt: ts(57 * MINUTE) }),
      legacyStatus({ jobId: m1, ts: ts(57 * MINUTE), status: 'running' }),
      { PK: `JOB#${m1}`, SK: `LOGBOOK#${ts(58 * MINUTE)}`, TYPE: 'JOB_LOGBOOK', message: 'not a log line' },
    );

    items.push(legacyJob({ id: bulk, name: 'bulk', status: 'running', createdAt: ts(0) }));
    for (let i = 0; i < 505; i++) {
      items.push(legacyMetric({ jobId: bulk, name: bulkName, ts: ts(2 * 60 * MINUTE + i), value: i, unit: 'count', epoch: i }));
      items.push(legacyLog({ jobId: bulk, ts: ts(2 * 60 * MINUTE + i), level: 'DEBUG', message: `bulk ${i}` }));
    }
    await putItems(server.doc, server.tableName, items);
  });
  afterAll(() => server.close());

  test('metricHistory: oldest first over every page size; foreign items in the index never count', async () => {
    const c = historyCase(historyName);
    const reference = await fetchPage(server, c, 500, null);
    expect(reference.pageInfo.hasNextPage).toBe(false);
    const keys = reference.edges.map((e) => c.key(e.node));
    // The reference is the seeded set, oldest first (the order of the two points sharing a timestamp is DynamoDB's).
    expect([...keys].sort()).toEqual(historyPoints.map((p) => `${p.jobId}|${historyName}|${p.ts}`).sort());
    const times = reference.edges.map((e) => e.node.timestamp);
    expect(times).toEqual([...times].sort());
    await expectWalks(server, c, keys, [1, 3, 4, 5, 12]);
  });

  test('labelHistory: merged rows of both shapes, oldest first, over every page size', async () => {
    const c = labelCase(labelName);
    const expected = labelRows.map((r) => `${r.jobId}|${r.epoch}`);
    expect(expected).toHaveLength(9);
    await expectWalks(server, c, expected, [1, 2, 3, 4, 9]);
    const page = await fetchPage(server, c, 9, null);
    expect(page.edges.map((e) => e.node.timestamp)).toEqual(labelRows.map((r) => r.ts));
    // Flat rows merged (f1 from the f1 row, support from the "12.0" row), map rows read whole: every row's values.
    expect(page.edges.map(({ node: { jobId, label, epoch, f1, support } }) => ({ jobId, label, epoch, f1, support }))).toEqual(
      labelRows.map(({ jobId, epoch, f1, support }) => ({ jobId, label: labelName, epoch, f1, support })),
    );
  });

  test('Job.metrics without a name: every point of the job, oldest first, over every page size', async () => {
    await expectWalks(
      server,
      metricsCase(m1),
      m1Points.map((p) => `${p.name}|${p.ts}`),
      [1, 3, 7, 14],
    );
  });

  test('Job.metrics with a name: only that metric, over every page size', async () => {
    const expected = m1Points.filter((p) => p.name === 'val_f1').map((p) => `${p.name}|${p.ts}`);
    expect(expected).toHaveLength(5);
    await expectWalks(server, metricsCase(m1, 'val_f1'), expected, [1, 2, 5]);
  });

  test('Job.logs: oldest first over every page size; other items of the partition never count', async () => {
    await expectWalks(server, logsCase(m1), m1Logs, [1, 3, 4, 9]);
  });

  test('first is clamped to 1..500 everywhere; defaults are documented sizes', async () => {
    const cases: [string, ConnectionCase<unknown>][] = [
      ['metricHistory', historyCase(bulkName) as ConnectionCase<unknown>],
      ['Job.metrics', metricsCase(bulk) as ConnectionCase<unknown>],
      ['Job.metrics(name)', metricsCase(bulk, bulkName) as ConnectionCase<unknown>],
      ['Job.logs', logsCase(bulk) as ConnectionCase<unknown>],
    ];
    for (const [what, c] of cases) {
      const capped = await fetchPage(server, c, 10000, null);
      expect({ what, size: capped.edges.length, next: capped.pageInfo.hasNextPage }).toEqual({ what, size: 500, next: true });
      const rest = await fetchPage(server, c, 10000, capped.pageInfo.endCursor);
      expect({ what, size: rest.edges.length, next: rest.pageInfo.hasNextPage }).toEqual({ what, size: 5, next: false });
      const keys = [...capped.edges, ...rest.edges].map((e) => c.key(e.node));
      expect(new Set(keys).size).toBe(505);
      expect({ what, size: (await fetchPage(server, c, null, null)).edges.length }).toEqual({ what, size: 100 });
      for (const first of [0, -1, -500]) {
        const one = await fetchPage(server, c, first, null);
        expect({ what, first, keys: one.edges.map((e) => c.key(e.node)), next: one.pageInfo.hasNextPage }).toEqual({
          what,
          first,
          keys: [keys[0]],
          next: true,
        });
      }
    }
    const labels = labelCase(labelName) as ConnectionCase<unknown>;
    const one = await fetchPage(server, labels, 0, null);
    expect([one.edges.length, one.pageInfo.hasNextPage]).toEqual([1, true]);
    const negative = await fetchPage(server, labels, -3, null);
    expect([negative.edges.length, negative.pageInfo.hasNextPage]).toEqual([1, true]);
    const all = await fetchPage(server, labels, 10000, null);
    expect([all.edges.length, all.pageInfo.hasNextPage]).toEqual([9, false]);
  });

  describe('bad cursors', () => {
    /** A target list and how to ask it for a page after a given cursor. */
    interface Target {
      what: string;
      query: string;
      variables: Record<string, unknown>;
      /** The data a rejected request may carry: the root connection is null, or the job holding it is. */
      rejected: Record<string, unknown> | null;
    }
    const target = (what: string, c: ConnectionCase<unknown>): Target => ({
      what,
      query: c.query,
      variables: { ...c.variables, first: 2 },
      rejected: c.query.includes('job(id:') ? { job: null } : null,
    });
    let targets: Record<string, Target>;
    /** A valid cursor of each list, from its first page of 2. */
    let cursors: Record<string, string>;

    const cursorOf = async (c: ConnectionCase<unknown>): Promise<string> => {
      const page = await fetchPage(server, c, 2, null);
      expect(page.pageInfo.hasNextPage).toBe(true);
      return page.pageInfo.endCursor as string;
    };

    beforeAll(async () => {
      const cases: Record<string, ConnectionCase<unknown>> = {
        jobs: jobsCase() as ConnectionCase<unknown>,
        jobsRunning: jobsCase('RUNNING') as ConnectionCase<unknown>,
        jobsFailed: jobsCase('FAILED') as ConnectionCase<unknown>,
        historyValF1: historyCase('val_f1') as ConnectionCase<unknown>,
        historyEvalLoss: historyCase('eval_loss') as ConnectionCase<unknown>,
        historyPg: historyCase(historyName) as ConnectionCase<unknown>,
        label: labelCase(labelName) as ConnectionCase<unknown>,
        labelOther: labelCase('TOTAL') as ConnectionCase<unknown>,
        metricsM1: metricsCase(m1) as ConnectionCase<unknown>,
        metricsM2: metricsCase(m2) as ConnectionCase<unknown>,
        metricsM1ValF1: metricsCase(m1, 'val_f1') as ConnectionCase<unknown>,
        metricsM1EvalLoss: metricsCase(m1, 'eval_loss') as ConnectionCase<unknown>,
        logsM1: logsCase(m1) as ConnectionCase<unknown>,
        logsM2: logsCase(m2) as ConnectionCase<unknown>,
      };
      targets = Object.fromEntries(Object.entries(cases).map(([k, c]) => [k, target(k, c)]));
      cursors = {};
      for (const k of ['jobs', 'jobsRunning', 'historyValF1', 'historyPg', 'label', 'metricsM1', 'metricsM1ValF1', 'logsM1'])
        cursors[k] = await cursorOf(cases[k]);
    });

    /** Sends `after` to a target and expects BAD_USER_INPUT errors only, and no page at all. */
    async function expectRejected(t: Target, after: string, why: string): Promise<void> {
      const res: GqlResponse<Record<string, unknown>> = await server.gql(t.query, { ...t.variables, after });
      const codes = (res.errors ?? []).map((e) => e.extensions?.code);
      expect({ why, target: t.what, codes, data: res.data ?? null }).toEqual({
        why,
        target: t.what,
        codes: ['BAD_USER_INPUT'],
        data: t.rejected,
      });
    }

    test('each cursor works on its own list (so the rejections below are about the cursor)', async () => {
      const own: [string, string][] = [
        ['jobs', 'jobs'],
        ['jobsRunning', 'jobsRunning'],
        ['historyValF1', 'historyValF1'],
        ['historyPg', 'historyPg'],
        ['label', 'label'],
        ['metricsM1', 'metricsM1'],
        ['metricsM1ValF1', 'metricsM1ValF1'],
        ['logsM1', 'logsM1'],
      ];
      for (const [cursor, t] of own) {
        const res = await server.gql<Record<string, unknown>>(targets[t].query, { ...targets[t].variables, after: cursors[cursor] });
        expect({ t, errors: res.errors }).toEqual({ t, errors: undefined });
      }
    });

    test('malformed cursors', async () => {
      const b64 = (text: string) => Buffer.from(text).toString('base64url');
      const malformed = [
        '',
        ' ',
        '!!!',
        'abc',
        'x'.repeat(5000),
        'eyJ2IjoxfQ==', // padded base64
        b64('not json'),
        b64('null'),
        b64('[]'),
        b64('42'),
        b64('{"v":1}'),
        b64('{"v":1,"k":"jobs","s":"*"}'),
        b64(JSON.stringify({ v: 2, k: 'jobs', s: '*', p: { createdAt: '2026-01-01T00:00:00.000000+00:00', id: randomUUID() } })),
      ];
      for (const t of Object.values(targets)) {
        for (const after of malformed) await expectRejected(t, after, `malformed ${JSON.stringify(after.slice(0, 30))}`);
      }
    });

    test('a cursor with any one character changed', async () => {
      const flip = (s: string, i: number) => `${s.slice(0, i)}${s[i] === 'A' ? 'B' : 'A'}${s.slice(i + 1)}`;
      const own: [string, string][] = [
        ['jobs', 'jobs'],
        ['historyPg', 'historyPg'],
        ['label', 'label'],
        ['metricsM1', 'metricsM1'],
        ['logsM1', 'logsM1'],
      ];
      for (const [cursor, t] of own) {
        const original = cursors[cursor];
        for (let i = 0; i < original.length; i += 8) {
          const batch = Array.from({ length: Math.min(8, original.length - i) }, (_, k) => i + k);
          await Promise.all(batch.map((at) => expectRejected(targets[t], flip(original, at), `${cursor} with character ${at} flipped`)));
        }
      }
    });

    test('a cursor re-encoded with one field changed', async () => {
      const decode = (c: string) => JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as Record<string, unknown> & { p: unknown };
      const encode = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const edit = (cursor: string, change: (o: Record<string, unknown> & { p: unknown }) => void) => {
        const o = decode(cursor);
        change(o);
        return encode(o);
      };
      const positionOf = <T>(o: { p: unknown }) => o.p as T;
      const cases: [string, string, (o: Record<string, unknown> & { p: unknown }) => void][] = [
        ['jobs', 'jobs', (o) => (positionOf<{ createdAt: string }>(o).createdAt = '2099-01-01T00:00:00.000000+00:00')],
        ['jobs', 'jobs', (o) => (positionOf<{ id: string }>(o).id = randomUUID())],
        ['jobs', 'jobs', (o) => (o.v = 2)],
        ['jobs', 'jobs', (o) => (o.extra = true)],
        ['jobsRunning', 'jobs', (o) => (o.s = '*')],
        ['jobs', 'jobsFailed', (o) => (o.s = 'FAILED')],
        ['historyPg', 'historyPg', (o) => (positionOf<{ timestamp: string }>(o).timestamp = '')],
        ['historyPg', 'historyPg', (o) => (positionOf<{ sortKey: string }>(o).sortKey = '')],
        ['historyPg', 'historyPg', (o) => (positionOf<{ sortKey: string }>(o).sortKey = 'é'.repeat(1000))],
        ['historyPg', 'historyPg', (o) => (positionOf<{ jobId: string }>(o).jobId = randomUUID())],
        ['historyValF1', 'historyEvalLoss', (o) => (o.s = 'eval_loss')],
        ['label', 'label', (o) => (positionOf<{ ts: string }>(o).ts = '')],
        ['label', 'label', (o) => (positionOf<{ epoch: number }>(o).epoch = 99)],
        ['label', 'labelOther', (o) => (o.s = 'TOTAL')],
        // Another point of the same job that exists: a valid position, but not one the server handed out.
        ['metricsM1', 'metricsM1', (o) => (o.p = `METRIC#val_f1#${m1Points.filter((p) => p.name === 'val_f1')[3].ts}`)],
        ['metricsM1', 'metricsM2', (o) => (o.s = `${m2}/*`)],
        ['logsM1', 'logsM1', (o) => (o.p = 'LOG#2000-01-01')],
        ['logsM1', 'logsM2', (o) => (o.s = m2)],
      ];
      for (const [cursor, t, change] of cases)
        await expectRejected(targets[t], edit(cursors[cursor], change), `${cursor} edited: ${change.toString()}`);
    });

    test('a cursor of another list', async () => {
      const pairs: [string, string][] = [
        ['jobs', 'historyValF1'],
        ['jobs', 'label'],
        ['jobs', 'metricsM1'],
        ['jobs', 'logsM1'],
        ['historyValF1', 'jobs'],
        ['historyValF1', 'label'],
        ['historyValF1', 'metricsM1'],
        ['label', 'historyPg'],
        ['label', 'jobs'],
        ['metricsM1', 'logsM1'],
        ['metricsM1', 'historyValF1'],
        ['logsM1', 'metricsM1'],
        ['logsM1', 'jobs'],
      ];
      for (const [cursor, t] of pairs) await expectRejected(targets[t], cursors[cursor], `${cursor} cursor on ${t}`);
    });

    test('a cursor of the same list in another scope (another job, metric, label or status)', async () => {
      const pairs: [string, string][] = [
        ['metricsM1', 'metricsM2'],
        ['metricsM1ValF1', 'metricsM1EvalLoss'],
        ['metricsM1ValF1', 'metricsM1'],
        ['metricsM1', 'metricsM1ValF1'],
        ['logsM1', 'logsM2'],
        ['historyValF1', 'historyEvalLoss'],
        ['label', 'labelOther'],
        ['jobsRunning', 'jobsFailed'],
        ['jobsRunning', 'jobs'],
        ['jobs', 'jobsRunning'],
      ];
      for (const [cursor, t] of pairs) await expectRejected(targets[t], cursors[cursor], `${cursor} cursor on ${t}`);
    });
  });

  test('ids: malformed or non-v4/v5 UUIDs are BAD_USER_INPUT; an unknown valid UUID is null', async () => {
    const job = (id: string) => server.gql<{ job: { id: string } | null }>(`query($id: ID!) { job(id: $id) { id } }`, { id });
    for (const id of [
      'not-a-uuid',
      '',
      '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
      '00000000-0000-0000-0000-000000000000',
      `${m1}x`,
      `JOB#${m1}`,
    ]) {
      const res = await job(id);
      expect({ id, codes: res.errors?.map((e) => e.extensions?.code), data: res.data }).toEqual({
        id,
        codes: ['BAD_USER_INPUT'],
        data: { job: null },
      });
    }
    for (const id of [randomUUID(), '886313e1-3b8a-5372-9b90-0c9aee199e5d']) {
      const res = await job(id);
      expect({ id, errors: res.errors, data: res.data }).toEqual({ id, errors: undefined, data: { job: null } });
    }
    const compare = await server.gql(`{ compareMetric(name: "val_f1", jobIds: ["not-a-uuid"]) { jobId } }`);
    expect(compare.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(compare.data).toBeNull();
  });
});

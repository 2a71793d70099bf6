import { createJob, epochInput, RECORD_EPOCH } from '../helpers/api';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { until } from '../helpers/until';
import { createDynamoClients } from '../../src/db/client';
import { DynamoGateway } from '../../src/db/gateway';
import { JobCatalog } from '../../src/modules/catalog/job-catalog';

/** Search, order, totals and cursors on the job catalog, against DynamoDB Local and the table's stream. */

const SEARCH = `query($filter: JobFilter, $query: String, $orderBy: [JobOrder!], $first: Int, $after: String, $status: JobStatus) {
  jobs(filter: $filter, query: $query, orderBy: $orderBy, first: $first, after: $after, status: $status) {
    totalCount
    edges { cursor node { id name status summary(metric: "val_f1") { best last min max epochOfBest count } configValue(path: "optimizer.lr") } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Run {
  id: string;
  name: string;
  lr: number;
  model: string;
  seed: number;
  f1s: number[];
  dataset?: string;
  finished?: boolean;
}

let server: TestServer;
const runs: Run[] = [];

async function search(variables: Record<string, unknown>) {
  const res = await server.gql(SEARCH, variables);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res;
}

const ids = (res: any): string[] => res.data.jobs.edges.map((e: any) => e.node.id);

beforeAll(async () => {
  server = await startTestServer({ catalog: {} });
  const models = ['layoutlmv3-base', 'layoutlmv2-base'];
  for (let i = 0; i < 8; i++) {
    const run: Run = {
      id: '',
      name: `Search-Run-${i}`,
      lr: [1e-5, 5e-5, 1e-4, 3e-4][i % 4],
      model: models[i % 2],
      seed: i % 3,
      f1s: [0.5 + i / 100, 0.6 + i / 50, 0.55 + i / 40],
      ...(i % 3 === 0 ? { dataset: 'receipts' } : {}),
    };
    run.id = await createJob(server, {
      name: run.name,
      config: { optimizer: { lr: run.lr, name: 'adamw' }, model_name: run.model, seed: run.seed, labels: ['A', 'B'] },
      tags: run.dataset ? { dataset: run.dataset } : {},
    });
    for (const [epoch, f1] of run.f1s.entries()) {
      const res = await server.gql(RECORD_EPOCH, { input: epochInput(run.id, epoch, 1, { valF1: f1 }) });
      expect(res.data?.recordEpoch.userErrors).toEqual([]);
    }
    runs.push(run);
  }
  // Every run, with all its epochs, searchable.
  await until(() => runs.every((r) => server.catalog?.entry(r.id)?.summaries.get('val_f1')?.count === 3), 'runs in the catalog');
}, 120_000);

afterAll(() => server?.close());

const best = (r: Run) => Math.max(...r.f1s);

describe('jobs(filter)', () => {
  it('ANDs config, metric and status conditions and sorts by best val_f1, with the summaries and config values', async () => {
    const res = await search({
      filter: {
        status: ['RUNNING'],
        config: [
          { path: 'optimizer.lr', op: 'LT', value: 2e-4 },
          { path: 'model_name', op: 'EQ', value: 'layoutlmv3-base' },
        ],
        metric: [{ name: 'val_f1', op: 'GT', value: 0.6 }],
      },
      orderBy: [{ field: 'METRIC', metric: 'val_f1' }],
    });
    const expected = runs
      .filter((r) => r.lr < 2e-4 && r.model === 'layoutlmv3-base' && best(r) > 0.6)
      .sort((a, b) => best(b) - best(a))
      .map((r) => r.id);
    expect(expected.length).toBeGreaterThan(1);
    expect(ids(res)).toEqual(expected);
    expect(res.data?.jobs.totalCount).toBe(expected.length);
    const first = res.data?.jobs.edges[0].node;
    const run = runs.find((r) => r.id === first.id) as Run;
    expect(first.summary).toEqual({
      best: best(run),
      last: run.f1s[2],
      min: Math.min(...run.f1s),
      max: best(run),
      epochOfBest: run.f1s.indexOf(best(run)),
      count: 3,
    });
    expect(first.configValue).toBe(run.lr);
    expect(first.name).toBe(run.name);
  });

  it('makes no DynamoDB call for ids, names, statuses, summaries and config values', async () => {
    const res = await search({ filter: { config: [{ path: 'seed', op: 'EQ', value: 1 }] }, first: 50 });
    expect(ids(res).length).toBe(runs.filter((r) => r.seed === 1).length);
    expect(res.extensions?.dynamodb?.calls).toBe(0);
  });

  it('answers several summaries and config values at once, in the order asked, with no DynamoDB call', async () => {
    const res = await search({ filter: { config: [{ path: 'seed', op: 'EQ', value: 2 }] }, first: 50 });
    const expected = runs.filter((r) => r.seed === 2);
    const columns = await server.gql(
      `{ jobs(filter: {config: [{path: "seed", op: EQ, value: 2}]}, first: 50) { edges { node { id
        summaries(metrics: ["val_f1", "no_such_metric"]) { metric best last }
        configValues(paths: ["model_name", "optimizer.lr", "no.such.path", "labels"]) } } } }`,
    );
    expect(columns.errors).toBeUndefined();
    expect(columns.extensions?.dynamodb?.calls).toBe(0);
    expect(ids(columns)).toEqual(ids(res));
    for (const edge of columns.data?.jobs.edges ?? []) {
      const run = expected.find((r) => r.id === edge.node.id) as Run;
      expect(edge.node.summaries).toEqual([{ metric: 'val_f1', best: best(run), last: run.f1s[2] }, null]);
      expect(edge.node.configValues).toEqual([run.model, run.lr, null, ['A', 'B']]);
    }
    const tooMany = await server.gql(
      `{ jobs(first: 1) { edges { node { summaries(metrics: [${Array(101).fill('"m"').join(',')}]) { best } } } } }`,
    );
    expect(tooMany.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'metrics' } });
    expect(tooMany.errors?.[0].message).toContain('at most 100');
  });

  it('reads the page once (one BatchGetItem) for fields the catalog does not hold', async () => {
    const res = await server.gql(
      `{ jobs(filter: {name: {prefix: "search-run"}}, first: 50) { edges { node { id description priority config } } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.jobs.edges).toHaveLength(runs.length);
    expect(res.extensions?.dynamodb?.commands).toEqual({ BatchGetItem: 1 });
    expect(res.data?.jobs.edges[0].node.config.labels).toEqual(['A', 'B']);
  });

  it('ORs with anyOf, and matches names and tags', async () => {
    const res = await search({
      filter: { anyOf: [{ tags: [{ key: 'dataset', equals: 'receipts' }] }, { name: { equals: 'SEARCH-RUN-1' } }] },
      orderBy: [{ field: 'NAME' }],
    });
    const expected = runs
      .filter((r) => r.dataset === 'receipts' || r.name === 'Search-Run-1')
      .map((r) => r)
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((r) => r.id);
    expect(ids(res)).toEqual(expected);
    const absent = await search({ filter: { tags: [{ key: 'dataset', exists: false }] } });
    expect(absent.data?.jobs.totalCount).toBe(runs.filter((r) => !r.dataset).length);
  });

  it('takes IN, CONTAINS, EXISTS and NE on config values, and LAST/MIN of a metric', async () => {
    const inList = await search({ filter: { config: [{ path: 'optimizer.lr', op: 'IN', value: [1e-5, 3e-4] }] } });
    expect(inList.data?.jobs.totalCount).toBe(runs.filter((r) => r.lr === 1e-5 || r.lr === 3e-4).length);
    const contains = await search({ filter: { config: [{ path: 'model_name', op: 'CONTAINS', value: 'V2' }] } });
    expect(contains.data?.jobs.totalCount).toBe(runs.filter((r) => r.model.includes('v2')).length);
    const inArray = await search({ filter: { config: [{ path: 'labels', op: 'CONTAINS', value: 'B' }] } });
    expect(inArray.data?.jobs.totalCount).toBe(runs.length);
    const exists = await search({ filter: { config: [{ path: 'optimizer.momentum', op: 'EXISTS' }] } });
    expect(exists.data?.jobs.totalCount).toBe(0);
    const ne = await search({ filter: { config: [{ path: 'seed', op: 'NE', value: 0 }] } });
    expect(ne.data?.jobs.totalCount).toBe(runs.filter((r) => r.seed !== 0).length);
    const last = await search({ filter: { metric: [{ name: 'val_f1', stat: 'LAST', op: 'GTE', value: 0.6 }] } });
    expect(last.data?.jobs.totalCount).toBe(runs.filter((r) => r.f1s[2] >= 0.6).length);
    const min = await search({ filter: { metric: [{ name: 'val_f1', stat: 'MIN', op: 'LT', value: 0.53 }] } });
    expect(min.data?.jobs.totalCount).toBe(runs.filter((r) => Math.min(...r.f1s) < 0.53).length);
  });

  it('filters on creation time and creator, LTE, and orders by creation time either way', async () => {
    const asc = await search({ orderBy: [{ field: 'CREATED', direction: 'ASC' }], first: 50 });
    expect(ids(asc)).toEqual(runs.map((r) => r.id));
    const desc = await search({ orderBy: [{ field: 'CREATED' }], first: 50 });
    expect(ids(desc)).toEqual(runs.map((r) => r.id).reverse());
    const created = (await server.gql(`query($id: ID!) { job(id: $id) { createdAt } }`, { id: runs[4].id })).data?.job.createdAt;
    const after = await search({ filter: { createdAfter: created }, orderBy: [{ field: 'CREATED', direction: 'ASC' }] });
    expect(ids(after)).toEqual(runs.slice(4).map((r) => r.id));
    const before = await search({ filter: { createdBefore: created }, orderBy: [{ field: 'CREATED', direction: 'ASC' }] });
    expect(ids(before)).toEqual(runs.slice(0, 4).map((r) => r.id));
    const text = await search({ query: `created >= "${created}" and created_by = "system"` });
    expect(text.data?.jobs.totalCount).toBe(runs.length - 4);
    expect((await search({ filter: { createdBy: 'nobody' } })).data?.jobs.totalCount).toBe(0);
    const lte = await search({ filter: { config: [{ path: 'optimizer.lr', op: 'LTE', value: 5e-5 }], stale: false } });
    expect(lte.data?.jobs.totalCount).toBe(runs.filter((r) => r.lr <= 5e-5).length);
  });

  it('pages with opaque cursors, without repeats or gaps, and refuses a cursor of another search', async () => {
    const orderBy = [{ field: 'CONFIG', path: 'optimizer.lr', direction: 'DESC' }];
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res = await search({ orderBy, first: 3, after });
      expect(res.data?.jobs.totalCount).toBe(runs.length);
      seen.push(...ids(res));
      if (!res.data?.jobs.pageInfo.hasNextPage) break;
      after = res.data.jobs.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(runs.length);
    expect(new Set(seen).size).toBe(runs.length);
    // lr descending, then newest first among equal lr.
    const expected = [...runs]
      .reverse()
      .sort((a, b) => b.lr - a.lr)
      .map((r) => r.id);
    expect(seen).toEqual(expected);
    const first = await search({ orderBy, first: 2 });
    const other = await server.gql(SEARCH, { orderBy: [{ field: 'NAME' }], after: first.data?.jobs.pageInfo.endCursor });
    expect(other.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('takes the same filter as text, and points at the offending column', async () => {
    const res = await search({
      query: 'config.optimizer.lr < 2e-4 and metrics.val_f1 > 0.6 and (config.model_name = "layoutlmv3-base" or tags.dataset = "receipts")',
      orderBy: [{ field: 'METRIC', metric: 'val_f1', direction: 'ASC' }],
    });
    const expected = runs
      .filter((r) => r.lr < 2e-4 && best(r) > 0.6 && (r.model === 'layoutlmv3-base' || r.dataset === 'receipts'))
      .sort((a, b) => best(a) - best(b))
      .map((r) => r.id);
    expect(ids(res)).toEqual(expected);
    const bad = await server.gql(SEARCH, { query: 'config.lr < 1e-4 and metrics.val_f1 >' });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].extensions?.column).toBe(38);
    expect(bad.errors?.[0].message).toMatch(/^query: .* at column 38$/);
  });

  it('refuses bad paths, operators and value types with BAD_USER_INPUT naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ filter: { config: [{ path: 'a..b', op: 'EQ', value: 1 }] } }, 'filter.config[0].path'],
      [{ filter: { config: [{ path: 'lr', op: 'IN', value: 1 }] } }, 'filter.config[0].value'],
      [{ filter: { config: [{ path: 'lr', op: 'LT', value: { a: 1 } }] } }, 'filter.config[0].value'],
      [{ filter: { metric: [{ name: 'val_f1', op: 'CONTAINS', value: 1 }] } }, 'filter.metric[0].op'],
      [{ filter: { name: { equals: 'a', prefix: 'b' } } }, 'filter.name'],
      [{ filter: { anyOf: [{ tags: [{ key: 'x' }] }] } }, 'filter.anyOf[0].tags[0]'],
      [{ orderBy: [{ field: 'METRIC' }] }, 'orderBy[0].metric'],
      [{ orderBy: [{ field: 'NAME', path: 'x' }] }, 'orderBy[0].path'],
    ];
    for (const [variables, field] of cases) {
      const res = await server.gql(SEARCH, variables);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].extensions?.argument).toBe(field);
      expect(res.errors?.[0].message).toContain(field);
    }
  });

  it("finds this instance's own writes at once: a tag set, a rename, a finalize", async () => {
    const run = runs[5];
    const tags = await server.gql(
      `mutation($id: ID!) { setJobTags(input: { jobId: $id, set: [{ key: "pick", value: "yes" }] }) { userErrors { code } } }`,
      {
        id: run.id,
      },
    );
    expect(tags.data?.setJobTags.userErrors).toEqual([]);
    expect(ids(await search({ query: 'tags.pick = "yes"' }))).toEqual([run.id]);
    const renamed = await server.gql(
      `mutation($id: ID!) { updateJob(input: { jobId: $id, name: "Renamed-Run" }) { userErrors { code } } }`,
      {
        id: run.id,
      },
    );
    expect(renamed.data?.updateJob.userErrors).toEqual([]);
    expect(ids(await search({ filter: { name: { equals: 'renamed-run' } } }))).toEqual([run.id]);
    run.name = 'Renamed-Run';
    const other = runs[6];
    const done = await server.gql(`mutation($id: ID!) { finalizeJob(input: { jobId: $id, status: SUCCEEDED }) { userErrors { code } } }`, {
      id: other.id,
    });
    expect(done.data?.finalizeJob.userErrors).toEqual([]);
    const finished = await search({ query: 'status = SUCCEEDED', orderBy: [{ field: 'FINISHED' }] });
    expect(ids(finished)).toEqual([other.id]);
    other.finished = true;
  });

  it('gives the plain listing a total and Job.summary on any job', async () => {
    const res = await server.gql(
      `{ jobs(first: 2) { totalCount edges { node { id summary(metric: "eval_loss") { best count } lastSeenAt stale } } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.jobs.totalCount).toBe(runs.length);
    const node = res.data?.jobs.edges[0].node;
    expect(node.summary.count).toBe(3);
    expect(node.summary.best).toBeCloseTo(1 / 3, 10);
    expect(node.stale).toBe(false);
    expect(Date.parse(node.lastSeenAt)).toBeGreaterThan(Date.now() - 120_000);
  });
});

describe('a server whose catalog is still loading', () => {
  it('says so on /readyz and in searches, and answers once loaded', async () => {
    const db = new DynamoGateway(
      createDynamoClients({ region: 'us-east-1', endpoint: process.env.DYNAMODB_ENDPOINT as string, timeoutMs: 5000 }),
      server.tableName,
    );
    const catalog = JobCatalog.over(db);
    const starting = await startTestServer({ tableName: server.tableName, skipTableCreation: true, server: { catalog } });
    try {
      const readyz = async () => {
        const res = await fetch(starting.url.replace('/graphql', '/readyz'));
        return { code: res.status, body: (await res.json()) as Record<string, any> };
      };
      const before = await readyz();
      expect(before.code).toBe(503);
      expect(before.body).toMatchObject({ status: 'loading', catalog: { state: 'starting' } });
      const res = await starting.gql(SEARCH, { query: 'status = RUNNING' });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'CATALOG_LOADING' });
      expect(res.errors?.[0].message).toMatch(/still loading.*retry shortly/);
      const load = await catalog.load();
      expect(load.jobs).toBe(runs.length);
      const after = await readyz();
      expect(after.code).toBe(200);
      expect(after.body).toMatchObject({ status: 'ready', catalog: { state: 'ready', jobs: runs.length } });
      expect((await starting.gql(SEARCH, { query: 'status in (RUNNING, SUCCEEDED)' })).data?.jobs.totalCount).toBe(runs.length);
    } finally {
      await starting.close();
      db.destroy();
    }
  });
});

describe('a server without a catalog', () => {
  it('says so instead of answering from nothing', async () => {
    const plain = await startTestServer({ tableName: server.tableName, skipTableCreation: true });
    try {
      const res = await plain.gql(SEARCH, { query: 'status = RUNNING' });
      expect(res.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(res.errors?.[0].extensions?.reason).toBe('CATALOG_OFF');
      // Job.summary still answers, from the job's rows.
      const job = await plain.gql(`query($id: ID!) { job(id: $id) { summary(metric: "val_f1") { best count } } }`, { id: runs[3].id });
      expect(job.data?.job.summary).toEqual({ best: best(runs[3]), count: 3 });
      const listing = await plain.gql(`{ jobs { totalCount } }`);
      expect(listing.data?.jobs.totalCount).toBe(runs.length);
    } finally {
      await plain.close();
    }
  });
});

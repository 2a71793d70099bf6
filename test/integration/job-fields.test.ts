import { randomUUID } from 'node:crypto';
import { createJob, epochInput, RECORD_EPOCH } from '../helpers/api';
import { legacyFixtureItems, legacyMetric, legacyTs, putItems } from '../helpers/legacy-seed';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { until } from '../helpers/until';

/*
 * What jobs carry, for a dashboard's pickers: `Job.metricNames` (the curves a job can draw) and `jobFields` (the
 * config keys, metrics and tags of the jobs a search matches), on a table holding jobs written through the API and
 * two jobs as the legacy writer stored them (flat per-label rows, a confusion matrix, dataset metrics).
 */

const DATASET = `mutation($input: RecordDatasetMetricsInput!) { recordDatasetMetrics(input: $input) { userErrors { code } } }`;
const LOG = `mutation($input: LogMetricsInput!) { logMetrics(input: $input) { written userErrors { message } } }`;
const NAMES = `query($id: ID!) { job(id: $id) { metricNames } }`;
const FIELDS = `query($filter: JobFilter, $query: String) {
  jobFields(filter: $filter, query: $query) {
    jobCount
    configKeys { path jobs distinct numeric }
    metrics { name jobs }
    tags { key value jobs }
  }
}`;

let server: TestServer;
const legacy = { a: randomUUID(), b: randomUUID() };
let sweep: string;
let second: string;
let datasetOnly: string;

async function ok(query: string, variables: Record<string, unknown>): Promise<void> {
  const res = await server.gql(query, variables);
  expect(res.errors).toBeUndefined();
  expect(JSON.stringify(res.data)).not.toContain('"userErrors":[{');
}

beforeAll(async () => {
  server = await startTestServer({ catalog: {} });
  sweep = await createJob(server, {
    config: { model: { name: 'v3', layers: 12 }, optimizer: { lr: 1e-4 }, seed: 1, labels: ['A', 'B'] },
    tags: { team: 'receipts', stage: 'sweep' },
  });
  second = await createJob(server, {
    config: { model: { name: 'v3', layers: 24 }, optimizer: { lr: '5e-5' }, seed: 2 },
    tags: { team: 'receipts' },
  });
  datasetOnly = await createJob(server, {
    config: { model: { name: 'v2', layers: 12 }, optimizer: { lr: 1e-4 }, seed: 1, note: null },
    tags: { team: 'forms' },
  });
  for (const epoch of [1, 2]) await ok(RECORD_EPOCH, { input: epochInput(sweep, epoch, 2) });
  const extra = [
    { name: 'samples_per_second', value: 12.5, unit: 'samples/s' },
    { name: 'throughput', value: 3.5 },
  ];
  await ok(RECORD_EPOCH, { input: epochInput(second, 1, 2, { extra }) });
  await ok(DATASET, { input: { jobId: datasetOnly, numTrainSamples: 800, numValSamples: 100 } });
  // Step series: train_loss (also an epoch metric of the job) and grad_norm (a step series alone).
  const points = [10, 20, 30].flatMap((step) => [
    { name: 'train_loss', step, value: 1 / step },
    { name: 'grad_norm', step, value: step },
  ]);
  await ok(LOG, { input: { jobId: sweep, points } });
  const base = '2025-12-30T09:00:00';
  await putItems(server.doc, server.tableName, [
    ...legacyFixtureItems(legacy),
    // A held-out per-label row of an epoch and a run-level config map, as the legacy writer stores them.
    legacyMetric({ jobId: legacy.a, name: 'heldout_label_TOTAL_f1', ts: legacyTs(base, 1), value: 0.7, epoch: 1, step: 100 }),
    legacyMetric({ jobId: legacy.a, name: 'label_merge_config', ts: legacyTs(base, 2), value: { 'B-TOTAL': 'TOTAL' } }),
  ]);
  const catalog = server.catalog;
  await until(
    () =>
      catalog?.entry(sweep)?.summaries.get('val_f1')?.count === 2 &&
      catalog.entry(second)?.summaries.has('throughput') === true &&
      catalog.entry(datasetOnly)?.summaries.has('num_train_samples') === true &&
      catalog.entry(legacy.a)?.summaries.has('heldout_label_TOTAL_f1') === true &&
      catalog.entry(legacy.b)?.summaries.has('val_f1') === true,
    'every job and its rows in the catalog',
  );
}, 120_000);
afterAll(() => server.close());

const STANDARD = ['eval_loss', 'learning_rate', 'train_loss', 'val_f1', 'val_precision', 'val_recall'];
/** What each job can draw: epoch metrics and step series, without label rows, maps or dataset metrics. */
const expectedNames = () =>
  new Map([
    [sweep, [...STANDARD, 'grad_norm', 'samples_per_second'].sort()],
    [second, [...STANDARD, 'samples_per_second', 'throughput'].sort()],
    [datasetOnly, []],
    [legacy.a, STANDARD],
    [legacy.b, ['val_f1']],
  ]);

describe('Job.metricNames', () => {
  test('from the catalog and the job’s series heads: the job item and one Query of its heads', async () => {
    for (const [id, names] of expectedNames()) {
      const res = await server.gql(NAMES, { id });
      expect(res.errors).toBeUndefined();
      expect(res.data?.job.metricNames).toEqual(names);
      expect(res.extensions?.dynamodb?.commands).toEqual({ BatchGetItem: 1, Query: 1 });
      // The job item and its heads (two for the sweep): no metric row is read.
      expect(res.extensions?.dynamodb?.itemsRead).toBe(1 + (id === sweep ? 2 : 0));
    }
  });

  test('a page of search results: one Query of heads per job, no job item read', async () => {
    const res = await server.gql(`query { jobs(filter: { tags: [{ key: "team", exists: true }] }) { edges { node { id metricNames } } } }`);
    expect(res.errors).toBeUndefined();
    const found = new Map(
      (res.data?.jobs.edges as { node: { id: string; metricNames: string[] } }[]).map((e) => [e.node.id, e.node.metricNames]),
    );
    expect(found).toEqual(new Map([...expectedNames()].filter(([id]) => id !== legacy.a && id !== legacy.b)));
    expect(res.extensions?.dynamodb?.commands).toEqual({ Query: 3 });
  });

  test('a server without a catalog reads the job’s partition and gives the same names', async () => {
    const plain = await startTestServer({ tableName: server.tableName, skipTableCreation: true });
    try {
      for (const [id, names] of expectedNames()) {
        const res = await plain.gql(NAMES, { id });
        expect(res.errors).toBeUndefined();
        expect(res.data?.job.metricNames).toEqual(names);
        // The job item, then its partition (one Query: every job here fits one page).
        expect(res.extensions?.dynamodb?.commands).toEqual({ BatchGetItem: 1, Query: 1 });
      }
    } finally {
      await plain.close();
    }
  });
});

describe('jobFields', () => {
  const apiKeys = [
    { path: 'model.layers', jobs: 3, distinct: 2, numeric: true },
    { path: 'model.name', jobs: 3, distinct: 2, numeric: false },
  ];

  test('every job: config keys, curve metrics and tags with how many jobs have each, sorted; no DynamoDB call', async () => {
    const res = await server.gql(FIELDS, {});
    expect(res.errors).toBeUndefined();
    expect(res.data?.jobFields).toEqual({
      jobCount: 5,
      configKeys: [
        // The legacy jobs' config (both alike), beside the API jobs' nested keys.
        { path: 'batch_size', jobs: 2, distinct: 1, numeric: true },
        { path: 'epochs', jobs: 2, distinct: 1, numeric: true },
        { path: 'label_list', jobs: 2, distinct: 1, numeric: false },
        { path: 'labels', jobs: 1, distinct: 1, numeric: false },
        { path: 'learning_rate', jobs: 2, distinct: 1, numeric: true },
        ...apiKeys,
        { path: 'model_name', jobs: 2, distinct: 1, numeric: false },
        { path: 'note', jobs: 1, distinct: 1, numeric: false },
        // 1e-4 twice and the string "5e-5": two values, not all numbers.
        { path: 'optimizer.lr', jobs: 3, distinct: 2, numeric: false },
        { path: 'seed', jobs: 3, distinct: 2, numeric: true },
      ],
      metrics: [
        { name: 'eval_loss', jobs: 3 },
        { name: 'learning_rate', jobs: 3 },
        { name: 'samples_per_second', jobs: 2 },
        { name: 'throughput', jobs: 1 },
        { name: 'train_loss', jobs: 3 },
        { name: 'val_f1', jobs: 4 },
        { name: 'val_precision', jobs: 3 },
        { name: 'val_recall', jobs: 3 },
      ],
      tags: [
        { key: 'stage', value: 'sweep', jobs: 1 },
        { key: 'team', value: 'forms', jobs: 1 },
        { key: 'team', value: 'receipts', jobs: 2 },
      ],
    });
    expect(res.extensions?.dynamodb?.calls).toBe(0);
  });

  test('a filter, a text query, and both together', async () => {
    const receipts = await server.gql(FIELDS, { filter: { tags: [{ key: 'team', equals: 'receipts' }] } });
    expect(receipts.data?.jobFields).toEqual({
      jobCount: 2,
      configKeys: [
        { path: 'labels', jobs: 1, distinct: 1, numeric: false },
        { path: 'model.layers', jobs: 2, distinct: 2, numeric: true },
        { path: 'model.name', jobs: 2, distinct: 1, numeric: false },
        { path: 'optimizer.lr', jobs: 2, distinct: 2, numeric: false },
        { path: 'seed', jobs: 2, distinct: 2, numeric: true },
      ],
      metrics: [...STANDARD, 'samples_per_second', 'throughput'].sort().map((name) => ({ name, jobs: name === 'throughput' ? 1 : 2 })),
      tags: [
        { key: 'stage', value: 'sweep', jobs: 1 },
        { key: 'team', value: 'receipts', jobs: 2 },
      ],
    });
    const seedOne = await server.gql(FIELDS, { query: 'config.seed = 1' });
    expect(seedOne.data?.jobFields).toMatchObject({
      jobCount: 2,
      tags: [
        { key: 'stage', value: 'sweep', jobs: 1 },
        { key: 'team', value: 'forms', jobs: 1 },
        { key: 'team', value: 'receipts', jobs: 1 },
      ],
    });
    expect(seedOne.data?.jobFields.configKeys).toContainEqual({ path: 'optimizer.lr', jobs: 2, distinct: 1, numeric: true });
    const both = await server.gql(FIELDS, { query: 'config.seed = 1', filter: { tags: [{ key: 'team', equals: 'receipts' }] } });
    expect(both.data?.jobFields.jobCount).toBe(1);
    expect(both.data?.jobFields.metrics.map((m: { name: string }) => m.name)).toEqual([...STANDARD, 'samples_per_second'].sort());
    const legacyOnly = await server.gql(FIELDS, { query: 'config.model_name = "layoutlm-v12"' });
    expect(legacyOnly.data?.jobFields).toMatchObject({ jobCount: 2, tags: [] });
    // The per-label rows (flat and held-out), the confusion matrix and the dataset metrics of the legacy jobs are left out.
    expect(legacyOnly.data?.jobFields.metrics).toEqual(STANDARD.map((name) => ({ name, jobs: name === 'val_f1' ? 2 : 1 })));
    const none = await server.gql(FIELDS, { query: 'status = FAILED' });
    expect(none.data?.jobFields).toEqual({ jobCount: 0, configKeys: [], metrics: [], tags: [] });
  });

  test('a bad query or filter is the BAD_USER_INPUT that jobs gives', async () => {
    const bad = [
      { query: 'metrics.val_f1 > 0.85 and status = DONE' },
      { filter: { config: [{ path: 'optimizer.lr', op: 'IN', value: 1e-4 }] } },
    ];
    for (const variables of bad) {
      const fields = await server.gql(FIELDS, variables);
      const jobs = await server.gql(
        `query($filter: JobFilter, $query: String) { jobs(filter: $filter, query: $query) { totalCount } }`,
        variables,
      );
      expect(fields.errors).toHaveLength(1);
      expect(fields.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      // The same message and extensions, but for each request's own id.
      const seen = (errors: typeof fields.errors) =>
        errors?.map(({ message, extensions }) => [message, { ...extensions, requestId: null }]);
      expect(seen(fields.errors)).toEqual(seen(jobs.errors));
    }
  });

  test('without a catalog it answers as jobGroups does: SERVICE_UNAVAILABLE, CATALOG_OFF', async () => {
    const plain = await startTestServer({ tableName: server.tableName, skipTableCreation: true });
    try {
      const fields = await plain.gql(FIELDS, {});
      const groups = await plain.gql(`query { jobGroups(by: ["seed"]) { count } }`);
      expect(fields.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'CATALOG_OFF' });
      expect(fields.errors?.map((e) => [e.message, e.extensions?.reason])).toEqual(
        groups.errors?.map((e) => [e.message, e.extensions?.reason]),
      );
    } finally {
      await plain.close();
    }
  });
});

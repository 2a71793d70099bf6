import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createJob, epochInput, RECORD_EPOCH } from '../helpers/api';
import { startTestServer, type GqlResponse, type TestServer } from '../helpers/test-server';

/**
 * DynamoDB calls per operation, pinned with the per-request tally in `extensions.dynamodb`: an N+1 regression (a read
 * per node of a list) fails here. Each block runs on its own fresh table, so the counts see only its data.
 */

type Stats = NonNullable<NonNullable<GqlResponse['extensions']>['dynamodb']>;

function statsOf(res: GqlResponse<unknown>): Stats {
  expect(res.errors).toBeUndefined();
  const stats = res.extensions?.dynamodb;
  if (!stats) throw new Error('the server did not report DynamoDB stats');
  return stats;
}

/** Records `epochs` epochs (0..epochs-1) of a job through the API, in order, with `labels` labels each. */
async function recordEpochs(server: TestServer, jobId: string, epochs: number, labels: number): Promise<void> {
  for (let epoch = 0; epoch < epochs; epoch++) {
    const res = await server.gql<{ recordEpoch: { userErrors: unknown[] } }>(RECORD_EPOCH, { input: epochInput(jobId, epoch, labels) });
    expect(res.data?.recordEpoch.userErrors).toEqual([]);
  }
}

/** Creates `count` jobs with epochs, `parallel` at a time; returns their ids in creation order. */
async function seedJobs(server: TestServer, count: number, epochs: number, labels: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 5) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(5, count - i) }, async (_, k) => {
        const id = await createJob(server, { name: `run-${i + k}` });
        await recordEpochs(server, id, epochs, labels);
        return id;
      }),
    );
    ids.push(...batch);
  }
  return ids;
}

describe("metricHistory with each point's job", () => {
  let server: TestServer;
  let jobIds: string[];
  beforeAll(async () => {
    server = await startTestServer();
    jobIds = await seedJobs(server, 20, 5, 0);
  });
  afterAll(() => server.close());

  test('100 val_f1 points of 20 jobs: one Query and one BatchGetItem', async () => {
    const res = await server.gql<{
      metricHistory: { edges: { node: { value: number; job: { name: string; status: string } } }[]; pageInfo: { hasNextPage: boolean } };
    }>(`{ metricHistory(name: "val_f1", first: 100) { edges { node { value job { name status } } } pageInfo { hasNextPage } } }`);
    const stats = statsOf(res);
    const edges = res.data?.metricHistory.edges ?? [];
    expect(edges).toHaveLength(100);
    expect(res.data?.metricHistory.pageInfo.hasNextPage).toBe(false);
    expect(new Set(edges.map((e) => e.node.job.name)).size).toBe(20);
    expect(edges.every((e) => e.node.job.status === 'RUNNING')).toBe(true);
    expect(stats.commands).toEqual({ Query: 1, BatchGetItem: 1 });
    expect(stats.calls).toBe(2);
    expect(stats.itemsRead).toBe(100 + jobIds.length);
  });
});

describe('jobs with per-job views', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const ids = await seedJobs(server, 23, 2, 3);
    // Spread the jobs over several status partitions, so the listing merges them.
    for (const [i, id] of ids.slice(0, 6).entries()) {
      const res = await server.gql<{ finalizeJob: { userErrors: unknown[] } }>(
        `mutation($input: FinalizeJobInput!) { finalizeJob(input: $input) { userErrors { code } } }`,
        { input: { jobId: id, status: i % 2 ? 'SUCCEEDED' : 'FAILED' } },
      );
      expect(res.data?.finalizeJob.userErrors).toEqual([]);
    }
  });
  afterAll(() => server.close());

  test('labelHistory reads each of its five sources (the map shape and the four flat ones) with one Query', async () => {
    const res = await server.gql<{
      labelHistory: {
        edges: { node: { jobId: string; epoch: number; f1: number; support: number } }[];
        pageInfo: { hasNextPage: boolean };
      };
    }>(`{ labelHistory(label: "LABEL_1", first: 100) { edges { node { jobId epoch f1 support } } pageInfo { hasNextPage } } }`);
    const stats = statsOf(res);
    const nodes = res.data?.labelHistory.edges.map((e) => e.node) ?? [];
    // 23 jobs x 2 epochs = 46 rows, all on the first page.
    expect(nodes).toHaveLength(46);
    expect(res.data?.labelHistory.pageInfo.hasNextPage).toBe(false);
    expect(nodes.every((n) => n.f1 === 0.5 && n.support === 11)).toBe(true);
    expect(new Set(nodes.map((n) => `${n.jobId}/${n.epoch}`)).size).toBe(46);
    expect(stats.commands).toEqual({ Query: 5 });
  });

  test('jobs(first: 20) with bestEpoch, epochs, labelMetrics and series: 6 listing Queries + one per job, nothing else', async () => {
    interface Node {
      name: string;
      bestEpoch: { valF1: number } | null;
      epochs: { valF1: number }[];
      labelMetrics: { f1: number }[];
      series: { value: number }[];
    }
    const res = await server.gql<{ jobs: { edges: { node: Node }[]; pageInfo: { hasNextPage: boolean } } }>(
      `{ jobs(first: 20) { edges { node { name bestEpoch { valF1 } epochs { valF1 } labelMetrics { f1 } series(name: "eval_loss") { value } } } pageInfo { hasNextPage } } }`,
    );
    const stats = statsOf(res);
    const nodes = res.data?.jobs.edges.map((e) => e.node) ?? [];
    expect(nodes).toHaveLength(20);
    expect(res.data?.jobs.pageInfo.hasNextPage).toBe(true);
    for (const node of nodes) {
      expect(node.epochs.map((e) => e.valF1)).toEqual([0.5, 0.51]);
      expect(node.bestEpoch).toEqual({ valF1: 0.51 });
      expect(node.labelMetrics).toHaveLength(6);
      expect(node.series.map((p) => p.value)).toEqual([1, 0.5]);
    }
    expect(Object.keys(stats.commands)).toEqual(['Query']);
    expect(stats.commands.Query).toBeLessThanOrEqual(6 + 20);
    expect(stats.calls).toBe(stats.commands.Query);
  });
});

describe('one job with every view', () => {
  let server: TestServer;
  let id: string;
  beforeAll(async () => {
    server = await startTestServer();
    id = await createJob(server, { name: 'everything' });
    await recordEpochs(server, id, 3, 4);
    const dataset = await server.gql<{ recordDatasetMetrics: { userErrors: unknown[] } }>(
      `mutation($input: RecordDatasetMetricsInput!) { recordDatasetMetrics(input: $input) { userErrors { code } } }`,
      { input: { jobId: id, numTrainSamples: 2210, numValSamples: 540 } },
    );
    expect(dataset.data?.recordDatasetMetrics.userErrors).toEqual([]);
    for (const message of ['starting', '{"type":"epoch","n":1}', 'done']) {
      const log = await server.gql<{ appendJobLog: { userErrors: unknown[] } }>(
        `mutation($input: AppendJobLogInput!) { appendJobLog(input: $input) { userErrors { code } } }`,
        { input: { jobId: id, level: 'INFO', message } },
      );
      expect(log.data?.appendJobLog.userErrors).toEqual([]);
    }
  });
  afterAll(() => server.close());

  /** One Query (the partition) and at most one BatchGetItem (the job), nothing else. */
  function expectPartitionAndJobRead(stats: Stats): void {
    const { Query, BatchGetItem, ...others } = stats.commands;
    expect({ Query, others }).toEqual({ Query: 1, others: {} });
    expect(BatchGetItem ?? 0).toBeLessThanOrEqual(1);
    expect(stats.calls).toBe(1 + (BatchGetItem ?? 0));
  }

  const VIEWS = `name status
    metrics(first: 100) { edges { node { name value job { name } } } }
    epochs { epoch valF1 labels { label f1 } extra { name } }
    bestEpoch { epoch }
    labelMetrics { label f1 job { name } }
    datasetMetrics { name value }
    logs { edges { node { message data } } }
    series(name: "val_f1") { value }
    statusHistory { status }`;

  test('job(id) with metrics, epochs, labelMetrics, datasetMetrics, logs and series: 1 Query + at most 1 BatchGetItem', async () => {
    const res = await server.gql<{
      job: {
        metrics: { edges: unknown[] };
        epochs: unknown[];
        labelMetrics: unknown[];
        datasetMetrics: unknown[];
        logs: { edges: unknown[] };
        series: unknown[];
      };
    }>(`query($id: ID!) { job(id: $id) { ${VIEWS} } }`, { id });
    const stats = statsOf(res);
    const job = res.data?.job;
    // 3 epochs x (6 standard + 4 labels + 1 extra) + 2 dataset metrics.
    expect(job?.metrics.edges).toHaveLength(35);
    expect(job?.epochs).toHaveLength(3);
    expect(job?.labelMetrics).toHaveLength(12);
    expect(job?.datasetMetrics).toHaveLength(2);
    expect(job?.logs.edges).toHaveLength(3);
    expect(job?.series).toHaveLength(3);
    expectPartitionAndJobRead(stats);
  });

  test('the same job asked twice through aliases is still read once', async () => {
    const res = await server.gql<{ a: { name: string }; b: { name: string } }>(
      `query($id: ID!) { a: job(id: $id) { ${VIEWS} } b: job(id: $id) { ${VIEWS} } }`,
      { id },
    );
    const stats = statsOf(res);
    expect(res.data?.a).toEqual(res.data?.b);
    expect(res.data?.a.name).toBe('everything');
    expectPartitionAndJobRead(stats);
  });
});

describe('compareMetric and leaderboard', () => {
  let server: TestServer;
  let ids: string[];
  beforeAll(async () => {
    server = await startTestServer();
    ids = await seedJobs(server, 8, 3, 0);
  });
  afterAll(() => server.close());

  test('compareMetric of val_f1 over 5 jobIds: one BatchGetItem of their cards (and step-series descriptors), one of the jobs', async () => {
    const chosen = [ids[6], ids[0], ids[3], ids[1], ids[5]];
    const res = await server.gql<{ compareMetric: { job: { name: string }; points: { value: number }[] }[] }>(
      `query($ids: [ID!]) { compareMetric(name: "val_f1", jobIds: $ids) { job { name } points { value } } }`,
      { ids: chosen },
    );
    const stats = statsOf(res);
    expect(res.data?.compareMetric.map((s) => s.job.name)).toEqual(['run-6', 'run-0', 'run-3', 'run-1', 'run-5']);
    expect(res.data?.compareMetric.every((s) => s.points.map((p) => p.value).join() === '0.5,0.51,0.52')).toBe(true);
    expect(stats.commands).toEqual({ BatchGetItem: 2 });
    expect(stats.calls).toBe(2);
    // The cards (each packs the job's val_f1 rows) and the jobs, never points or whole partitions.
    expect(stats.itemsRead).toBe(5 + 5);
  });

  test('a page of jobs with bestEpoch { epoch valF1 } and the val_f1 series: the GSI1 listing and one BatchGetItem of their cards', async () => {
    const res = await server.gql<{ jobs: { edges: { node: { bestEpoch: { epoch: number; valF1: number } | null } }[] } }>(
      `{ jobs(first: 8) { edges { node { name results { bestF1 } bestEpoch { epoch valF1 } series(name: "val_f1") { value } } } } }`,
    );
    const stats = statsOf(res);
    expect(res.data?.jobs.edges).toHaveLength(8);
    expect(res.data?.jobs.edges.every((e) => e.node.bestEpoch?.valF1 === 0.52 && e.node.bestEpoch.epoch === 2)).toBe(true);
    // Without a job catalog the listing is one GSI1 Query per status, its items the jobs; then the 8 cards and the 8
    // val_f1 descriptor keys (none stored) in one BatchGetItem. No Query per job.
    expect(stats.commands).toEqual({ Query: 6, BatchGetItem: 1 });
    expect(stats.itemsRead).toBe(8 + 8);
  });

  test("leaderboard with each entry's job: one GSI Query and one BatchGetItem", async () => {
    const res = await server.gql<{ leaderboard: { rank: number; job: { name: string } }[] }>(
      `{ leaderboard(metric: "val_f1", first: 8) { rank job { name } } }`,
    );
    const stats = statsOf(res);
    expect(res.data?.leaderboard).toHaveLength(8);
    expect(stats.commands).toEqual({ Query: 1, BatchGetItem: 1 });
  });
});

describe('the overview of 50 jobs (W1) on a server with a job catalog', () => {
  const OVERVIEW = `query Overview($first: Int!) {
    jobs(first: $first) { edges { node {
      id name status
      results { bestF1 bestEpoch trainRuntime }
      bestEpoch { epoch valF1 }
      series(name: "val_f1") { epoch step value }
    } } }
  }`;
  let server: TestServer;
  let plain: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ catalog: {} });
    const ids = await seedJobs(server, 50, 3, 0);
    for (const id of ids.slice(0, 10)) {
      const res = await server.gql<{ finalizeJob: { userErrors: unknown[] } }>(
        `mutation($input: FinalizeJobInput!) { finalizeJob(input: $input) { userErrors { code } } }`,
        { input: { jobId: id, status: 'SUCCEEDED', trainRuntime: 12.5 } },
      );
      expect(res.data?.finalizeJob.userErrors).toEqual([]);
    }
    // The same table through a server without a catalog: the GSI1 listing.
    plain = await startTestServer({ tableName: server.tableName, skipTableCreation: true });
  }, 180_000);
  afterAll(async () => {
    await plain.close();
    await server.close();
  });

  test('2 calls: the listing from the catalog (none), one BatchGetItem of the jobs (results), one of their cards and val_f1 descriptors', async () => {
    const res = await server.gql<{ jobs: { edges: { node: { bestEpoch: { epoch: number } | null; series: unknown[] } }[] } }>(OVERVIEW, {
      first: 50,
    });
    const stats = statsOf(res);
    expect(res.data?.jobs.edges).toHaveLength(50);
    expect(res.data?.jobs.edges.every((e) => e.node.bestEpoch?.epoch === 2 && e.node.series.length === 3)).toBe(true);
    expect(stats.commands).toEqual({ BatchGetItem: 2 });
    expect(stats.calls).toBe(2);
    // 50 jobs, 50 cards (the 50 descriptor keys find nothing).
    expect(stats.itemsRead).toBe(100);

    // Without the catalog: the 6 GSI1 listing Queries (their items are the jobs), then the cards; the same answer.
    const viaIndex = await plain.gql(OVERVIEW, { first: 50 });
    expect(statsOf(viaIndex).commands).toEqual({ Query: 6, BatchGetItem: 1 });
    expect(viaIndex.data).toEqual(res.data);
  });

  test('jobs without a card (written before cards) answer the same from their rows', async () => {
    const before = await server.gql<{ jobs: { edges: { node: { id: string } }[] } }>(OVERVIEW, { first: 50 });
    const ids = before.data?.jobs.edges.map((e) => e.node.id) ?? [];
    const items = ids.slice(0, 5).map((id) => ({ PK: `JOB#${id}`, SK: 'CARD' }));
    const saved = await Promise.all(items.map((Key) => server.doc.send(new GetCommand({ TableName: server.tableName, Key }))));
    try {
      for (const Key of items) await server.doc.send(new DeleteCommand({ TableName: server.tableName, Key }));
      const after = await server.gql(OVERVIEW, { first: 50 });
      expect(after.data).toEqual(before.data);
      // Each of the 5 reads its val_f1 points (one Query each) and their descriptors (one BatchGetItem).
      expect(statsOf(after).commands).toEqual({ BatchGetItem: 3, Query: 5 });
    } finally {
      for (const out of saved) if (out.Item) await server.doc.send(new PutCommand({ TableName: server.tableName, Item: out.Item }));
    }
  });
});

import { randomUUID } from 'node:crypto';
import { DynamoGateway } from '../../src/db/gateway';
import { LeaderboardUpkeep } from '../../src/modules/leaderboard/summary-upkeep';
import { GetCommand, NumberValue, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { legacyFixtureItems, legacyJob, legacyLog, legacyMetric, legacyStatus, putItems, type Item } from '../helpers/legacy-seed';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * The server reads what the legacy Python writer stored: the fixture (job A: flat per-label rows, offset timestamps,
 * SUCCEEDED; job B: map per-label rows, naive timestamps, RUNNING) plus items crafted here in the same shapes, and
 * foreign items of the shared table that every query must leave out.
 */

interface Ids {
  a: string;
  b: string;
  /** A partition holding an `SK = JOB` item of an unknown TYPE and nothing else: not a job. */
  notAJob: string;
}

const freshIds = (): Ids => ({ a: randomUUID(), b: randomUUID(), notAJob: randomUUID() });

/** Job B's extra legacy rows (naive timestamps, map per-label shape), a status item, logs and foreign items. */
function craftedItems(ids: Ids): Item[] {
  const b = ids.b;
  const m = (name: string, ts: string, value: unknown, unit: string, epoch?: number, step?: number) =>
    legacyMetric({ jobId: b, name, ts: `2026-01-03T${ts}`, value, unit, epoch, step });
  return [
    m('eval_loss', '08:15:00.021123', 0.9, 'loss', 1, 277),
    m('val_f1', '08:30:00.000123', 0.61, 'ratio', 2, 554),
    m('eval_loss', '08:30:00.021123', 0.7, 'loss', 2, 554),
    m('train_loss', '08:30:00.028123', 0.4, 'loss', 2, 554),
    m('label_TOTAL', '08:30:00.000123', { f1: 0.65, precision: 0.7, recall: 0.6, support: 212 }, 'per_label', 2, 554),
    m('label_ADDRESS', '08:30:00.000123', { f1: 0.7, precision: 0.71, recall: 0.69, support: 156 }, 'per_label', 2, 554),
    // A longer name starting with a standard one: never part of val_f1.
    m('val_f1_extra', '08:30:00.040123', 0.99, 'ratio', 2, 554),
    // Backfilled after epoch 2: timestamp order and training order disagree.
    m('train_loss', '09:00:00.000123', 0.8, 'loss', 1, 277),
    // The legacy writer never rejected `#`: its SK starts with `METRIC#val_f1#`, but it is another metric.
    m('val_f1#shadow', '08:15:00.050123', 0.98, 'ratio', 1, 277),
    // A run-level map under a `label_` name: configuration, not a label's scores.
    m('label_merge_config', '08:00:00.900123', { merged: ['B-PHONE', 'I-PHONE'], into: 'PHONE_NUMBER' }, 'config'),
    legacyStatus({ jobId: b, ts: '2026-01-03T08:00:00.500123', status: 'running', message: 'started' }),
    legacyLog({ jobId: b, ts: '2026-01-03T08:00:01.000123', level: 'WARNING', message: 'GPU memory at 95%' }),
    legacyLog({
      jobId: b,
      ts: '2026-01-03T08:00:02.000123',
      level: 'ERROR',
      message: '{"type": "oom", "broken',
      source: 'receipt_layoutlm.trainer',
    }),
    // Foreign: another entity in the RUNNING and SUCCEEDED status partitions, newer than every job.
    {
      PK: `IMAGE#${randomUUID()}`,
      SK: 'RECEIPT#00001',
      TYPE: 'RECEIPT',
      GSI1PK: 'STATUS#running',
      GSI1SK: 'CREATED#2026-02-01T00:00:00.000000+00:00',
      name: 'receipt',
      status: 'running',
      created_at: '2026-02-01T00:00:00.000000+00:00',
    },
    {
      PK: `IMAGE#${randomUUID()}`,
      SK: 'RECEIPT#00002',
      TYPE: 'RECEIPT',
      GSI1PK: 'STATUS#succeeded',
      GSI1SK: 'CREATED#2026-02-02T00:00:00.000000+00:00',
      status: 'succeeded',
    },
    // Foreign: an unknown TYPE inside job B's partition that looks like a val_f1 point in every index.
    {
      PK: `JOB#${b}`,
      SK: 'ARTIFACT#2026-01-03T08:20:00.000123',
      TYPE: 'JOB_ARTIFACT',
      GSI1PK: 'METRIC#val_f1',
      GSI1SK: '2026-01-03T08:20:00.000123',
      GSI2PK: 'METRIC#val_f1',
      GSI2SK: `JOB#${b}#2026-01-03T08:20:00.000123`,
      job_id: b,
      metric_name: 'val_f1',
      timestamp: '2026-01-03T08:20:00.000123',
      value: 0.999,
      epoch: 3,
      step: 800,
    },
    // Foreign: `SK = JOB` of another TYPE, listed in a status partition; not a job.
    {
      ...legacyJob({ id: ids.notAJob, name: 'template', status: 'running', createdAt: '2026-01-10T00:00:00.000000+00:00' }),
      TYPE: 'JOB_TEMPLATE',
    },
  ];
}

async function seedLegacyWorld(server: TestServer, ids: Ids): Promise<void> {
  await putItems(server.doc, server.tableName, [...legacyFixtureItems(ids), ...craftedItems(ids)]);
}

const A_RESULTS_RAW = {
  best_f1: 0.874,
  best_epoch: 2,
  best_f1_epoch: 2,
  checkpoint_metric: 'eval_f1',
  best_checkpoint_metric_value: 0.874,
  best_checkpoint_metric_epoch: 2,
  early_stopping_triggered: false,
  metrics_comparable: true,
  comparability_reason: null,
  num_labels: 7,
  label_list: ['O', 'B-ADDRESS', 'I-ADDRESS', 'B-PHONE_NUMBER', 'I-PHONE_NUMBER', 'B-TOTAL', 'I-TOTAL'],
  train_runtime: 1812.25,
  total_flos: 830000000000000,
  best_checkpoint_s3_path: 's3://training-bucket/runs/layoutlm-receipts-v12/best/',
};
const CONFIG = {
  model_name: 'layoutlm-v12',
  epochs: 5,
  batch_size: 8,
  learning_rate: 0.00005,
  label_list: ['ADDRESS', 'PHONE_NUMBER', 'TOTAL'],
};

const A1 = '2025-12-30T08:15:00';
const A2 = '2025-12-30T08:30:00';
const label = (l: string, epoch: number, f1: number, precision: number, recall: number, support: number, timestamp: string) => ({
  label: l,
  epoch,
  f1,
  precision,
  recall,
  support,
  timestamp,
});
/** Job A's flat rows, merged: one per (epoch, label), timestamp = the f1 row's (the earliest of the four). */
const A_LABELS = [
  label('ADDRESS', 1, 0.72, 0.73, 0.71, 212, `${A1}.042123+00:00`),
  label('PHONE_NUMBER', 1, 0.92, 0.93, 0.91, 212, `${A1}.070123+00:00`),
  label('TOTAL', 1, 0.82, 0.83, 0.81, 212, `${A1}.098123+00:00`),
  label('ADDRESS', 2, 0.74, 0.76, 0.72, 212, `${A2}.042123+00:00`),
  label('PHONE_NUMBER', 2, 0.94, 0.96, 0.92, 212, `${A2}.070123+00:00`),
  label('TOTAL', 2, 0.84, 0.86, 0.82, 212, `${A2}.098123+00:00`),
];
const B_LABELS = [
  label('TOTAL', 1, 0.61, 0.66, 0.57, 212, '2026-01-03T08:15:00.000123'),
  label('ADDRESS', 2, 0.7, 0.71, 0.69, 156, '2026-01-03T08:30:00.000123'),
  label('TOTAL', 2, 0.65, 0.7, 0.6, 212, '2026-01-03T08:30:00.000123'),
];
const LABEL_FIELDS = 'label epoch f1 precision recall support timestamp';

interface Edge<T> {
  cursor: string;
  node: T;
}
interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
interface PointView {
  jobId?: string;
  name?: string;
  value?: number | null;
  data?: unknown;
  epoch?: number | null;
  step?: number | null;
  timestamp?: string;
  unit?: string | null;
  job?: { name: string; status: string } | null;
}

describe('legacy items through the API', () => {
  let server: TestServer;
  const ids = freshIds();

  beforeAll(async () => {
    server = await startTestServer();
    await seedLegacyWorld(server, ids);
  });
  afterAll(() => server.close());

  /** Runs a query that must succeed and returns its data. */
  async function ok<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const res = await server.gql<T>(query, variables);
    expect(res.errors).toBeUndefined();
    return res.data as T;
  }

  const JOB_FIELDS = `id name description status priority createdAt createdBy config tags
    results { bestF1 bestEpoch trainRuntime totalFlos earlyStoppingTriggered bestCheckpointS3Path raw }
    statusHistory { status timestamp message }`;

  test('job A (flat shape, offset timestamps, SUCCEEDED): every field, typed results and every raw key', async () => {
    const { job } = await ok<{ job: unknown }>(`query($id: ID!) { job(id: $id) { ${JOB_FIELDS} } }`, { id: ids.a });
    expect(job).toEqual({
      id: ids.a,
      name: 'layoutlm-receipts-v12',
      description: 'LayoutLM receipt token classification',
      status: 'SUCCEEDED',
      priority: 'MEDIUM',
      createdAt: '2025-12-30T08:00:00.000123+00:00',
      createdBy: 'system',
      config: CONFIG,
      tags: {},
      results: {
        bestF1: 0.874,
        bestEpoch: 2,
        trainRuntime: 1812.25,
        totalFlos: 830000000000000,
        earlyStoppingTriggered: false,
        bestCheckpointS3Path: 's3://training-bucket/runs/layoutlm-receipts-v12/best/',
        raw: A_RESULTS_RAW,
      },
      statusHistory: [{ status: 'RUNNING', timestamp: '2025-12-30T08:00:00.300123+00:00', message: 'started' }],
    });
    // NULL-stored keys are present as null, not dropped.
    expect(Object.keys((job as { results: { raw: object } }).results.raw)).toContain('comparability_reason');
  });

  test('job B (map shape, naive timestamps, RUNNING): no results, naive createdAt as stored', async () => {
    const { job } = await ok<{ job: unknown }>(`query($id: ID!) { job(id: $id) { ${JOB_FIELDS} } }`, { id: ids.b });
    expect(job).toEqual({
      id: ids.b,
      name: 'layoutlm-receipts-v13',
      description: 'LayoutLM receipt token classification',
      status: 'RUNNING',
      priority: 'MEDIUM',
      createdAt: '2026-01-03T08:00:00.000123',
      createdBy: 'system',
      config: CONFIG,
      tags: {},
      results: null,
      statusHistory: [{ status: 'RUNNING', timestamp: '2026-01-03T08:00:00.500123', message: 'started' }],
    });
  });

  test('an SK=JOB item of an unknown TYPE is not a job', async () => {
    expect(await ok(`query($id: ID!) { job(id: $id) { id } }`, { id: ids.notAJob })).toEqual({ job: null });
  });

  test('jobs: newest first, every status merged, foreign items left out; a status filter keeps only that status', async () => {
    const names = async (status?: string) => {
      const { jobs } = await ok<{ jobs: Connection<{ id: string; status: string }> }>(
        `query($status: JobStatus) { jobs(status: $status, first: 50) { edges { node { id status } } pageInfo { hasNextPage } } }`,
        { status },
      );
      expect(jobs.pageInfo.hasNextPage).toBe(false);
      return jobs.edges.map((e) => e.node);
    };
    expect(await names()).toEqual([
      { id: ids.b, status: 'RUNNING' },
      { id: ids.a, status: 'SUCCEEDED' },
    ]);
    expect(await names('RUNNING')).toEqual([{ id: ids.b, status: 'RUNNING' }]);
    expect(await names('SUCCEEDED')).toEqual([{ id: ids.a, status: 'SUCCEEDED' }]);
    expect(await names('PENDING')).toEqual([]);
  });

  test('epochs: the flat rows of one epoch (each with its own timestamp) form one row; recordedAt is the earliest', async () => {
    const { job } = await ok<{ job: { epochs: unknown[]; bestEpoch: unknown } }>(
      `query($id: ID!) { job(id: $id) {
        epochs { epoch step valF1 valPrecision valRecall evalLoss trainLoss learningRate isBest recordedAt
          labels { label f1 support } extra { name value data unit epoch } }
        bestEpoch { epoch valF1 isBest }
      } }`,
      { id: ids.a },
    );
    const matrix = {
      labels: ['B-TOTAL', 'O'],
      matrix: [
        [40, 3],
        [5, 900],
      ],
    };
    expect(job.epochs).toEqual([
      {
        epoch: 1,
        step: 277,
        valF1: 0.802,
        valPrecision: 0.8140000000000001,
        valRecall: 0.787,
        evalLoss: 0.61,
        trainLoss: 0.58,
        learningRate: 0.000031,
        isBest: false,
        recordedAt: `${A1}.000123+00:00`,
        labels: [
          { label: 'ADDRESS', f1: 0.72, support: 212 },
          { label: 'PHONE_NUMBER', f1: 0.92, support: 212 },
          { label: 'TOTAL', f1: 0.82, support: 212 },
        ],
        extra: [{ name: 'confusion_matrix', value: null, data: matrix, unit: 'matrix', epoch: 1 }],
      },
      {
        epoch: 2,
        step: 554,
        valF1: 0.874,
        valPrecision: 0.886,
        valRecall: 0.859,
        evalLoss: 0.44,
        trainLoss: 0.47,
        learningRate: 0.000022,
        isBest: true,
        recordedAt: `${A2}.000123+00:00`,
        labels: [
          { label: 'ADDRESS', f1: 0.74, support: 212 },
          { label: 'PHONE_NUMBER', f1: 0.94, support: 212 },
          { label: 'TOTAL', f1: 0.84, support: 212 },
        ],
        extra: [{ name: 'confusion_matrix', value: null, data: matrix, unit: 'matrix', epoch: 2 }],
      },
    ]);
    expect(job.bestEpoch).toEqual({ epoch: 2, valF1: 0.874, isBest: true });
  });

  test('epochs of job B: map rows, a backfilled point, look-alike names kept out of the standard fields', async () => {
    const { job } = await ok<{ job: { epochs: unknown[]; bestEpoch: unknown } }>(
      `query($id: ID!) { job(id: $id) {
        epochs { epoch step valF1 valPrecision evalLoss trainLoss isBest recordedAt labels { ${LABEL_FIELDS} } extra { name value } }
        bestEpoch { epoch valF1 }
      } }`,
      { id: ids.b },
    );
    expect(job.epochs).toEqual([
      {
        epoch: 1,
        step: 277,
        valF1: 0.55,
        valPrecision: null,
        evalLoss: 0.9,
        trainLoss: 0.8,
        isBest: false,
        recordedAt: '2026-01-03T08:15:00.000123',
        labels: [B_LABELS[0]],
        extra: [{ name: 'val_f1#shadow', value: 0.98 }],
      },
      {
        epoch: 2,
        step: 554,
        valF1: 0.61,
        valPrecision: null,
        evalLoss: 0.7,
        trainLoss: 0.4,
        isBest: true,
        recordedAt: '2026-01-03T08:30:00.000123',
        labels: [B_LABELS[1], B_LABELS[2]],
        extra: [{ name: 'val_f1_extra', value: 0.99 }],
      },
    ]);
    // The foreign JOB_ARTIFACT (val_f1 0.999, epoch 3) never becomes an epoch.
    expect(job.bestEpoch).toEqual({ epoch: 2, valF1: 0.61 });
  });

  test('labelMetrics: flat rows merge into one LabelMetric per (job, epoch, label), support an Int; filters', async () => {
    const q = `query($id: ID!, $epoch: Int, $label: String) { job(id: $id) { labelMetrics(epoch: $epoch, label: $label) { jobId ${LABEL_FIELDS} job { name } } } }`;
    const rows = async (id: string, vars: { epoch?: number; label?: string } = {}) =>
      (await ok<{ job: { labelMetrics: unknown[] } }>(q, { id, ...vars })).job.labelMetrics;
    const withJob = (jobId: string, name: string) => (r: object) => ({ jobId, ...r, job: { name } });
    expect(await rows(ids.a)).toEqual(A_LABELS.map(withJob(ids.a, 'layoutlm-receipts-v12')));
    expect(await rows(ids.a, { epoch: 2 })).toEqual(A_LABELS.slice(3).map(withJob(ids.a, 'layoutlm-receipts-v12')));
    expect(await rows(ids.a, { label: 'TOTAL' })).toEqual([A_LABELS[2], A_LABELS[5]].map(withJob(ids.a, 'layoutlm-receipts-v12')));
    expect(await rows(ids.a, { epoch: 1, label: 'PHONE_NUMBER' })).toEqual([A_LABELS[1]].map(withJob(ids.a, 'layoutlm-receipts-v12')));
    expect(await rows(ids.a, { label: 'PHONE' })).toEqual([]);
    expect(await rows(ids.b)).toEqual(B_LABELS.map(withJob(ids.b, 'layoutlm-receipts-v13')));
    expect(await rows(ids.b, { epoch: 2, label: 'ADDRESS' })).toEqual([B_LABELS[1]].map(withJob(ids.b, 'layoutlm-receipts-v13')));
  });

  test('labelHistory: one label across jobs and both shapes, oldest first', async () => {
    const { labelHistory } = await ok<{ labelHistory: Connection<unknown> }>(
      `{ labelHistory(label: "TOTAL", first: 50) { edges { node { jobId ${LABEL_FIELDS} } } pageInfo { hasNextPage } } }`,
    );
    expect(labelHistory.edges.map((e) => e.node)).toEqual([
      { jobId: ids.a, ...A_LABELS[2] },
      { jobId: ids.a, ...A_LABELS[5] },
      { jobId: ids.b, ...B_LABELS[0] },
      { jobId: ids.b, ...B_LABELS[2] },
    ]);
    expect(labelHistory.pageInfo.hasNextPage).toBe(false);
    const phone = await ok<{ labelHistory: Connection<{ label: string; epoch: number }> }>(
      `{ labelHistory(label: "PHONE_NUMBER") { edges { node { label epoch } } } }`,
    );
    expect(phone.labelHistory.edges.map((e) => e.node)).toEqual([
      { label: 'PHONE_NUMBER', epoch: 1 },
      { label: 'PHONE_NUMBER', epoch: 2 },
    ]);
  });

  test('datasetMetrics: run-level rows without an epoch, oldest first', async () => {
    const { job } = await ok<{ job: { datasetMetrics: unknown[] } }>(
      `query($id: ID!) { job(id: $id) { datasetMetrics { jobId name value data unit epoch step timestamp } } }`,
      { id: ids.a },
    );
    const row = (name: string, value: number, unit: string, micros: string) => ({
      jobId: ids.a,
      name,
      value,
      data: null,
      unit,
      epoch: null,
      step: null,
      timestamp: `2025-12-30T08:00:00.${micros}+00:00`,
    });
    expect(job.datasetMetrics).toEqual([
      row('run_metrics_comparable', 1, 'flag', '500123'),
      row('num_train_samples', 2210, 'count', '900123'),
      row('num_val_samples', 540, 'count', '901123'),
      row('o_entity_ratio_train', 5.31, 'ratio', '902123'),
      row('o_entity_ratio_val', 5.02, 'ratio', '903123'),
    ]);
    const b = await ok<{ job: { datasetMetrics: unknown[]; labelMetrics: unknown[] }; labelHistory: Connection<unknown> }>(
      `query($id: ID!) { job(id: $id) { datasetMetrics { name data unit epoch } labelMetrics { label } } labelHistory(label: "merge_config") { edges { cursor } } }`,
      { id: ids.b },
    );
    expect(b.job.datasetMetrics).toEqual([
      { name: 'label_merge_config', data: { merged: ['B-PHONE', 'I-PHONE'], into: 'PHONE_NUMBER' }, unit: 'config', epoch: null },
    ]);
    expect(b.job.labelMetrics).toHaveLength(B_LABELS.length);
    expect(b.labelHistory.edges).toEqual([]);
  });

  test('logs: a JSON message comes back parsed in data; level and source as stored', async () => {
    const logs = async (id: string) =>
      (
        await ok<{ job: { logs: Connection<unknown> } }>(
          `query($id: ID!) { job(id: $id) { logs { edges { node { jobId timestamp level message source data } } pageInfo { hasNextPage } } } }`,
          { id },
        )
      ).job.logs.edges.map((e) => e.node);
    expect(await logs(ids.a)).toEqual([
      {
        jobId: ids.a,
        timestamp: '2025-12-30T08:00:00.800123+00:00',
        level: 'INFO',
        message: '{"type":"run_config","data":{"epochs":5,"batch_size":8}}',
        source: 'receipt_layoutlm.trainer',
        data: { type: 'run_config', data: { epochs: 5, batch_size: 8 } },
      },
    ]);
    expect(await logs(ids.b)).toEqual([
      { jobId: ids.b, timestamp: '2026-01-03T08:00:01.000123', level: 'WARNING', message: 'GPU memory at 95%', source: null, data: null },
      {
        jobId: ids.b,
        timestamp: '2026-01-03T08:00:02.000123',
        level: 'ERROR',
        message: '{"type": "oom", "broken',
        source: 'receipt_layoutlm.trainer',
        data: null,
      },
    ]);
  });

  test('series is in training order (epoch, step), while metrics(name:) is oldest first', async () => {
    const { job } = await ok<{ job: { series: PointView[]; metrics: Connection<PointView>; valF1: PointView[] } }>(
      `query($id: ID!) { job(id: $id) {
        series(name: "train_loss") { value epoch step timestamp }
        metrics(name: "train_loss") { edges { node { value epoch } } }
        valF1: series(name: "val_f1") { value epoch }
      } }`,
      { id: ids.b },
    );
    expect(job.series).toEqual([
      { value: 0.8, epoch: 1, step: 277, timestamp: '2026-01-03T09:00:00.000123' },
      { value: 0.4, epoch: 2, step: 554, timestamp: '2026-01-03T08:30:00.028123' },
    ]);
    expect(job.metrics.edges.map((e) => e.node)).toEqual([
      { value: 0.4, epoch: 2 },
      { value: 0.8, epoch: 1 },
    ]);
    expect(job.valF1).toEqual([
      { value: 0.55, epoch: 1 },
      { value: 0.61, epoch: 2 },
    ]);
  });

  test('metrics(name:) matches names exactly: no val_f1_extra, no val_f1#shadow, no foreign TYPE', async () => {
    const q = `query($id: ID!, $name: String) { job(id: $id) { metrics(name: $name, first: 500) { edges { node { name value epoch } } } } }`;
    const points = async (id: string, name?: string) =>
      (await ok<{ job: { metrics: Connection<PointView> } }>(q, { id, name })).job.metrics.edges.map((e) => e.node);
    expect(await points(ids.b, 'val_f1')).toEqual([
      { name: 'val_f1', value: 0.55, epoch: 1 },
      { name: 'val_f1', value: 0.61, epoch: 2 },
    ]);
    expect(await points(ids.b, 'val_f1_extra')).toEqual([{ name: 'val_f1_extra', value: 0.99, epoch: 2 }]);
    expect(await points(ids.a, 'val_f1')).toEqual([
      { name: 'val_f1', value: 0.802, epoch: 1 },
      { name: 'val_f1', value: 0.874, epoch: 2 },
    ]);
    // Every JOB_METRIC item of B (fixture 2 + crafted 10), none of the foreign one.
    const all = await points(ids.b);
    expect(all).toHaveLength(12);
    expect(all.map((p) => p.value)).not.toContain(0.999);
    const history = await ok<{ metricHistory: Connection<PointView> }>(
      `{ metricHistory(name: "val_f1", first: 500) { edges { node { name value } } } }`,
    );
    expect(history.metricHistory.edges.map((e) => e.node.value)).toEqual([0.802, 0.874, 0.55, 0.61]);
    const extra = await ok<{ metricHistory: Connection<PointView> }>(
      `{ metricHistory(name: "val_f1_extra") { edges { node { name value } } } }`,
    );
    expect(extra.metricHistory.edges.map((e) => e.node)).toEqual([{ name: 'val_f1_extra', value: 0.99 }]);
  });

  test("metricHistory: oldest first across offset (job A) and naive (job B) timestamps, with each point's job", async () => {
    const { metricHistory } = await ok<{ metricHistory: Connection<PointView> }>(
      `{ metricHistory(name: "eval_loss", first: 10) { edges { node { jobId value epoch step unit timestamp job { name status } } } pageInfo { hasNextPage } } }`,
    );
    const jobA = { name: 'layoutlm-receipts-v12', status: 'SUCCEEDED' };
    const jobB = { name: 'layoutlm-receipts-v13', status: 'RUNNING' };
    expect(metricHistory.edges.map((e) => e.node)).toEqual([
      { jobId: ids.a, value: 0.61, epoch: 1, step: 277, unit: 'loss', timestamp: `${A1}.021123+00:00`, job: jobA },
      { jobId: ids.a, value: 0.44, epoch: 2, step: 554, unit: 'loss', timestamp: `${A2}.021123+00:00`, job: jobA },
      { jobId: ids.b, value: 0.9, epoch: 1, step: 277, unit: 'loss', timestamp: '2026-01-03T08:15:00.021123', job: jobB },
      { jobId: ids.b, value: 0.7, epoch: 2, step: 554, unit: 'loss', timestamp: '2026-01-03T08:30:00.021123', job: jobB },
    ]);
    expect(metricHistory.pageInfo.hasNextPage).toBe(false);
  });

  interface SeriesView {
    jobId: string;
    job: { name: string } | null;
    points: { value: number; epoch: number }[];
    best: { value: number; epoch: number } | null;
    last: { value: number; epoch: number } | null;
  }
  const COMPARE = `query($name: String!, $jobIds: [ID!]) { compareMetric(name: $name, jobIds: $jobIds) {
    jobId job { name } points { value epoch } best { value epoch } last { value epoch } } }`;

  test('compareMetric: eval_loss is best at its minimum, val_f1 at its maximum; jobIds keep their order', async () => {
    const compare = async (name: string, jobIds?: string[]) =>
      (await ok<{ compareMetric: SeriesView[] }>(COMPARE, { name, jobIds })).compareMetric;
    const byJob = (series: SeriesView[]) => Object.fromEntries(series.map((s) => [s.jobId, s]));

    const loss = await compare('eval_loss');
    expect(loss).toHaveLength(2);
    expect(byJob(loss)).toEqual({
      [ids.a]: {
        jobId: ids.a,
        job: { name: 'layoutlm-receipts-v12' },
        points: [
          { value: 0.61, epoch: 1 },
          { value: 0.44, epoch: 2 },
        ],
        best: { value: 0.44, epoch: 2 },
        last: { value: 0.44, epoch: 2 },
      },
      [ids.b]: {
        jobId: ids.b,
        job: { name: 'layoutlm-receipts-v13' },
        points: [
          { value: 0.9, epoch: 1 },
          { value: 0.7, epoch: 2 },
        ],
        best: { value: 0.7, epoch: 2 },
        last: { value: 0.7, epoch: 2 },
      },
    });

    const f1 = await compare('val_f1');
    expect(byJob(f1)[ids.a].best).toEqual({ value: 0.874, epoch: 2 });
    // Neither the foreign 0.999 nor val_f1_extra's 0.99 nor val_f1#shadow's 0.98 counts.
    expect(byJob(f1)[ids.b].points).toEqual([
      { value: 0.55, epoch: 1 },
      { value: 0.61, epoch: 2 },
    ]);
    expect(byJob(f1)[ids.b].best).toEqual({ value: 0.61, epoch: 2 });

    const ordered = await compare('val_f1', [ids.b, ids.a]);
    expect(ordered.map((s) => s.jobId)).toEqual([ids.b, ids.a]);
    expect(ordered[0].best).toEqual({ value: 0.61, epoch: 2 });

    // train_loss of B: the backfilled epoch-1 point is the latest written, but `last` follows time, `points` training order.
    const train = await compare('train_loss', [ids.b]);
    expect(train[0].points).toEqual([
      { value: 0.8, epoch: 1 },
      { value: 0.4, epoch: 2 },
    ]);
    expect(train[0].best).toEqual({ value: 0.4, epoch: 2 });
    expect(train[0].last).toEqual({ value: 0.8, epoch: 1 });

    const unknown = randomUUID();
    const withMissing = await compare('eval_loss', [unknown, ids.a]);
    expect(withMissing.map((s) => [s.jobId, s.job, s.points.length, s.best])).toEqual([
      [unknown, null, 0, null],
      [ids.a, { name: 'layoutlm-receipts-v12' }, 2, { value: 0.44, epoch: 2 }],
    ]);
  });

  test('leaderboard: legacy jobs ranked, direction by name by default, or as given', async () => {
    const board = async (metric: string, direction?: string, first?: number) =>
      (
        await ok<{ leaderboard: unknown[] }>(
          `query($metric: String!, $direction: RankDirection, $first: Int) { leaderboard(metric: $metric, direction: $direction, first: $first) { rank jobId value epoch job { name } } }`,
          { metric, direction, first },
        )
      ).leaderboard;
    const a = { jobId: ids.a, job: { name: 'layoutlm-receipts-v12' } };
    const b = { jobId: ids.b, job: { name: 'layoutlm-receipts-v13' } };
    // val_f1 and eval_loss rank from per-job summaries that the server keeps with each epoch it records; jobs the
    // legacy writer wrote get theirs from `npm run reindex`, run here, and rank from then on.
    expect(await board('val_f1')).toEqual([]);
    const progress = await LeaderboardUpkeep.over(new DynamoGateway(server.doc, server.tableName)).reindexAll();
    expect(progress).toMatchObject({ jobsDone: progress.jobsTotal, summariesWritten: 4 });
    expect((await LeaderboardUpkeep.over(new DynamoGateway(server.doc, server.tableName)).reindexAll()).summariesWritten).toBe(0);
    expect(await board('val_f1')).toEqual([
      { rank: 1, ...a, value: 0.874, epoch: 2 },
      { rank: 2, ...b, value: 0.61, epoch: 2 },
    ]);
    expect(await board('eval_loss')).toEqual([
      { rank: 1, ...a, value: 0.44, epoch: 2 },
      { rank: 2, ...b, value: 0.7, epoch: 2 },
    ]);
    expect(await board('train_loss')).toEqual([
      { rank: 1, ...b, value: 0.4, epoch: 2 },
      { rank: 2, ...a, value: 0.47, epoch: 2 },
    ]);
    expect(await board('val_f1', 'ASC')).toEqual([
      { rank: 1, ...b, value: 0.55, epoch: 1 },
      { rank: 2, ...a, value: 0.802, epoch: 1 },
    ]);
    expect(await board('eval_loss', 'DESC')).toEqual([
      { rank: 1, ...b, value: 0.9, epoch: 1 },
      { rank: 2, ...a, value: 0.61, epoch: 1 },
    ]);
    expect(await board('val_f1', undefined, 1)).toEqual([{ rank: 1, ...a, value: 0.874, epoch: 2 }]);
    const byDefault = await ok<{ leaderboard: { jobId: string }[] }>(`{ leaderboard { jobId } }`);
    expect(byDefault.leaderboard.map((e) => e.jobId)).toEqual([ids.a, ids.b]);
    // Map-valued metrics have no numeric best: nobody ranks.
    expect(await board('confusion_matrix')).toEqual([]);
  });
});

describe('finalizeJob on a RUNNING legacy job', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  test('computes best_f1/best_epoch from the legacy epochs and keeps the results keys already stored', async () => {
    const ids = freshIds();
    await seedLegacyWorld(server, ids);
    // The legacy trainer writes part of `results` while training, with its own (first-wins, stale) best.
    await server.doc.send(
      new UpdateCommand({
        TableName: server.tableName,
        Key: { PK: `JOB#${ids.b}`, SK: 'JOB' },
        UpdateExpression: 'SET results = :r',
        ExpressionAttributeValues: {
          ':r': {
            best_f1: 0.55,
            best_epoch: 1,
            num_labels: 7,
            label_list: ['O', 'B-TOTAL', 'I-TOTAL'],
            comparability_reason: null,
            checkpoint_metric: 'eval_f1',
          },
        },
      }),
    );
    const res = await server.gql<{ finalizeJob: { job: unknown; userErrors: unknown[] } }>(
      `mutation($input: FinalizeJobInput!) { finalizeJob(input: $input) {
        job { id status createdAt results { bestF1 bestEpoch trainRuntime raw } }
        userErrors { code field message } } }`,
      { input: { jobId: ids.b, status: 'SUCCEEDED', trainRuntime: 321.5 } },
    );
    expect(res.errors).toBeUndefined();
    const raw = {
      best_f1: 0.61,
      best_epoch: 2,
      num_labels: 7,
      label_list: ['O', 'B-TOTAL', 'I-TOTAL'],
      comparability_reason: null,
      checkpoint_metric: 'eval_f1',
      train_runtime: 321.5,
    };
    expect(res.data?.finalizeJob).toEqual({
      job: {
        id: ids.b,
        status: 'SUCCEEDED',
        createdAt: '2026-01-03T08:00:00.000123',
        results: { bestF1: 0.61, bestEpoch: 2, trainRuntime: 321.5, raw },
      },
      userErrors: [],
    });

    // Stored for the legacy writer: lower-case status, GSI1 moved, created_at/GSI1SK untouched, numbers as N, NULL kept.
    const stored = await server.doc.send(
      new GetCommand({ TableName: server.tableName, Key: { PK: `JOB#${ids.b}`, SK: 'JOB' }, ConsistentRead: true }),
    );
    expect(stored.Item).toMatchObject({
      TYPE: 'JOB',
      status: 'succeeded',
      GSI1PK: 'STATUS#succeeded',
      GSI1SK: 'CREATED#2026-01-03T08:00:00.000123',
      GSI2PK: 'JOB_NAME#layoutlm-receipts-v13',
      created_at: '2026-01-03T08:00:00.000123',
      job_config: CONFIG,
      results: raw,
    });
    const history = await server.doc.send(
      new QueryCommand({
        TableName: server.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :s)',
        ExpressionAttributeValues: { ':pk': `JOB#${ids.b}`, ':s': 'STATUS#' },
        ConsistentRead: true,
      }),
    );
    expect(history.Items?.map((i) => [i.TYPE, i.status, i.GSI1PK])).toEqual([
      ['JOB_STATUS', 'running', 'STATUS#running'],
      ['JOB_STATUS', 'succeeded', 'STATUS#succeeded'],
    ]);

    // Read back through the API: the listings and the history follow.
    const after = await server.gql<{
      job: { statusHistory: { status: string }[] };
      running: Connection<{ id: string }>;
      done: Connection<{ id: string }>;
    }>(
      `query($id: ID!) { job(id: $id) { statusHistory { status } }
        running: jobs(status: RUNNING) { edges { node { id } } }
        done: jobs(status: SUCCEEDED) { edges { node { id } } } }`,
      { id: ids.b },
    );
    expect(after.data?.job.statusHistory.map((s) => s.status)).toEqual(['RUNNING', 'SUCCEEDED']);
    expect(after.data?.running.edges).toEqual([]);
    expect(after.data?.done.edges.map((e) => e.node.id)).toEqual([ids.b, ids.a]);
  });
});

describe('numbers beyond 2^53 in legacy items', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  test("a long run's total_flos (stored as 1.2345678901234567E+17) is readable, and the job can be finalized", async () => {
    const id = randomUUID();
    const flos = '1.2345678901234567E+17';
    // Python's Decimal(str(float)) keeps the exponent form; DynamoDB Local returns it as stored.
    await putItems(server.doc, server.tableName, [
      legacyJob({
        id,
        name: 'long-run',
        status: 'running',
        createdAt: '2026-01-05T00:00:00.000001+00:00',
        results: { total_flos: NumberValue.from(flos), num_labels: 7 },
      }),
      legacyMetric({ jobId: id, name: 'val_f1', ts: '2026-01-05T01:00:00.000001+00:00', value: 0.7, unit: 'ratio', epoch: 0, step: 10 }),
      legacyMetric({
        jobId: id,
        name: 'total_flos',
        ts: '2026-01-05T02:00:00.000001+00:00',
        value: NumberValue.from('1.2E+17'),
        unit: 'flos',
      }),
    ]);
    const read = await server.gql<{
      job: { results: { totalFlos: number; raw: Record<string, unknown> }; datasetMetrics: { value: number }[] };
    }>(`query($id: ID!) { job(id: $id) { results { totalFlos raw } datasetMetrics { value } } }`, { id });
    expect(read.errors).toBeUndefined();
    expect(read.data?.job.results).toEqual({ totalFlos: Number(flos), raw: { total_flos: Number(flos), num_labels: 7 } });
    expect(read.data?.job.datasetMetrics).toEqual([{ value: 1.2e17 }]);

    const done = await server.gql<{
      finalizeJob: { job: { results: { bestF1: number; totalFlos: number } } | null; userErrors: unknown[] };
    }>(
      `mutation($input: FinalizeJobInput!) { finalizeJob(input: $input) { job { results { bestF1 totalFlos } } userErrors { code message } } }`,
      { input: { jobId: id, status: 'SUCCEEDED', totalFlos: 1.5e17 } },
    );
    expect(done.errors).toBeUndefined();
    expect(done.data?.finalizeJob).toEqual({ job: { results: { bestF1: 0.7, totalFlos: 1.5e17 } }, userErrors: [] });
    const again = await server.gql<{ job: { status: string; results: { totalFlos: number } } }>(
      `query($id: ID!) { job(id: $id) { status results { totalFlos } } }`,
      { id },
    );
    expect(again.data?.job).toEqual({ status: 'SUCCEEDED', results: { totalFlos: 1.5e17 } });
  });
});

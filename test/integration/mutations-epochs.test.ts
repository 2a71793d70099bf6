import { randomUUID } from 'node:crypto';
import { DynamoGateway } from '../../src/db/gateway';
import { batchPut } from '../../src/db/batch';
import { metricPointToItem } from '../../src/modules/metrics/metric-item';
import { MetricWriter } from '../../src/modules/metrics/metric-writer';
import { contentPoints, epochContent, fingerprint } from '../../src/modules/metrics/recording-content';
import { recordEpochInput } from '../../src/modules/metrics/recording-inputs';
import { createJob, epochInput, RECORD_EPOCH } from '../helpers/api';
import { partitionItems } from '../helpers/table-items';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const EPOCHS = `query($id: ID!) { job(id: $id) { status epochs { epoch step valF1 evalLoss isBest recordedAt labels { label f1 precision recall support } extra { name value unit } } } }`;

describe('recordEpoch', () => {
  test('writes every item of the epoch with one timestamp in the documented shape, and starts the job', async () => {
    const jobId = await createJob(server);
    const res = await server.gql(
      `mutation($input: RecordEpochInput!) { recordEpoch(input: $input) { replayed userErrors { code } epoch { epoch valF1 isBest labels { label support } } job { status } } }`,
      { input: epochInput(jobId, 1, 2) },
    );
    expect(res.data?.recordEpoch).toMatchObject({ replayed: false, userErrors: [], job: { status: 'RUNNING' } });
    expect(res.data?.recordEpoch.epoch).toEqual({
      epoch: 1,
      valF1: 0.51,
      isBest: true,
      labels: [
        { label: 'LABEL_0', support: 10 },
        { label: 'LABEL_1', support: 11 },
      ],
    });
    expect(res.extensions?.dynamodb?.commands.TransactWriteItems).toBe(1);

    const items = await partitionItems(server.doc, server.tableName, jobId);
    const metrics = items.filter((i) => i.TYPE === 'JOB_METRIC');
    expect(metrics.map((m) => m.metric_name).sort()).toEqual(
      [
        'eval_loss',
        'label_LABEL_0',
        'label_LABEL_1',
        'learning_rate',
        'samples_per_second',
        'train_loss',
        'val_f1',
        'val_precision',
        'val_recall',
      ].sort(),
    );
    expect(new Set(metrics.map((m) => m.timestamp)).size).toBe(1);
    const ts = String(metrics[0].timestamp);
    expect(ts).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/);
    const label = metrics.find((m) => m.metric_name === 'label_LABEL_0');
    expect(label).toMatchObject({
      PK: `JOB#${jobId}`,
      SK: `METRIC#label_LABEL_0#${ts}`,
      GSI1PK: 'METRIC#label_LABEL_0',
      GSI1SK: ts,
      GSI2PK: 'METRIC#label_LABEL_0',
      GSI2SK: `JOB#${jobId}#${ts}`,
      job_id: jobId,
      unit: 'per_label',
      epoch: 1,
      step: 100,
      value: { f1: 0.5, precision: 0.6, recall: 0.4, support: 10 },
    });
    expect(metrics.find((m) => m.metric_name === 'val_f1')).toMatchObject({ unit: 'ratio', value: 0.51 });
    expect(metrics.find((m) => m.metric_name === 'eval_loss')).toMatchObject({ unit: 'loss' });
    expect(metrics.find((m) => m.metric_name === 'learning_rate')).toMatchObject({ unit: 'rate' });
    const job = items.find((i) => i.SK === 'JOB');
    expect(job).toMatchObject({ status: 'running', GSI1PK: 'STATUS#running' });
    expect(items.filter((i) => i.TYPE === 'JOB_STATUS').map((i) => i.status)).toEqual(['running']);
  });

  test('the same epoch again is a replay that writes nothing', async () => {
    const jobId = await createJob(server);
    const input = epochInput(jobId, 2);
    await server.gql(RECORD_EPOCH, { input });
    const before = await partitionItems(server.doc, server.tableName, jobId);
    const shuffled = { ...input, labels: [...(input.labels as unknown[])].reverse() };
    const again = await server.gql(RECORD_EPOCH, { input: shuffled });
    expect(again.data?.recordEpoch).toEqual({ replayed: true, userErrors: [] });
    expect(await partitionItems(server.doc, server.tableName, jobId)).toEqual(before);
  });

  test('the same epoch with other content is ALREADY_EXISTS naming the field, and changes nothing', async () => {
    const jobId = await createJob(server);
    await server.gql(RECORD_EPOCH, { input: epochInput(jobId, 3) });
    const before = await partitionItems(server.doc, server.tableName, jobId);
    const res = await server.gql(RECORD_EPOCH, { input: epochInput(jobId, 3, 3, { valF1: 0.99 }) });
    expect(res.data?.recordEpoch.replayed).toBe(false);
    expect(res.data?.recordEpoch.userErrors).toEqual([
      { code: 'ALREADY_EXISTS', field: ['input', 'epoch'], message: expect.stringContaining('val_f1') },
    ]);
    expect(await partitionItems(server.doc, server.tableName, jobId)).toEqual(before);
  });

  test('an unknown job is NOT_FOUND and a finished job CONFLICT', async () => {
    const missing = await server.gql(RECORD_EPOCH, { input: epochInput(randomUUID(), 1) });
    expect(missing.data?.recordEpoch.userErrors).toEqual([{ code: 'NOT_FOUND', field: ['input', 'jobId'], message: expect.any(String) }]);
    const jobId = await createJob(server);
    await server.gql(`mutation($id: ID!) { finalizeJob(input: { jobId: $id, status: SUCCEEDED }) { userErrors { code } } }`, { id: jobId });
    const late = await server.gql(RECORD_EPOCH, { input: epochInput(jobId, 1) });
    expect(late.data?.recordEpoch.userErrors).toEqual([{ code: 'CONFLICT', field: ['input', 'jobId'], message: expect.any(String) }]);
  });

  test.each([
    ['a non-UUID job id', { jobId: 'abc' }, ['input', 'jobId']],
    ['a negative epoch', { epoch: -1 }, ['input', 'epoch']],
    ['a negative step', { step: -5 }, ['input', 'step']],
    ['val_f1 above 1', { valF1: 1.5 }, ['input', 'valF1']],
    ['negative precision', { valPrecision: -0.1 }, ['input', 'valPrecision']],
    ['a negative loss', { evalLoss: -1 }, ['input', 'evalLoss']],
    ['a negative learning rate', { learningRate: -0.1 }, ['input', 'learningRate']],
    [
      'a label score above 1',
      {
        labels: [
          { label: 'A', f1: 0.5, precision: 0.5, recall: 0.5, support: 1 },
          { label: 'B', f1: 0.5, precision: 0.5, recall: 0.5, support: 1 },
          { label: 'C', f1: 0.5, precision: 0.5, recall: 0.5, support: 1 },
          { label: 'D', f1: 2, precision: 0.5, recall: 0.5, support: 1 },
        ],
      },
      ['input', 'labels', '3', 'f1'],
    ],
    [
      'a negative support',
      { labels: [{ label: 'A', f1: 0.5, precision: 0.5, recall: 0.5, support: -1 }] },
      ['input', 'labels', '0', 'support'],
    ],
    [
      'a duplicate label',
      {
        labels: [
          { label: 'A', f1: 0.5, precision: 0.5, recall: 0.5, support: 1 },
          { label: 'A', f1: 0.5, precision: 0.5, recall: 0.5, support: 1 },
        ],
      },
      ['input', 'labels', '1'],
    ],
    ['# in a label', { labels: [{ label: 'A#B', f1: 0.5, precision: 0.5, recall: 0.5, support: 1 }] }, ['input', 'labels', '0', 'label']],
    ['an empty label', { labels: [{ label: '', f1: 0.5, precision: 0.5, recall: 0.5, support: 1 }] }, ['input', 'labels', '0', 'label']],
    [
      'a duplicate extra',
      {
        extra: [
          { name: 'x', value: 1 },
          { name: 'x', value: 2 },
        ],
      },
      ['input', 'extra', '1'],
    ],
    ['# in an extra name', { extra: [{ name: 'gpu#0', value: 1 }] }, ['input', 'extra', '0', 'name']],
    ['an extra shadowing val_f1', { extra: [{ name: 'val_f1', value: 1 }] }, ['input', 'extra', '0', 'name']],
    [
      'more than 500 labels',
      { labels: Array.from({ length: 501 }, (_, i) => ({ label: `L${i}`, f1: 0.5, precision: 0.5, recall: 0.5, support: 1 })) },
      ['input', 'labels'],
    ],
  ])('%s is INVALID at its field and nothing is written', async (_what, override, field) => {
    const jobId = await createJob(server);
    const before = await partitionItems(server.doc, server.tableName, jobId);
    const res = await server.gql(RECORD_EPOCH, { input: epochInput(jobId, 1, 3, override) });
    expect(res.errors).toBeUndefined();
    expect(res.data?.recordEpoch.userErrors).toContainEqual({ code: 'INVALID', field, message: expect.any(String) });
    expect(await partitionItems(server.doc, server.tableName, jobId)).toEqual(before);
  });

  test('an exact 0.0 val_f1 is recorded and can be the best epoch', async () => {
    const jobId = await createJob(server);
    await server.gql(RECORD_EPOCH, { input: epochInput(jobId, 0, 0, { valF1: 0 }) });
    const res = await server.gql(EPOCHS, { id: jobId });
    expect(res.data?.job.epochs).toEqual([expect.objectContaining({ epoch: 0, valF1: 0, isBest: true })]);
  });

  describe('20 writers racing on one epoch (DynamoDB given 30 s a call, so no answer is lost to a time-out)', () => {
    let patient: TestServer;
    beforeAll(async () => {
      patient = await startTestServer({ timeoutMs: 30_000 });
    });
    afterAll(() => patient.close());

    test('20 concurrent identical epochs: exactly one write, 19 replays', async () => {
      const jobId = await createJob(patient);
      const input = epochInput(jobId, 1, 5);
      const results = await Promise.all(Array.from({ length: 20 }, () => patient.gql(RECORD_EPOCH, { input })));
      expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
      const payloads = results.map((r) => r.data?.recordEpoch);
      expect(payloads.filter((p) => p.replayed === false && p.userErrors.length === 0)).toHaveLength(1);
      expect(payloads.filter((p) => p.replayed === true && p.userErrors.length === 0)).toHaveLength(19);
      const items = await partitionItems(patient.doc, patient.tableName, jobId);
      expect(items.filter((i) => i.TYPE === 'JOB_METRIC')).toHaveLength(6 + 5 + 1);
    });

    test('20 concurrent different versions of one epoch: one wins, the rest ALREADY_EXISTS, the stored epoch is the winner', async () => {
      const jobId = await createJob(patient);
      const inputs = Array.from({ length: 20 }, (_, i) => epochInput(jobId, 1, 2, { valF1: i / 20 }));
      const results = await Promise.all(inputs.map((input) => patient.gql(RECORD_EPOCH, { input })));
      expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
      const winners = results.map((r, i) => ({ i, p: r.data?.recordEpoch })).filter(({ p }) => p.userErrors.length === 0);
      expect(winners).toHaveLength(1);
      expect(winners[0].p.replayed).toBe(false);
      expect(results.filter((r) => r.data?.recordEpoch.userErrors[0]?.code === 'ALREADY_EXISTS')).toHaveLength(19);
      const res = await patient.gql(EPOCHS, { id: jobId });
      expect(res.data?.job.epochs).toHaveLength(1);
      expect(res.data?.job.epochs[0].valF1).toBe(winners[0].i / 20);
      const items = await partitionItems(patient.doc, patient.tableName, jobId);
      expect(items.filter((i) => i.TYPE === 'JOB_METRIC' && i.metric_name === 'val_f1')).toHaveLength(1);
    });
  });

  test('an epoch of 500 labels is stored whole and replays', async () => {
    const jobId = await createJob(server);
    const input = epochInput(jobId, 1, 500);
    const res = await server.gql(RECORD_EPOCH, { input });
    expect(res.data?.recordEpoch).toEqual({ replayed: false, userErrors: [] });
    const labels = await server.gql(`query($id: ID!) { job(id: $id) { labelMetrics(epoch: 1) { label } epochs { labels { label } } } }`, {
      id: jobId,
    });
    expect(labels.data?.job.labelMetrics).toHaveLength(500);
    expect(labels.data?.job.epochs[0].labels).toHaveLength(500);
    const again = await server.gql(RECORD_EPOCH, { input });
    expect(again.data?.recordEpoch).toEqual({ replayed: true, userErrors: [] });
    const items = await partitionItems(server.doc, server.tableName, jobId);
    expect(items.filter((i) => i.TYPE === 'JOB_METRIC')).toHaveLength(500 + 6 + 1);
  });

  test('a staged epoch is invisible until its marker commits, and a retry after a crash completes it', async () => {
    const jobId = await createJob(server);
    const input = recordEpochInput.parse(epochInput(jobId, 4, 200));
    const content = epochContent(input);
    const job = (await server.gql(`query($id: ID!) { job(id: $id) { id } }`, { id: jobId })).data?.job;
    expect(job).toBeTruthy();
    const writer = new MetricWriter(new DynamoGateway(server.doc, server.tableName));
    const timestamp = '2026-01-01T00:00:00.000001+00:00';
    const marker = { jobId, epoch: 4, timestamp, content: fingerprint(content), committed: true, token: randomUUID() };
    const points = contentPoints(jobId, content, timestamp);
    // Simulate a crash after the points were written but before the marker committed.
    const jobModel = {
      id: jobId,
      name: 'x',
      description: '',
      status: 'PENDING' as const,
      priority: 'MEDIUM' as const,
      createdAt: timestamp,
      createdBy: 'system',
      config: {},
      tags: {},
      results: null,
    };
    const realComplete = writer.completeStaged.bind(writer);
    writer.completeStaged = async (m, p) => {
      await batchPut(
        new DynamoGateway(server.doc, server.tableName),
        p.map((x) => metricPointToItem({ ...x, epochToken: m.token })),
      );
    };
    expect(await writer.writeStaged({ job: jobModel, marker, points })).toBe('written');
    const hidden = await server.gql(EPOCHS, { id: jobId });
    expect(hidden.data?.job.epochs).toEqual([]);
    expect((await partitionItems(server.doc, server.tableName, jobId)).filter((i) => i.TYPE === 'JOB_METRIC')).toHaveLength(points.length);
    writer.completeStaged = realComplete;

    const retry = await server.gql(RECORD_EPOCH, { input: epochInput(jobId, 4, 200) });
    expect(retry.data?.recordEpoch).toEqual({ replayed: true, userErrors: [] });
    const visible = await server.gql(EPOCHS, { id: jobId });
    expect(visible.data?.job.epochs).toHaveLength(1);
    expect(visible.data?.job.epochs[0].labels).toHaveLength(200);
    expect(visible.data?.job.epochs[0].recordedAt).toBe(timestamp);
  });
});

describe('recordDatasetMetrics', () => {
  const RECORD = `mutation($input: RecordDatasetMetricsInput!) { recordDatasetMetrics(input: $input) { replayed metrics { name value unit epoch } userErrors { code field message } } }`;

  test('stores the run-level metrics with the legacy names and units, idempotently', async () => {
    const jobId = await createJob(server);
    const input = {
      jobId,
      numTrainSamples: 2210,
      numValSamples: 540,
      oEntityRatioTrain: 5.31,
      oEntityRatioVal: 5.02,
      extra: [{ name: 'num_labels', value: 12, unit: 'count' }],
    };
    const res = await server.gql(RECORD, { input });
    expect(res.data?.recordDatasetMetrics.userErrors).toEqual([]);
    expect(res.data?.recordDatasetMetrics.replayed).toBe(false);
    const byName = Object.fromEntries(res.data?.recordDatasetMetrics.metrics.map((m: { name: string }) => [m.name, m]));
    expect(byName).toEqual({
      num_train_samples: { name: 'num_train_samples', value: 2210, unit: 'count', epoch: null },
      num_val_samples: { name: 'num_val_samples', value: 540, unit: 'count', epoch: null },
      o_entity_ratio_train: { name: 'o_entity_ratio_train', value: 5.31, unit: 'ratio', epoch: null },
      o_entity_ratio_val: { name: 'o_entity_ratio_val', value: 5.02, unit: 'ratio', epoch: null },
      num_labels: { name: 'num_labels', value: 12, unit: 'count', epoch: null },
    });
    const before = await partitionItems(server.doc, server.tableName, jobId);
    expect((await server.gql(RECORD, { input })).data?.recordDatasetMetrics.replayed).toBe(true);
    expect(await partitionItems(server.doc, server.tableName, jobId)).toEqual(before);
    const other = await server.gql(RECORD, { input: { ...input, numTrainSamples: 1 } });
    expect(other.data?.recordDatasetMetrics.userErrors).toEqual([
      { code: 'ALREADY_EXISTS', field: ['input'], message: expect.stringContaining('num_train_samples') },
    ]);
    const view = await server.gql(`query($id: ID!) { job(id: $id) { status datasetMetrics { name } } }`, { id: jobId });
    expect(view.data?.job.datasetMetrics).toHaveLength(5);
    expect(view.data?.job.status).toBe('PENDING');
  });

  test('rejects negative counts and unknown jobs', async () => {
    const jobId = await createJob(server);
    const bad = await server.gql(RECORD, { input: { jobId, numTrainSamples: -3 } });
    expect(bad.data?.recordDatasetMetrics.userErrors).toEqual([
      { code: 'INVALID', field: ['input', 'numTrainSamples'], message: expect.any(String) },
    ]);
    const missing = await server.gql(RECORD, { input: { jobId: randomUUID(), numTrainSamples: 3 } });
    expect(missing.data?.recordDatasetMetrics.userErrors[0].code).toBe('NOT_FOUND');
  });
});

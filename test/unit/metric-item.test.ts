/** Metric and write-marker items: every legacy metric row parses field by field; server writes parse back the same. */
import { buildEpochs } from '../../src/modules/metrics/epoch-rules';
import {
  metricPointToItem,
  parseMetricItem,
  parseWriteMarker,
  writeMarkerToItem,
  type NewMetricPoint,
} from '../../src/modules/metrics/metric-item';
import type { MetricPoint, WriteMarker } from '../../src/modules/metrics/metric-model';
import { FOREIGN_ITEMS, LEGACY_JOB_A, LEGACY_JOB_B, legacyItems, legacyItemsOf } from './support/legacy-fixture';

const parsedOf = (jobId: string): MetricPoint[] =>
  legacyItemsOf('JOB_METRIC', jobId).map((item) => {
    const p = parseMetricItem(item);
    if (!p) throw new Error(`legacy item ${String(item.SK)} did not parse`);
    return p;
  });

describe('parseMetricItem on legacy items', () => {
  it('parses every JOB_METRIC item, with name, timestamp and sort key from the item', () => {
    const items = legacyItemsOf('JOB_METRIC');
    expect(items).toHaveLength(45);
    for (const item of items) {
      const p = parseMetricItem(item) as MetricPoint;
      expect(p).not.toBeNull();
      expect(p.jobId).toBe(item.job_id);
      expect(p.name).toBe(item.metric_name);
      expect(p.timestamp).toBe(item.timestamp);
      expect(p.sortKey).toBe(item.SK);
      expect(String(item.SK)).toBe(`METRIC#${p.name}#${p.timestamp}`);
      expect(p.unit).toBe(item.unit);
      expect(p.epochToken).toBeNull();
      // A point holds either a number or a map, never both.
      expect((p.value === null) !== (p.data === null)).toBe(true);
    }
  });

  it('reads a run-level metric: no epoch, no step', () => {
    const points = parsedOf(LEGACY_JOB_A);
    expect(points.find((p) => p.name === 'num_train_samples')).toEqual({
      jobId: LEGACY_JOB_A,
      name: 'num_train_samples',
      value: 2210,
      data: null,
      unit: 'count',
      epoch: null,
      step: null,
      timestamp: '2025-12-30T08:00:00.900123+00:00',
      sortKey: 'METRIC#num_train_samples#2025-12-30T08:00:00.900123+00:00',
      epochToken: null,
    });
    expect(points.find((p) => p.name === 'run_metrics_comparable')).toMatchObject({ value: 1, unit: 'flag', epoch: null });
    expect(points.find((p) => p.name === 'o_entity_ratio_val')).toMatchObject({ value: 5.02, unit: 'ratio', epoch: null });
  });

  it('reads an epoch metric with its epoch and global step', () => {
    const p = parsedOf(LEGACY_JOB_A).find((x) => x.name === 'val_precision' && x.epoch === 1);
    expect(p).toEqual({
      jobId: LEGACY_JOB_A,
      name: 'val_precision',
      value: 0.8140000000000001,
      data: null,
      unit: 'ratio',
      epoch: 1,
      step: 277,
      timestamp: '2025-12-30T08:15:00.007123+00:00',
      sortKey: 'METRIC#val_precision#2025-12-30T08:15:00.007123+00:00',
      epochToken: null,
    });
  });

  it('reads a legacy support stored as the string "212.0" as the number 212', () => {
    const supports = parsedOf(LEGACY_JOB_A).filter((p) => p.name.endsWith('_support'));
    expect(supports).toHaveLength(6);
    for (const p of supports) expect(p).toMatchObject({ value: 212, unit: 'count', data: null });
  });

  it('reads a confusion matrix map as data', () => {
    const p = parsedOf(LEGACY_JOB_A).find((x) => x.name === 'confusion_matrix' && x.epoch === 2);
    expect(p).toMatchObject({
      value: null,
      data: {
        labels: ['B-TOTAL', 'O'],
        matrix: [
          [40, 3],
          [5, 900],
        ],
      },
      unit: 'matrix',
      step: 554,
    });
  });

  it('reads job B: naive timestamps and a map-shaped label row', () => {
    const points = parsedOf(LEGACY_JOB_B);
    expect(points).toEqual([
      {
        jobId: LEGACY_JOB_B,
        name: 'val_f1',
        value: 0.55,
        data: null,
        unit: 'ratio',
        epoch: 1,
        step: 277,
        timestamp: '2026-01-03T08:15:00.000123',
        sortKey: 'METRIC#val_f1#2026-01-03T08:15:00.000123',
        epochToken: null,
      },
      {
        jobId: LEGACY_JOB_B,
        name: 'label_TOTAL',
        value: null,
        data: { f1: 0.61, precision: 0.66, recall: 0.57, support: 212 },
        unit: 'per_label',
        epoch: 1,
        step: 277,
        timestamp: '2026-01-03T08:15:00.000123',
        sortKey: 'METRIC#label_TOTAL#2026-01-03T08:15:00.000123',
        epochToken: null,
      },
    ]);
  });

  it('builds the legacy epochs of job A: flat label rows merged, best epoch 2', () => {
    const rows = buildEpochs(parsedOf(LEGACY_JOB_A));
    expect(rows.map((r) => [r.epoch, r.step, r.valF1, r.evalLoss, r.isBest, r.recordedAt])).toEqual([
      [1, 277, 0.802, 0.61, false, '2025-12-30T08:15:00.000123+00:00'],
      [2, 554, 0.874, 0.44, true, '2025-12-30T08:30:00.000123+00:00'],
    ]);
    expect(rows[1].labels).toEqual([
      {
        jobId: LEGACY_JOB_A,
        label: 'ADDRESS',
        epoch: 2,
        f1: 0.74,
        precision: 0.76,
        recall: 0.72,
        support: 212,
        timestamp: '2025-12-30T08:30:00.042123+00:00',
      },
      {
        jobId: LEGACY_JOB_A,
        label: 'PHONE_NUMBER',
        epoch: 2,
        f1: 0.94,
        precision: 0.96,
        recall: 0.92,
        support: 212,
        timestamp: '2025-12-30T08:30:00.070123+00:00',
      },
      {
        jobId: LEGACY_JOB_A,
        label: 'TOTAL',
        epoch: 2,
        f1: 0.84,
        precision: 0.86,
        recall: 0.82,
        support: 212,
        timestamp: '2025-12-30T08:30:00.098123+00:00',
      },
    ]);
    expect(rows[0].extra.map((p) => p.name)).toEqual(['confusion_matrix']);
  });
});

describe('parseMetricItem on other items', () => {
  it('is null for foreign items and for the other job entities', () => {
    for (const item of [...FOREIGN_ITEMS, ...legacyItems().filter((i) => i.TYPE !== 'JOB_METRIC')])
      expect(parseMetricItem(item)).toBeNull();
    const [metric] = legacyItemsOf('JOB_METRIC', LEGACY_JOB_A);
    expect(parseMetricItem({ ...metric, TYPE: 'RECEIPT_METRIC' })).toBeNull();
  });

  it('falls back to the partition key for the job id and the sort key for the timestamp', () => {
    const [item] = legacyItemsOf('JOB_METRIC', LEGACY_JOB_A);
    const p = parseMetricItem({ ...item, job_id: undefined, timestamp: undefined });
    expect(p).toMatchObject({ jobId: LEGACY_JOB_A, timestamp: '2025-12-30T08:00:00.500123+00:00' });
  });

  it('is null without a metric_name (the name is never guessed from the sort key)', () => {
    const [item] = legacyItemsOf('JOB_METRIC', LEGACY_JOB_A);
    expect(parseMetricItem({ ...item, metric_name: undefined })).toBeNull();
  });

  it('reads an unreadable value as null rather than NaN', () => {
    const [item] = legacyItemsOf('JOB_METRIC', LEGACY_JOB_A);
    expect(parseMetricItem({ ...item, value: 'n/a' })?.value).toBeNull();
    expect(parseMetricItem({ ...item, value: undefined })?.value).toBeNull();
  });

  it('reads float epochs and steps (1.0) as integers', () => {
    const [item] = legacyItemsOf('JOB_METRIC', LEGACY_JOB_A);
    expect(parseMetricItem({ ...item, epoch: 3.0, step: 554.0 })).toMatchObject({ epoch: 3, step: 554 });
  });
});

describe('metricPointToItem', () => {
  const numeric: NewMetricPoint = {
    jobId: LEGACY_JOB_B,
    name: 'eval_loss',
    value: 0.44,
    unit: 'loss',
    epoch: 2,
    step: 554,
    timestamp: '2026-01-03T08:30:00.000001+00:00',
  };

  it('writes the legacy keys and attribute names', () => {
    expect(metricPointToItem(numeric)).toEqual({
      PK: `JOB#${LEGACY_JOB_B}`,
      SK: 'METRIC#eval_loss#2026-01-03T08:30:00.000001+00:00',
      GSI1PK: 'METRIC#eval_loss',
      GSI1SK: '2026-01-03T08:30:00.000001+00:00',
      GSI2PK: 'METRIC#eval_loss',
      GSI2SK: `JOB#${LEGACY_JOB_B}#2026-01-03T08:30:00.000001+00:00`,
      TYPE: 'JOB_METRIC',
      job_id: LEGACY_JOB_B,
      metric_name: 'eval_loss',
      timestamp: '2026-01-03T08:30:00.000001+00:00',
      value: 0.44,
      unit: 'loss',
      step: 554,
      epoch: 2,
    });
  });

  it('writes the same attributes as the legacy writer for the same point', () => {
    const legacy = legacyItemsOf('JOB_METRIC', LEGACY_JOB_A).find((i) => i.metric_name === 'eval_loss' && i.epoch === 2) as Record<
      string,
      unknown
    >;
    const p = parseMetricItem(legacy) as MetricPoint;
    const written = metricPointToItem({
      jobId: p.jobId,
      name: p.name,
      value: p.value as number,
      unit: p.unit,
      epoch: p.epoch,
      step: p.step,
      timestamp: p.timestamp,
    });
    expect(written).toEqual(legacy);
  });

  it('round-trips numbers, maps, run-level points and epoch tokens', () => {
    expect(parseMetricItem(metricPointToItem(numeric))).toEqual({
      ...numeric,
      data: null,
      sortKey: 'METRIC#eval_loss#2026-01-03T08:30:00.000001+00:00',
      epochToken: null,
    });

    const label: NewMetricPoint = {
      jobId: LEGACY_JOB_B,
      name: 'label_MERCHANT_NAME',
      value: { f1: 0.7, precision: 0.75, recall: 0.65, support: 156 },
      unit: 'per_label',
      epoch: 2,
      step: 554,
      timestamp: '2026-01-03T08:30:00.000001+00:00',
      epochToken: 'tok-9',
    };
    expect(parseMetricItem(metricPointToItem(label))).toEqual({
      ...label,
      value: null,
      data: label.value,
      sortKey: 'METRIC#label_MERCHANT_NAME#2026-01-03T08:30:00.000001+00:00',
      epochToken: 'tok-9',
    });

    const runLevel: NewMetricPoint = {
      jobId: LEGACY_JOB_B,
      name: 'num_val_samples',
      value: 540,
      unit: 'count',
      epoch: null,
      step: null,
      timestamp: '2026-01-03T08:00:00.000001+00:00',
    };
    const item = metricPointToItem(runLevel);
    expect(item).not.toHaveProperty('epoch');
    expect(item).not.toHaveProperty('step');
    expect(item).not.toHaveProperty('epoch_token');
    expect(parseMetricItem(item)).toMatchObject({ epoch: null, step: null, value: 540 });
  });

  it('omits a missing unit and keeps epoch 0 and step 0', () => {
    const item = metricPointToItem({
      jobId: LEGACY_JOB_B,
      name: 'grad_norm',
      value: 1.5,
      unit: null,
      epoch: 0,
      step: 0,
      timestamp: '2026-01-03T08:00:00.000001+00:00',
    });
    expect(item).not.toHaveProperty('unit');
    expect(item).toMatchObject({ epoch: 0, step: 0 });
    expect(parseMetricItem(item)).toMatchObject({ unit: null, epoch: 0, step: 0 });
  });
});

describe('write markers', () => {
  const marker: WriteMarker = {
    jobId: LEGACY_JOB_A,
    epoch: 3,
    timestamp: '2026-01-03T08:00:00.000001+00:00',
    content: '{"epoch":3}',
    committed: true,
    token: 'tok-3',
  };

  it('writes the marker under WRITE# with its own TYPE', () => {
    expect(writeMarkerToItem(marker)).toEqual({
      PK: `JOB#${LEGACY_JOB_A}`,
      SK: 'WRITE#EPOCH#0000000003',
      TYPE: 'JOB_WRITE_MARKER',
      epoch: 3,
      timestamp: '2026-01-03T08:00:00.000001+00:00',
      content: '{"epoch":3}',
      committed: true,
      token: 'tok-3',
    });
  });

  it('round-trips epoch and dataset markers, committed or not', () => {
    expect(parseWriteMarker(writeMarkerToItem(marker))).toEqual(marker);
    const dataset: WriteMarker = { ...marker, epoch: null, committed: false };
    expect(writeMarkerToItem(dataset)).not.toHaveProperty('epoch');
    expect(writeMarkerToItem(dataset).SK).toBe('WRITE#DATASET');
    expect(parseWriteMarker(writeMarkerToItem(dataset))).toEqual(dataset);
  });

  it('treats only committed === true as committed', () => {
    expect(parseWriteMarker({ ...writeMarkerToItem(marker), committed: 'true' })?.committed).toBe(false);
  });

  it('is null for anything else', () => {
    for (const item of [...FOREIGN_ITEMS, ...legacyItems()]) expect(parseWriteMarker(item)).toBeNull();
    expect(parseWriteMarker({ ...writeMarkerToItem(marker), SK: 'METRIC#x' })).toBeNull();
    expect(parseWriteMarker({ ...writeMarkerToItem(marker), PK: 'RECEIPT#1' })).toBeNull();
    expect(parseMetricItem(writeMarkerToItem(marker))).toBeNull();
  });
});

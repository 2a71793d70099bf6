/** Per-label rows: both stored shapes (map `label_X` and legacy flat `label_X_score`) merge into one row per (job, epoch, label). */
import { flatLabelMetricNames, labelMetricName, labelOfPoint, mergeLabelPoints } from '../../src/modules/metrics/label-rules';
import { flatLabelRows, JOB_A, JOB_B, mapLabelRow, point } from './support/points';

const T = '2026-01-03T08:15:00.000123+00:00';

describe('metric names of a label', () => {
  it('map shape is label_{LABEL}; flat shape adds one suffix per score', () => {
    expect(labelMetricName('MERCHANT_NAME')).toBe('label_MERCHANT_NAME');
    expect(flatLabelMetricNames('MERCHANT_NAME')).toEqual([
      'label_MERCHANT_NAME_f1',
      'label_MERCHANT_NAME_precision',
      'label_MERCHANT_NAME_recall',
      'label_MERCHANT_NAME_support',
    ]);
  });
});

describe('labelOfPoint', () => {
  it.each([
    ['label_MERCHANT_NAME_f1', 'MERCHANT_NAME', 'f1'],
    ['label_PHONE_NUMBER_precision', 'PHONE_NUMBER', 'precision'],
    ['label_PHONE_NUMBER_recall', 'PHONE_NUMBER', 'recall'],
    ['label_ADDRESS_support', 'ADDRESS', 'support'],
    ['label_A_B_C_D_f1', 'A_B_C_D', 'f1'],
    ['label_DATE_f1', 'DATE', 'f1'],
  ])('flat %s -> label %s, score %s', (name, label, score) => {
    expect(labelOfPoint(point({ name, value: 0.5, timestamp: T }))).toEqual({ label, score });
  });

  it('map shape: everything after label_ is the label, underscores included', () => {
    const data = { f1: 0.6, precision: 0.7, recall: 0.5, support: 10 };
    expect(labelOfPoint(point({ name: 'label_MERCHANT_NAME', data, timestamp: T }))).toEqual({ label: 'MERCHANT_NAME', score: null });
    // A label whose own name ends like a score is still one label in the map shape.
    expect(labelOfPoint(point({ name: 'label_TOTAL_f1', data, timestamp: T }))).toEqual({ label: 'TOTAL_f1', score: null });
  });

  it.each([
    ['heldout_label_TOTAL_f1', 0.5],
    ['heldout_label_MERCHANT_NAME_support', 12],
    ['heldout_windowed_f1', 0.5],
    ['val_f1', 0.5],
    ['label_', 0.5],
    ['label__f1', 0.5],
    ['label_TOTAL', 0.5],
    ['label_TOTAL_accuracy', 0.5],
    ['label_TOTAL_F1', 0.5],
    ['labels_TOTAL_f1', 0.5],
  ])('%s is not a per-label training row', (name, value) => {
    expect(labelOfPoint(point({ name, value, timestamp: T }))).toBeNull();
  });

  it('heldout_label_* with a map value is not a label row either', () => {
    expect(labelOfPoint(point({ name: 'heldout_label_TOTAL', data: { f1: 0.5 }, timestamp: T }))).toBeNull();
  });

  it('label_merge_config (a run-level config map, docs/storage.md) is not a label row', () => {
    const config = point({
      name: 'label_merge_config',
      data: { 'B-MERCHANT_NAME': 'MERCHANT_NAME', enabled: true },
      unit: 'config',
      timestamp: T,
    });
    expect(labelOfPoint(config)).toBeNull();
    expect(mergeLabelPoints([config])).toEqual([]);
  });
});

describe('mergeLabelPoints', () => {
  it('merges the four legacy flat rows into one row, with the earliest timestamp', () => {
    const rows = flatLabelRows(JOB_A, 'MERCHANT_NAME', 1, '2026-01-03T08:15:00.042Z', {
      f1: 0.72,
      precision: 0.73,
      recall: 0.71,
      support: 212,
    });
    const merged = mergeLabelPoints([...rows].reverse());
    expect(merged).toEqual([
      {
        jobId: JOB_A,
        label: 'MERCHANT_NAME',
        epoch: 1,
        f1: 0.72,
        precision: 0.73,
        recall: 0.71,
        support: 212,
        timestamp: '2026-01-03T08:15:00.042123+00:00',
      },
    ]);
  });

  it('reads the map shape', () => {
    const merged = mergeLabelPoints([
      mapLabelRow(JOB_B, 'TOTAL', 1, '2026-01-03T08:15:00.000123', { f1: 0.61, precision: 0.66, recall: 0.57, support: 212 }),
    ]);
    expect(merged).toEqual([
      {
        jobId: JOB_B,
        label: 'TOTAL',
        epoch: 1,
        f1: 0.61,
        precision: 0.66,
        recall: 0.57,
        support: 212,
        timestamp: '2026-01-03T08:15:00.000123',
      },
    ]);
  });

  it('turns float supports such as 156.0 (and numeric strings) into integers', () => {
    const flat = point({ name: 'label_PHONE_NUMBER_support', value: 156.0, epoch: 1, timestamp: T });
    expect(mergeLabelPoints([flat])[0].support).toBe(156);
    expect(Number.isInteger(mergeLabelPoints([flat])[0].support)).toBe(true);
    const roundedFlat = point({ name: 'label_PHONE_NUMBER_support', value: 155.9999999, epoch: 1, timestamp: T });
    expect(mergeLabelPoints([roundedFlat])[0].support).toBe(156);
    const map = mapLabelRow(JOB_A, 'PHONE_NUMBER', 1, T, { f1: '0.5', support: '156.0' });
    expect(mergeLabelPoints([map])[0]).toMatchObject({ f1: 0.5, support: 156, precision: null, recall: null });
  });

  it('merges both shapes of one (job, epoch, label) into a single row', () => {
    const map = mapLabelRow(JOB_A, 'ADDRESS', 2, '2026-01-03T08:30:00.100123+00:00', { f1: 0.8, precision: 0.81 });
    const flat = [
      point({ name: 'label_ADDRESS_recall', value: 0.79, epoch: 2, timestamp: '2026-01-03T08:30:00.050123+00:00' }),
      point({ name: 'label_ADDRESS_support', value: 40.0, epoch: 2, timestamp: '2026-01-03T08:30:00.060123+00:00' }),
    ];
    expect(mergeLabelPoints([map, ...flat])).toEqual([
      {
        jobId: JOB_A,
        label: 'ADDRESS',
        epoch: 2,
        f1: 0.8,
        precision: 0.81,
        recall: 0.79,
        support: 40,
        timestamp: '2026-01-03T08:30:00.050123+00:00',
      },
    ]);
  });

  it('keeps different jobs, epochs and labels apart, ordered by epoch, then label, then job', () => {
    const points = [
      ...flatLabelRows(JOB_B, 'TOTAL', 2, '2026-01-03T09:00:00.000Z', { f1: 0.9, precision: 0.9, recall: 0.9, support: 5 }),
      ...flatLabelRows(JOB_A, 'TOTAL', 2, '2026-01-03T08:30:00.000Z', { f1: 0.8, precision: 0.8, recall: 0.8, support: 5 }),
      ...flatLabelRows(JOB_A, 'ADDRESS', 2, '2026-01-03T08:30:00.100Z', { f1: 0.7, precision: 0.7, recall: 0.7, support: 5 }),
      ...flatLabelRows(JOB_A, 'TOTAL', 1, '2026-01-03T08:15:00.000Z', { f1: 0.6, precision: 0.6, recall: 0.6, support: 5 }),
      ...flatLabelRows(JOB_A, 'TOTAL_AMOUNT', 1, '2026-01-03T08:15:00.100Z', { f1: 0.5, precision: 0.5, recall: 0.5, support: 5 }),
    ];
    const merged = mergeLabelPoints(points);
    expect(merged.map((r) => [r.epoch, r.label, r.jobId, r.f1])).toEqual([
      [1, 'TOTAL', JOB_A, 0.6],
      [1, 'TOTAL_AMOUNT', JOB_A, 0.5],
      [2, 'ADDRESS', JOB_A, 0.7],
      [2, 'TOTAL', JOB_B, 0.9], // job ids compare as strings: 0a9b... < 6f1c...
      [2, 'TOTAL', JOB_A, 0.8],
    ]);
  });

  it('ignores non-label points and missing scores stay null', () => {
    const merged = mergeLabelPoints([
      point({ name: 'val_f1', value: 0.9, epoch: 1, timestamp: T }),
      point({ name: 'heldout_label_TOTAL_f1', value: 0.1, epoch: 1, timestamp: T }),
      point({ name: 'label_TOTAL_f1', value: 0.5, epoch: 1, timestamp: T }),
    ]);
    expect(merged).toEqual([
      { jobId: JOB_A, label: 'TOTAL', epoch: 1, f1: 0.5, precision: null, recall: null, support: null, timestamp: T },
    ]);
  });

  it('keeps 0.0 scores as values', () => {
    const merged = mergeLabelPoints(
      flatLabelRows(JOB_A, 'DATE', 1, '2026-01-03T08:15:00.000Z', { f1: 0, precision: 0, recall: 0, support: 0 }),
    );
    expect(merged[0]).toMatchObject({ f1: 0, precision: 0, recall: 0, support: 0 });
  });

  it('skips non-finite map values', () => {
    const merged = mergeLabelPoints([mapLabelRow(JOB_A, 'DATE', 1, T, { f1: 'n/a', precision: null, recall: 0.3 })]);
    expect(merged[0]).toMatchObject({ f1: null, precision: null, recall: 0.3, support: null });
  });
});

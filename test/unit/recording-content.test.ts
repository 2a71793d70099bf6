/** Recording content: the canonical shape of a recordEpoch/recordDatasetMetrics call, its fingerprint and its points. */
import {
  contentPoints,
  datasetContent,
  epochContent,
  fingerprint,
  firstDifference,
  type RecordingContent,
} from '../../src/modules/metrics/recording-content';
import { recordDatasetMetricsInput, recordEpochInput, type RecordEpochInput } from '../../src/modules/metrics/recording-inputs';
import { JOB_A } from './support/points';

const TS = '2026-01-03T08:15:00.000123+00:00';
const merchant = { label: 'MERCHANT_NAME', f1: 0.7, precision: 0.75, recall: 0.65, support: 156 };
const phone = { label: 'PHONE_NUMBER', f1: 0.9, precision: 0.91, recall: 0.89, support: 40 };

function epochInput(overrides: Partial<RecordEpochInput> = {}): RecordEpochInput {
  return recordEpochInput.parse({
    jobId: JOB_A,
    epoch: 2,
    step: 554,
    valF1: 0.874,
    evalLoss: 0.44,
    trainLoss: 0.47,
    learningRate: 0.000022,
    labels: [merchant, phone],
    extra: [{ name: 'heldout_windowed_f1', value: 0.81, unit: 'ratio' }],
    ...overrides,
  });
}

describe('epochContent', () => {
  it('keeps the standard metrics that were sent, with their legacy units, plus extras and labels', () => {
    expect(epochContent(epochInput())).toEqual({
      epoch: 2,
      step: 554,
      metrics: {
        val_f1: { value: 0.874, unit: 'ratio' },
        eval_loss: { value: 0.44, unit: 'loss' },
        train_loss: { value: 0.47, unit: 'loss' },
        learning_rate: { value: 0.000022, unit: 'rate' },
        heldout_windowed_f1: { value: 0.81, unit: 'ratio' },
      },
      labels: {
        MERCHANT_NAME: { f1: 0.7, precision: 0.75, recall: 0.65, support: 156 },
        PHONE_NUMBER: { f1: 0.9, precision: 0.91, recall: 0.89, support: 40 },
      },
    });
  });

  it('records 0.0 values and a missing step as null', () => {
    const content = epochContent(epochInput({ valF1: 0, step: undefined, labels: undefined, extra: [{ name: 'grad_norm', value: 0 }] }));
    expect(content.step).toBeNull();
    expect(content.metrics.val_f1).toEqual({ value: 0, unit: 'ratio' });
    expect(content.metrics.grad_norm).toEqual({ value: 0, unit: null });
    expect(content.labels).toEqual({});
  });
});

describe('datasetContent', () => {
  it('maps the input fields to the legacy dataset metric names and units, without epoch', () => {
    const input = recordDatasetMetricsInput.parse({
      jobId: JOB_A,
      numTrainSamples: 2210,
      numValSamples: 540,
      oEntityRatioTrain: 5.31,
      extra: [{ name: 'run_metrics_comparable', value: 1, unit: 'flag' }],
    });
    expect(datasetContent(input)).toEqual({
      epoch: null,
      step: null,
      metrics: {
        num_train_samples: { value: 2210, unit: 'count' },
        num_val_samples: { value: 540, unit: 'count' },
        o_entity_ratio_train: { value: 5.31, unit: 'ratio' },
        run_metrics_comparable: { value: 1, unit: 'flag' },
      },
      labels: {},
    });
  });
});

describe('fingerprint', () => {
  it('is equal for the same content sent with labels and extras in another order', () => {
    const a = epochContent(
      epochInput({
        labels: [merchant, phone],
        extra: [
          { name: 'x', value: 1 },
          { name: 'y', value: 2 },
        ],
      }),
    );
    const b = epochContent(
      epochInput({
        labels: [phone, merchant],
        extra: [
          { name: 'y', value: 2 },
          { name: 'x', value: 1 },
        ],
      }),
    );
    expect(fingerprint(a)).toBe(fingerprint(b));
    expect(firstDifference(a, b)).toBeNull();
  });

  it('is equal whatever the order of the input object keys', () => {
    const a = epochContent(recordEpochInput.parse({ jobId: JOB_A, epoch: 1, valF1: 0.5, evalLoss: 0.3 }));
    const b = epochContent(recordEpochInput.parse({ evalLoss: 0.3, valF1: 0.5, epoch: 1, jobId: JOB_A }));
    expect(fingerprint(a)).toBe(fingerprint(b));
  });

  it('differs when any value, unit, step, epoch or label score differs', () => {
    const base = fingerprint(epochContent(epochInput()));
    expect(fingerprint(epochContent(epochInput({ valF1: 0.875 })))).not.toBe(base);
    expect(fingerprint(epochContent(epochInput({ step: 555 })))).not.toBe(base);
    expect(fingerprint(epochContent(epochInput({ epoch: 3 })))).not.toBe(base);
    expect(fingerprint(epochContent(epochInput({ labels: [merchant, { ...phone, support: 41 }] })))).not.toBe(base);
    expect(fingerprint(epochContent(epochInput({ labels: [merchant] })))).not.toBe(base);
    expect(fingerprint(epochContent(epochInput({ extra: [{ name: 'heldout_windowed_f1', value: 0.81, unit: 'score' }] })))).not.toBe(base);
  });
});

describe('firstDifference', () => {
  const stored = epochContent(epochInput());

  it('is null for equal content', () => {
    expect(firstDifference(stored, epochContent(epochInput()))).toBeNull();
  });

  it('names the step', () => {
    expect(firstDifference(stored, epochContent(epochInput({ step: 600 })))).toBe('step (stored 554, sent 600)');
  });

  it('names a metric whose value differs', () => {
    expect(firstDifference(stored, epochContent(epochInput({ evalLoss: 0.45 })))).toBe('eval_loss (stored 0.44, sent 0.45)');
  });

  it('names a metric present on one side only', () => {
    expect(firstDifference(stored, epochContent(epochInput({ valRecall: 0.86 })))).toBe('val_recall (stored nothing, sent 0.86)');
    expect(firstDifference(stored, epochContent(epochInput({ trainLoss: undefined })))).toBe('train_loss (stored 0.47, sent nothing)');
  });

  it('names a metric whose unit differs', () => {
    const other = epochContent(epochInput({ extra: [{ name: 'heldout_windowed_f1', value: 0.81, unit: 'score' }] }));
    expect(firstDifference(stored, other)).toMatch(/^heldout_windowed_f1 /);
  });

  it('names a label whose scores differ, or which is missing', () => {
    const changed = firstDifference(stored, epochContent(epochInput({ labels: [merchant, { ...phone, recall: 0.5 }] })));
    expect(changed).toMatch(/^label PHONE_NUMBER /);
    expect(changed).toContain('"recall":0.89');
    expect(changed).toContain('"recall":0.5');
    expect(firstDifference(stored, epochContent(epochInput({ labels: [phone] })))).toMatch(
      /^label MERCHANT_NAME \(stored \{.*\}, sent null\)$/,
    );
  });
});

describe('contentPoints', () => {
  const content: RecordingContent = epochContent(epochInput());
  const points = contentPoints(JOB_A, content, TS);

  it('makes one point per standard metric and extra, and one label_X map point per label', () => {
    expect(points.map((p) => p.name).sort()).toEqual(
      ['eval_loss', 'heldout_windowed_f1', 'label_MERCHANT_NAME', 'label_PHONE_NUMBER', 'learning_rate', 'train_loss', 'val_f1'].sort(),
    );
  });

  it('gives every point the same job, epoch, step and timestamp', () => {
    for (const p of points) expect(p).toMatchObject({ jobId: JOB_A, epoch: 2, step: 554, timestamp: TS });
  });

  it('stores numbers with their units, and labels as {f1, precision, recall, support} maps with unit per_label', () => {
    expect(points.find((p) => p.name === 'val_f1')).toMatchObject({ value: 0.874, unit: 'ratio' });
    expect(points.find((p) => p.name === 'learning_rate')).toMatchObject({ value: 0.000022, unit: 'rate' });
    expect(points.find((p) => p.name === 'label_MERCHANT_NAME')).toMatchObject({
      value: { f1: 0.7, precision: 0.75, recall: 0.65, support: 156 },
      unit: 'per_label',
    });
    expect(
      points
        .filter((p) => p.unit === 'per_label')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['label_MERCHANT_NAME', 'label_PHONE_NUMBER']);
  });

  it('makes dataset points without epoch or step', () => {
    const dataset = contentPoints(JOB_A, datasetContent(recordDatasetMetricsInput.parse({ jobId: JOB_A, numTrainSamples: 10 })), TS);
    expect(dataset).toEqual([
      { jobId: JOB_A, epoch: null, step: null, timestamp: TS, name: 'num_train_samples', value: 10, unit: 'count' },
    ]);
  });
});

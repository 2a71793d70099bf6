import { curveMetricNames, isPerLabelMetric } from '../../src/modules/catalog/metric-names';
import type { SummaryState } from '../../src/modules/catalog/metric-summary';

const summary = (lastEpoch: number | null): SummaryState => ({
  best: 1,
  bestEpoch: lastEpoch,
  last: 1,
  lastEpoch,
  lastTs: '2026-01-02T10:00:00.000000+00:00',
  min: 1,
  max: 1,
  count: 1,
});

describe('curve metric names', () => {
  it.each([
    ['label_TOTAL_f1', true],
    ['label_MERCHANT_NAME', true],
    ['heldout_label_TOTAL_f1', true],
    ['heldout_windowed_f1', false],
    ['labels_seen', false],
    ['val_f1', false],
  ])('%s is a per-label row: %s', (name, perLabel) => {
    expect(isPerLabelMetric(name)).toBe(perLabel);
  });

  it('epoch metrics and step series, sorted, each once; label rows and run-level metrics left out', () => {
    const summaries = new Map([
      ['val_f1', summary(2)],
      ['train_loss', summary(2)],
      ['label_TOTAL_f1', summary(2)],
      ['heldout_label_TOTAL_f1', summary(1)],
      ['num_train_samples', summary(null)],
      ['Throughput', summary(0)],
    ]);
    expect(curveMetricNames(summaries, ['train_loss', 'grad_norm', 'label_X_f1'])).toEqual([
      'Throughput',
      'grad_norm',
      'train_loss',
      'val_f1',
    ]);
  });
});

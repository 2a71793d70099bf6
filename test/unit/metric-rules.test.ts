/** Ranking rules: direction by name, earliest point wins ties, training order, standard metric table. */
import {
  beats,
  bestPoint,
  compareTrainingOrder,
  defaultDirection,
  isStandardMetric,
  lastPoint,
  STANDARD_EPOCH_METRICS,
  STANDARD_UNITS,
} from '../../src/modules/metrics/metric-rules';
import { point } from './support/points';

const at = (sec: number): string => `2026-01-03T08:00:${String(sec).padStart(2, '0')}.000123+00:00`;

describe('defaultDirection', () => {
  it.each(['eval_loss', 'train_loss', 'loss', 'val_loss'])('%s: lower is better (ASC)', (name) => {
    expect(defaultDirection(name)).toBe('ASC');
  });

  it.each(['val_f1', 'val_precision', 'learning_rate', 'loss_scale', 'label_TOTAL_f1'])('%s: higher is better (DESC)', (name) => {
    expect(defaultDirection(name)).toBe('DESC');
  });
});

describe('beats', () => {
  it('compares in the direction and never lets a tie win', () => {
    expect(beats(0.9, 0.8, 'DESC')).toBe(true);
    expect(beats(0.8, 0.9, 'DESC')).toBe(false);
    expect(beats(0.3, 0.4, 'ASC')).toBe(true);
    expect(beats(0.4, 0.3, 'ASC')).toBe(false);
    expect(beats(0.5, 0.5, 'DESC')).toBe(false);
    expect(beats(0.5, 0.5, 'ASC')).toBe(false);
  });
});

describe('compareTrainingOrder', () => {
  it('orders by epoch, then step, then timestamp, with missing epoch and step first', () => {
    const points = [
      point({ name: 'm', value: 1, epoch: 2, step: 10, timestamp: at(1) }),
      point({ name: 'm', value: 2, epoch: 1, step: 20, timestamp: at(5) }),
      point({ name: 'm', value: 3, epoch: 1, step: 10, timestamp: at(9) }),
      point({ name: 'm', value: 4, epoch: 1, step: 10, timestamp: at(3) }),
      point({ name: 'm', value: 5, epoch: null, step: null, timestamp: at(59) }),
      point({ name: 'm', value: 6, epoch: 1, step: null, timestamp: at(30) }),
    ];
    expect([...points].sort(compareTrainingOrder).map((p) => p.value)).toEqual([5, 6, 4, 3, 2, 1]);
  });

  it('treats equal points as equal', () => {
    const p = point({ name: 'm', value: 1, epoch: 1, step: 1, timestamp: at(1) });
    expect(compareTrainingOrder(p, { ...p })).toBe(0);
  });
});

describe('bestPoint', () => {
  const series = [
    point({ name: 'val_f1', value: 0.5, epoch: 0, timestamp: at(0) }),
    point({ name: 'val_f1', value: 0.8, epoch: 1, timestamp: at(1) }),
    point({ name: 'val_f1', value: null, epoch: 2, timestamp: at(2) }),
    point({ name: 'val_f1', value: 0.8, epoch: 3, timestamp: at(3) }),
    point({ name: 'val_f1', value: 0.2, epoch: 4, timestamp: at(4) }),
  ];

  it('picks the highest for DESC, the earliest point winning a tie', () => {
    expect(bestPoint(series, 'DESC')?.epoch).toBe(1);
  });

  it('picks the lowest for ASC', () => {
    expect(bestPoint(series, 'ASC')?.epoch).toBe(4);
  });

  it('counts 0.0 as a value', () => {
    const losses = [
      point({ name: 'eval_loss', value: 0.3, epoch: 0, timestamp: at(0) }),
      point({ name: 'eval_loss', value: 0, epoch: 1, timestamp: at(1) }),
    ];
    expect(bestPoint(losses, 'ASC')?.epoch).toBe(1);
    const f1 = [
      point({ name: 'val_f1', value: 0, epoch: 0, timestamp: at(0) }),
      point({ name: 'val_f1', value: null, epoch: 1, timestamp: at(1) }),
    ];
    expect(bestPoint(f1, 'DESC')?.value).toBe(0);
  });

  it('is null without numeric points', () => {
    expect(bestPoint([], 'DESC')).toBeNull();
    expect(bestPoint([point({ name: 'confusion_matrix', data: { labels: [] }, timestamp: at(0) })], 'DESC')).toBeNull();
  });
});

describe('lastPoint', () => {
  it('is the most recently recorded point, whatever the list order', () => {
    const points = [
      point({ name: 'm', value: 1, timestamp: at(5) }),
      point({ name: 'm', value: 2, timestamp: at(9) }),
      point({ name: 'm', value: 3, timestamp: at(2) }),
    ];
    expect(lastPoint(points)?.value).toBe(2);
  });

  it('takes the later one in the list on an equal timestamp', () => {
    expect(lastPoint([point({ name: 'm', value: 1, timestamp: at(5) }), point({ name: 'm', value: 2, timestamp: at(5) })])?.value).toBe(2);
  });

  it('is null for no points', () => {
    expect(lastPoint([])).toBeNull();
  });
});

describe('standard epoch metrics', () => {
  it('maps the six legacy names to Epoch fields and units', () => {
    expect(STANDARD_EPOCH_METRICS).toEqual({
      val_f1: 'valF1',
      val_precision: 'valPrecision',
      val_recall: 'valRecall',
      eval_loss: 'evalLoss',
      train_loss: 'trainLoss',
      learning_rate: 'learningRate',
    });
    expect(STANDARD_UNITS).toEqual({
      val_f1: 'ratio',
      val_precision: 'ratio',
      val_recall: 'ratio',
      eval_loss: 'loss',
      train_loss: 'loss',
      learning_rate: 'rate',
    });
  });

  it('isStandardMetric is exact and ignores inherited properties', () => {
    expect(isStandardMetric('val_f1')).toBe(true);
    expect(isStandardMetric('val_f1_macro')).toBe(false);
    expect(isStandardMetric('label_TOTAL_f1')).toBe(false);
    expect(isStandardMetric('toString')).toBe(false);
    expect(isStandardMetric('constructor')).toBe(false);
  });
});

/** Epoch rows: grouping, legacy merging, best epoch, and hiding half-written epochs. */
import { bestEpochValue, buildEpochs, epochValues, visiblePoints } from '../../src/modules/metrics/epoch-rules';
import type { MetricPoint, WriteMarker } from '../../src/modules/metrics/metric-model';
import { flatLabelRows, JOB_A, mapLabelRow, point } from './support/points';

/** The legacy writer's epoch: every metric its own row, 7 ms apart, starting at `startIso`. */
function legacyEpoch(epoch: number, step: number, startIso: string, values: Record<string, number>): MetricPoint[] {
  const start = Date.parse(startIso);
  return Object.entries(values).map(([name, value], i) =>
    point({ name, value, epoch, step, timestamp: `${new Date(start + i * 7).toISOString().slice(0, 23)}123+00:00` }),
  );
}

/** One val_f1 (or `name`) row per value, epoch i getting values[i], a day apart; null values are left out. */
function rows(values: ReadonlyArray<number | null>, name = 'val_f1'): MetricPoint[] {
  return values.flatMap((value, epoch) =>
    value === null ? [] : [point({ name, value, epoch, step: epoch * 10, timestamp: `2026-01-0${epoch + 1}T00:00:00.000000+00:00` })],
  );
}

describe('buildEpochs', () => {
  const epoch1 = legacyEpoch(1, 277, '2025-12-30T08:15:00.000Z', {
    val_f1: 0.802,
    val_precision: 0.814,
    val_recall: 0.787,
    eval_loss: 0.61,
    train_loss: 0.58,
    learning_rate: 0.000031,
  });
  const epoch2 = legacyEpoch(2, 554, '2025-12-30T08:30:00.000Z', {
    val_f1: 0.874,
    val_precision: 0.886,
    val_recall: 0.859,
    eval_loss: 0.44,
    train_loss: 0.47,
    learning_rate: 0.000022,
  });

  it('folds legacy rows with their own timestamps into one row per epoch, recordedAt = earliest', () => {
    const rows = buildEpochs([...epoch2, ...epoch1].reverse());
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      jobId: JOB_A,
      epoch: 1,
      step: 277,
      valF1: 0.802,
      valPrecision: 0.814,
      valRecall: 0.787,
      evalLoss: 0.61,
      trainLoss: 0.58,
      learningRate: 0.000031,
      isBest: false,
      labels: [],
      extra: [],
      recordedAt: '2025-12-30T08:15:00.000123+00:00',
    });
    expect(rows[1]).toMatchObject({
      epoch: 2,
      step: 554,
      valF1: 0.874,
      evalLoss: 0.44,
      isBest: true,
      recordedAt: '2025-12-30T08:30:00.000123+00:00',
    });
  });

  it('orders epochs numerically ascending, not by timestamp or string', () => {
    const points = [10, 2, 0, 1].map((e, i) =>
      point({ name: 'val_f1', value: 0.1 * (i + 1), epoch: e, timestamp: `2026-01-0${i + 1}T00:00:00.000000+00:00` }),
    );
    expect(buildEpochs(points).map((r) => r.epoch)).toEqual([0, 1, 2, 10]);
  });

  it('skips run-level points (no epoch)', () => {
    const rows = buildEpochs([point({ name: 'num_train_samples', value: 2210, timestamp: '2025-12-30T08:00:00.900123+00:00' }), ...epoch1]);
    expect(rows.map((r) => r.epoch)).toEqual([1]);
    expect(rows[0].extra).toEqual([]);
    expect(buildEpochs([point({ name: 'num_train_samples', value: 2210, timestamp: '2025-12-30T08:00:00.900123+00:00' })])).toEqual([]);
  });

  it('puts label rows of both shapes in labels, and other metrics in extra sorted by name', () => {
    const labels = [
      ...flatLabelRows(JOB_A, 'PHONE_NUMBER', 1, '2025-12-30T08:15:00.070Z', { f1: 0.92, precision: 0.93, recall: 0.91, support: 212 }),
      mapLabelRow(JOB_A, 'TOTAL', 1, '2025-12-30T08:15:00.200123+00:00', { f1: 0.82, precision: 0.83, recall: 0.81, support: 212 }),
    ];
    const extras = [
      point({ name: 'heldout_label_TOTAL_f1', value: 0.5, epoch: 1, step: 277, timestamp: '2025-12-30T08:15:00.300123+00:00' }),
      point({
        name: 'confusion_matrix',
        data: {
          labels: ['B-TOTAL', 'O'],
          matrix: [
            [40, 3],
            [5, 900],
          ],
        },
        unit: 'matrix',
        epoch: 1,
        step: 277,
        timestamp: '2025-12-30T08:15:00.126123+00:00',
      }),
    ];
    const [epoch] = buildEpochs([...epoch1, ...labels, ...extras]);
    expect(epoch.labels.map((l) => [l.label, l.f1, l.support, l.timestamp])).toEqual([
      ['PHONE_NUMBER', 0.92, 212, '2025-12-30T08:15:00.070123+00:00'],
      ['TOTAL', 0.82, 212, '2025-12-30T08:15:00.200123+00:00'],
    ]);
    expect(epoch.extra.map((p) => p.name)).toEqual(['confusion_matrix', 'heldout_label_TOTAL_f1']);
    expect(epoch.valF1).toBe(0.802);
  });

  it('takes the latest point when a standard metric was recorded twice in one epoch', () => {
    const rows = buildEpochs([
      point({ name: 'val_f1', value: 0.9, epoch: 1, step: 10, timestamp: '2026-01-01T00:00:02.000000+00:00' }),
      point({ name: 'val_f1', value: 0.7, epoch: 1, step: 10, timestamp: '2026-01-01T00:00:01.000000+00:00' }),
    ]);
    expect(rows[0].valF1).toBe(0.9);
    expect(rows[0].recordedAt).toBe('2026-01-01T00:00:01.000000+00:00');
  });

  it('takes recordedAt as the earliest timestamp across naive and offset legacy forms', () => {
    const rows = buildEpochs([
      point({ name: 'val_f1', value: 0.55, epoch: 1, step: 277, timestamp: '2026-01-03T08:15:00.000123' }),
      point({ name: 'eval_loss', value: 0.9, epoch: 1, step: 277, timestamp: '2026-01-03T08:15:00.007123' }),
    ]);
    expect(rows[0].recordedAt).toBe('2026-01-03T08:15:00.000123');
  });

  it('takes recordedAt as the earliest timestamp, not the first row in training order', () => {
    // A row without a step sorts first in training order, though it was recorded last.
    const rows = buildEpochs([
      point({ name: 'val_f1', value: 0.5, epoch: 1, step: 277, timestamp: '2026-01-03T08:15:00.000123+00:00' }),
      point({ name: 'heldout_windowed_f1', value: 0.4, epoch: 1, step: null, timestamp: '2026-01-03T08:15:09.000123+00:00' }),
    ]);
    expect(rows[0].recordedAt).toBe('2026-01-03T08:15:00.000123+00:00');
    expect(rows[0].step).toBe(277);
  });

  it('marks the best epoch: highest val_f1, the earliest winning a tie', () => {
    const points = [0.7, 0.9, 0.9, 0.4].map((v, e) =>
      point({ name: 'val_f1', value: v, epoch: e, timestamp: `2026-01-0${e + 1}T00:00:00.000000+00:00` }),
    );
    expect(buildEpochs(points).map((r) => r.isBest)).toEqual([false, true, false, false]);
  });

  it('marks no epoch best when none has val_f1', () => {
    const rows = buildEpochs([point({ name: 'eval_loss', value: 0.3, epoch: 1, timestamp: '2026-01-01T00:00:00.000000+00:00' })]);
    expect(rows.map((r) => r.isBest)).toEqual([false]);
  });
});

describe('bestEpochValue', () => {
  it('is the epoch with the highest val_f1', () => {
    expect(bestEpochValue(rows([0.5, 0.8, 0.6]), 'val_f1')).toMatchObject({ epoch: 1, value: 0.8 });
  });

  it('lets the earliest epoch win a tie', () => {
    expect(bestEpochValue(rows([0.5, 0.8, 0.8]), 'val_f1')?.epoch).toBe(1);
  });

  it('counts 0.0 as a value (the legacy trainer never recorded it)', () => {
    expect(bestEpochValue(rows([null, 0, null]), 'val_f1')).toMatchObject({ epoch: 1, value: 0 });
    expect(bestEpochValue(rows([0, 0]), 'val_f1')?.epoch).toBe(0);
  });

  it('skips epochs without the metric and is null when none has it', () => {
    expect(bestEpochValue(rows([null, 0.3, null]), 'val_f1')?.epoch).toBe(1);
    expect(bestEpochValue(rows([0.9, 0.3], 'eval_loss'), 'val_f1')).toBeNull();
    expect(bestEpochValue([], 'val_f1')).toBeNull();
  });

  it('takes the lowest value for a loss (its default direction), or the direction asked for', () => {
    expect(bestEpochValue(rows([0.9, 0.3, 0.3, 0.5], 'eval_loss'), 'eval_loss')).toMatchObject({ epoch: 1, value: 0.3 });
    expect(bestEpochValue(rows([0.5, 0.8, 0.6]), 'val_f1', 'ASC')?.epoch).toBe(0);
  });

  it("ranks each epoch's latest row: a re-sent epoch's earlier, higher row no longer counts", () => {
    const resent = point({ name: 'val_f1', value: 0.2, epoch: 1, step: 10, timestamp: '2026-01-09T00:00:00.000000+00:00' });
    const points = [...rows([0.5, 0.8, 0.6]), resent];
    expect(epochValues(points, 'val_f1').map((p) => [p.epoch, p.value])).toEqual([
      [0, 0.5],
      [1, 0.2],
      [2, 0.6],
    ]);
    expect(bestEpochValue(points, 'val_f1')).toMatchObject({ epoch: 2, value: 0.6 });
    expect(buildEpochs(points).map((r) => [r.valF1, r.isBest])).toEqual([
      [0.5, false],
      [0.2, false],
      [0.6, true],
    ]);
  });

  it('goes by training order: a later row with a lower step does not supersede, a row without a value never does', () => {
    const lowerStep = point({ name: 'val_f1', value: 0.1, epoch: 1, step: 5, timestamp: '2026-01-09T00:00:00.000000+00:00' });
    const mapValue = point({ name: 'val_f1', data: { a: 1 }, epoch: 1, step: 10, timestamp: '2026-01-10T00:00:00.000000+00:00' });
    const points = [...rows([0.5, 0.8]), lowerStep, mapValue];
    expect(bestEpochValue(points, 'val_f1')).toMatchObject({ epoch: 1, value: 0.8 });
    expect(buildEpochs(points)[1]).toMatchObject({ valF1: 0.8, isBest: true });
  });

  it('leaves run-level points (no epoch) out', () => {
    const runLevel = point({ name: 'val_f1', value: 0.99, timestamp: '2026-01-09T00:00:00.000000+00:00' });
    expect(bestEpochValue([...rows([0.5]), runLevel], 'val_f1')?.epoch).toBe(0);
  });
});

describe('visiblePoints', () => {
  const marker = (token: string, committed: boolean, epoch = 1): WriteMarker => ({
    jobId: JOB_A,
    epoch,
    timestamp: '2026-01-01T00:00:00.000000+00:00',
    content: '{}',
    committed,
    token,
  });
  const legacy = point({ name: 'val_f1', value: 0.5, epoch: 0, timestamp: '2026-01-01T00:00:00.000000+00:00' });
  const pending = point({ name: 'val_f1', value: 0.6, epoch: 1, timestamp: '2026-01-01T00:01:00.000000+00:00', epochToken: 'tok-1' });
  const done = point({ name: 'val_f1', value: 0.7, epoch: 2, timestamp: '2026-01-01T00:02:00.000000+00:00', epochToken: 'tok-2' });

  it('keeps points without a token (legacy rows and single-transaction epochs)', () => {
    expect(visiblePoints([legacy], [])).toEqual([legacy]);
  });

  it('hides points whose token has no marker', () => {
    expect(visiblePoints([legacy, pending], [])).toEqual([legacy]);
  });

  it('hides points whose marker is not committed', () => {
    expect(visiblePoints([legacy, pending], [marker('tok-1', false)])).toEqual([legacy]);
  });

  it('hides points whose committed marker carries another token (an overwritten attempt)', () => {
    expect(visiblePoints([pending], [marker('tok-other', true)])).toEqual([]);
  });

  it('shows points once their marker committed with the same token', () => {
    expect(visiblePoints([legacy, pending, done], [marker('tok-1', false), marker('tok-2', true, 2)])).toEqual([legacy, done]);
  });

  it('returns a new array, leaving the input untouched', () => {
    const input = [legacy];
    const out = visiblePoints(input, []);
    expect(out).not.toBe(input);
    expect(out).toEqual(input);
  });
});

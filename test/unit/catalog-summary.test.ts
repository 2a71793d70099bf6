import { meanCurve, spreadOf } from '../../src/modules/catalog/group-stats';
import { summariesFromRows, summaryFromRows, withRow, type SummaryRow } from '../../src/modules/catalog/metric-summary';
import { entryOf, flattenConfig } from '../../src/modules/catalog/catalog-entry';
import { ConfigStore } from '../../src/modules/catalog/config-store';
import { JobOrdering } from '../../src/modules/catalog/job-order';

const row = (name: string, epoch: number | null, value: number, timestamp: string): SummaryRow => ({
  name,
  epoch,
  value,
  timestamp,
  step: null,
});

describe('metric summaries', () => {
  it('keeps one value per epoch (its latest row), the best with the earliest epoch on a tie', () => {
    const rows = [
      row('val_f1', 0, 0.5, 't1'),
      row('val_f1', 1, 0.7, 't2'),
      row('val_f1', 1, 0.6, 't3'), // the epoch sent again: its latest row counts
      row('val_f1', 2, 0.6, 't4'),
      row('eval_loss', 0, 0.9, 't1'),
      row('eval_loss', 1, 0.4, 't2'),
    ];
    expect(summaryFromRows('val_f1', rows)).toEqual({
      best: 0.6,
      bestEpoch: 1,
      last: 0.6,
      lastEpoch: 2,
      lastTs: 't4',
      min: 0.5,
      max: 0.6,
      count: 3,
    });
    expect(summariesFromRows(rows).get('eval_loss')).toMatchObject({ best: 0.4, bestEpoch: 1, count: 2 });
  });

  it('adds a later epoch in place and asks for a recount otherwise', () => {
    const state = summaryFromRows('val_f1', [row('val_f1', 0, 0.5, 't1'), row('val_f1', 1, 0.7, 't2')]);
    expect(withRow(state ?? undefined, 'val_f1', row('val_f1', 2, 0.7, 't3'))).toMatchObject({
      best: 0.7,
      bestEpoch: 1,
      count: 3,
      last: 0.7,
    });
    expect(withRow(state ?? undefined, 'val_f1', row('val_f1', 2, 0.8, 't3'))).toMatchObject({ best: 0.8, bestEpoch: 2 });
    expect(withRow(state ?? undefined, 'val_f1', row('val_f1', 1, 0.7, 't2'))).toBe(state); // delivered twice
    expect(withRow(state ?? undefined, 'val_f1', row('val_f1', 1, 0.9, 't5'))).toBe('recount'); // the epoch sent again
    expect(withRow(state ?? undefined, 'val_f1', row('val_f1', 0, 0.9, 't5'))).toBe('recount'); // an earlier epoch
    expect(withRow(undefined, 'num_train_samples', row('num_train_samples', null, 100, 't1'))).toMatchObject({
      best: 100,
      count: 1,
      bestEpoch: null,
    });
  });

  it('agrees with a recount whatever the order epochs arrive in', () => {
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + (trial % 7);
      const rows = Array.from({ length: n }, (_, e) =>
        row('eval_loss', e, Math.round(Math.random() * 10) / 10, `t${String(e).padStart(3, '0')}`),
      );
      let state: ReturnType<typeof withRow>;
      let recounted = false;
      for (const r of rows) {
        state = withRow(state as never, 'eval_loss', r);
        if (state === 'recount') {
          recounted = true;
          break;
        }
      }
      expect(recounted).toBe(false);
      expect(state).toEqual(summaryFromRows('eval_loss', rows));
    }
  });
});

describe('group statistics', () => {
  it('computes mean, sample standard deviation, min, median and max', () => {
    expect(spreadOf([])).toEqual({ mean: null, stddev: null, min: null, median: null, max: null });
    expect(spreadOf([2])).toEqual({ mean: 2, stddev: 0, min: 2, median: 2, max: 2 });
    const s = spreadOf([4, 1, 3, 2]);
    expect(s).toMatchObject({ mean: 2.5, min: 1, median: 2.5, max: 4 });
    expect(s.stddev).toBeCloseTo(Math.sqrt(5 / 3), 12);
  });

  it('averages curves point by point and keeps maxPoints evenly spread positions, first and last included', () => {
    const curves = [
      new Map([
        [0, 1],
        [1, 2],
        [2, 3],
      ]),
      new Map([
        [0, 3],
        [2, 5],
      ]),
    ];
    const points = meanCurve(curves, 'epoch', null);
    expect(points.map((p) => [p.epoch, p.mean, p.count])).toEqual([
      [0, 2, 2],
      [1, 2, 1],
      [2, 4, 2],
    ]);
    const many = [new Map(Array.from({ length: 100 }, (_, i) => [i * 10, i] as [number, number]))];
    const kept = meanCurve(many, 'step', 5);
    expect(kept.map((p) => p.step)).toEqual([0, 250, 500, 740, 990]);
  });
});

describe('config paths', () => {
  it('flattens nested objects to dotted paths and keeps lists of scalars whole', () => {
    expect(flattenConfig({ optimizer: { lr: 1e-4, betas: [0.9, 0.99] }, model: 'x', layers: [{ a: 1 }], empty: {}, flag: false })).toEqual({
      'optimizer.lr': 1e-4,
      'optimizer.betas': [0.9, 0.99],
      model: 'x',
      flag: false,
    });
  });
});

describe('a page of an order', () => {
  it('is the full sort cut after the cursor, whatever the values, missing ones and ties', () => {
    const store = new ConfigStore();
    for (let trial = 0; trial < 50; trial++) {
      const jobs = Array.from({ length: 120 }, (_, i) => {
        const config: Record<string, number | string> = {};
        if (Math.random() < 0.8) config.x = Math.random() < 0.3 ? 'text' : Math.floor(Math.random() * 10);
        return entryOf(
          {
            id: `id-${String(i).padStart(3, '0')}`,
            name: `n${i % 7}`,
            status: 'RUNNING',
            createdAt: `2026-01-01T00:00:${String(i % 30).padStart(2, '0')}.000000+00:00`,
            createdBy: 'system',
            finishedAt: null,
            tags: {},
            config,
            seenAt: '2026-01-01T00:00:00.000000+00:00',
          },
          store,
        );
      });
      const ordering = JobOrdering.of([{ field: 'CONFIG', path: 'x', direction: trial % 2 ? 'DESC' : 'ASC' }, { field: 'NAME' }], store);
      const sorted = jobs.map((e) => ({ e, p: ordering.position(e) })).sort((a, b) => ordering.compare(a.p, b.p));
      expect(ordering.firstAfter(jobs, null, 11).map((r) => r.e.id)).toEqual(sorted.slice(0, 11).map((r) => r.e.id));
      const cut = trial % 100;
      expect(ordering.firstAfter(jobs, sorted[cut].p, 25).map((r) => r.e.id)).toEqual(sorted.slice(cut + 1, cut + 26).map((r) => r.e.id));
    }
  });
});

import { configRows } from '../../../dashboard/src/compare/config-diff';
import { flattenConfig } from '../../../dashboard/src/lib/config-paths';

describe('flattenConfig (lib/config-paths)', () => {
  test('dotted paths to leaves, in path order: lists, scalars and empty objects are leaves', () => {
    const flat = flattenConfig({ seed: 7, optimizer: { lr: 5e-5, betas: [0.9, 0.99], name: 'adamw' }, extra: {}, note: null });
    expect([...flat]).toEqual([
      ['extra', {}],
      ['note', null],
      ['optimizer.betas', [0.9, 0.99]],
      ['optimizer.lr', 5e-5],
      ['optimizer.name', 'adamw'],
      ['seed', 7],
    ]);
  });

  test('a config that is not an object has no paths', () => {
    for (const config of [null, undefined, 3, 'x', [1, 2], {}]) expect(flattenConfig(config).size).toBe(0);
  });
});

describe('configRows (compare)', () => {
  test('the union of the runs’ paths, sorted, each run’s value or undefined, and which rows differ', () => {
    const rows = configRows([
      flattenConfig({ optimizer: { lr: 1e-4 }, batch_size: 16, tags: ['a'], seed: null }),
      flattenConfig({ optimizer: { lr: 3e-4 }, batch_size: 16, tags: ['a'], warmup: 100 }),
    ]);
    expect(rows).toEqual([
      { path: 'batch_size', values: [16, 16], differs: false },
      { path: 'optimizer.lr', values: [1e-4, 3e-4], differs: true },
      { path: 'seed', values: [null, undefined], differs: true },
      { path: 'tags', values: [['a'], ['a']], differs: false },
      { path: 'warmup', values: [undefined, 100], differs: true },
    ]);
  });

  test('a missing value differs from null and from a string "null"; lists compare by value', () => {
    const [row] = configRows([new Map([['k', null]]), new Map(), new Map([['k', 'null']])]);
    expect(row.differs).toBe(true);
    expect(configRows([new Map([['k', null]]), new Map([['k', 'null']])])[0].differs).toBe(true);
    expect(configRows([new Map([['k', [1, 2]]]), new Map([['k', [1, 2]]])])[0].differs).toBe(false);
    expect(configRows([new Map([['k', [1, 2]]]), new Map([['k', [2, 1]]])])[0].differs).toBe(true);
  });

  test('with one run nothing differs; with none there are no rows', () => {
    expect(configRows([flattenConfig({ a: 1, b: { c: 2 } })]).map((r) => r.differs)).toEqual([false, false]);
    expect(configRows([])).toEqual([]);
  });
});

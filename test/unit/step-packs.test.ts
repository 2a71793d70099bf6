import { decodePoints, decodeUints, encodePoints, encodeUints, type PackedPoint } from '../../src/modules/metrics/step-codec';
import { addedPoints, pageToItem, parsePage, parsePart, partToItem, summarize } from '../../src/modules/metrics/step-packs';
import { packSeriesItems, planSeries, type CallPoint, type SeriesReadState } from '../../src/modules/metrics/step-write-plan';

const JOB = '3f2c1a9e-0000-4000-8000-000000000001';

const point = (step: number, over: Partial<PackedPoint> = {}): PackedPoint => ({
  step,
  value: 1 / (step + 1),
  timestamp: `2026-01-02T10:00:${String(step % 60).padStart(2, '0')}.000123+00:00`,
  epoch: null,
  unit: 'loss',
  ...over,
});

describe('packed points', () => {
  test('round-trip exactly: steps out of order and huge, any double, epochs, units, shared and distinct timestamps', () => {
    const points: PackedPoint[] = [
      point(0, { value: 0, epoch: 0 }),
      point(999_999_999_999, { value: -1.5e-300, unit: null }),
      point(7, { value: Number.MAX_VALUE, epoch: 123_456, unit: 'ratio' }),
      point(8, { value: 0.1 + 0.2, timestamp: '2026-01-02T10:00:07.000123+00:00' }),
      point(9, { value: -0 }),
    ];
    expect(decodePoints(encodePoints(points))).toEqual(points);
    expect(decodePoints(encodePoints([]))).toEqual([]);
  });

  test('timestamps that do not round-trip through microseconds are kept as text', () => {
    const points = [point(1, { timestamp: '2026-01-02T10:00:00.5+00:00' }), point(2, { timestamp: '2026-01-02T10:00:00' })];
    expect(decodePoints(encodePoints(points))).toEqual(points);
  });

  test('a call of regularly logged points costs about 12 bytes a point', () => {
    const points = Array.from({ length: 1000 }, (_, i) =>
      point(10 * i, { timestamp: '2026-01-02T10:00:00.000123+00:00', value: Math.random() }),
    );
    expect(encodePoints(points).byteLength / 1000).toBeLessThan(12.1);
  });

  test('varints hold integers up to 2^53', () => {
    const values = [0, 1, 127, 128, 2 ** 31, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER];
    expect(decodeUints(encodeUints(values))).toEqual(values);
  });

  test('parts and pages survive their items; a part change yields only the points it gained', () => {
    const part = { firstStep: 10, points: [point(10), point(20), point(30)] };
    const item = partToItem(JOB, 'train_loss', part);
    expect(item).toMatchObject({ PK: `JOB_SERIES#${JOB}#train_loss`, SK: 'PACK#000000000010', n: 3 });
    expect(item.TYPE).toBeUndefined();
    expect(parsePart(item)).toEqual(part);
    const page = { firstStep: 10, parts: [summarize(part), summarize({ firstStep: 40, points: [point(40, { value: 9 })] })] };
    expect(parsePage(pageToItem(JOB, 'train_loss', page))).toEqual(page);
    const grown = partToItem(JOB, 'train_loss', { firstStep: 10, points: [point(10), point(15), point(20), point(30), point(35)] });
    expect(addedPoints(item, grown).map((p) => [p.jobId, p.name, p.step])).toEqual([
      [JOB, 'train_loss', 15],
      [JOB, 'train_loss', 35],
    ]);
    expect(addedPoints(undefined, item).map((p) => p.step)).toEqual([10, 20, 30]);
  });
});

describe('planning a write', () => {
  const call = (steps: number[], value = (s: number) => s / 10): CallPoint[] =>
    steps.map((step, index) => ({
      jobId: JOB,
      name: 'loss',
      step,
      value: value(step),
      epoch: null,
      unit: null,
      timestamp: '2026-01-02T10:00:00.000000+00:00',
      index,
    }));
  const empty: SeriesReadState = { head: null, parts: [], pages: [], pointItems: new Map() };

  test('a new series fills parts of 250 in step order and one page summarises them', () => {
    const plan = planSeries(JOB, 'loss', empty, call(Array.from({ length: 600 }, (_, i) => 599 - i)));
    expect(plan.fresh).toHaveLength(600);
    expect(plan.write?.parts.map((p) => [p.firstStep, p.points.length])).toEqual([
      [0, 250],
      [250, 250],
      [500, 100],
    ]);
    expect(plan.write?.pages.map((p) => p.parts.map((s) => s.count))).toEqual([[250, 250, 100]]);
    expect(plan.write?.head).toMatchObject({ minStep: 0, maxStep: 599, count: 600, packed: true, version: 0 });
  });

  test('points below, between and past stored parts never move a stored point; replays and conflicts are told apart', () => {
    const items = packSeriesItems(JOB, 'loss', call(Array.from({ length: 300 }, (_, i) => 100 + 2 * i)));
    const parts = items.map(parsePart).filter((p) => p !== null);
    const pages = items.map(parsePage).filter((p) => p !== null);
    expect(parts.map((p) => [p.firstStep, p.points.length])).toEqual([
      [100, 250],
      [600, 50],
    ]);
    const state: SeriesReadState = { head: null, parts, pages, pointItems: new Map() };
    const plan = planSeries(JOB, 'loss', state, [...call([50, 101, 102, 601, 800]), ...call([104], () => 99)]);
    expect(plan.fresh.map((p) => p.step)).toEqual([50, 101, 601, 800]);
    expect(plan.replayed.map((p) => p.step)).toEqual([102]);
    expect(plan.conflicts.map((c) => [c.point.step, c.stored])).toEqual([[104, 10.4]]);
    // 50 starts a new first part; 101 joins the full first part (between its steps); 601 and 800 join the second.
    expect(plan.write?.parts.map((p) => [p.firstStep, p.points.length])).toEqual([
      [50, 1],
      [100, 251],
      [600, 52],
    ]);
    // The page moves down to the new first part: its old key goes.
    expect(plan.write?.pages.map((p) => [p.firstStep, p.parts.length])).toEqual([[50, 3]]);
    expect(plan.write?.removedPages).toEqual([100]);
  });
});

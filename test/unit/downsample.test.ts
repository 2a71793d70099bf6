import { bucketCount, downsampleBlocks, downsamplePoints } from '../../src/modules/metrics/downsample';
import type { MetricPoint, StepBlock } from '../../src/modules/metrics/metric-model';
import { blockChanged, blockOf, chooseBlockSteps, mergeBlock } from '../../src/modules/metrics/step-blocks';
import type { NewStepPoint } from '../../src/modules/metrics/step-items';

const point = (step: number, value: number): MetricPoint => ({
  jobId: 'j',
  name: 'train_loss',
  value,
  data: null,
  unit: 'loss',
  epoch: null,
  step,
  timestamp: `2026-01-01T00:00:00.${String(step).padStart(6, '0')}+00:00`,
  sortKey: `STEP#${step}`,
  epochToken: null,
});
const stepPoint = (step: number, value: number): NewStepPoint => ({
  jobId: 'j',
  name: 'loss',
  value,
  step,
  epoch: null,
  unit: null,
  timestamp: `t${step}`,
});

describe('downsamplePoints', () => {
  const series = Array.from({ length: 10_000 }, (_, i) => point(i, Math.sin(i / 100)));
  series[4321] = point(4321, 50);
  series[777] = point(777, -50);

  test('returns at most maxPoints, with the first and last point and every bucket extreme (a spike and a dip survive)', () => {
    const out = downsamplePoints(series, 100);
    expect(out.length).toBeLessThanOrEqual(100);
    expect(out[0]).toBe(series[0]);
    expect(out[out.length - 1]).toBe(series[9999]);
    expect(out).toContain(series[4321]);
    expect(out).toContain(series[777]);
    expect(out.map((p) => p.step)).toEqual([...out.map((p) => p.step as number)].sort((a, b) => a - b));
  });

  test('stride sampling would lose the spike; bucket extremes do not, at any size', () => {
    for (const max of [4, 5, 10, 37, 500]) expect(downsamplePoints(series, max)).toContain(series[4321]);
  });

  test('a series within the limit comes back whole', () => {
    expect(downsamplePoints(series.slice(0, 50), 50)).toEqual(series.slice(0, 50));
  });

  test('bucketCount leaves room for the first and last point', () => {
    expect(bucketCount(4)).toBe(1);
    expect(bucketCount(500)).toBe(249);
  });
});

describe('block summaries', () => {
  test('the block size aims at 100 logged points: median gap of the first call, or the first step alone', () => {
    expect(chooseBlockSteps([1, 2, 3, 4])).toBe(100);
    expect(chooseBlockSteps([500])).toBe(50_000);
    expect(chooseBlockSteps([0])).toBe(100);
    expect(chooseBlockSteps([10, 20, 30, 1000])).toBe(1000);
    expect(blockOf(199, 100)).toBe(1);
  });

  test('merging is order-independent and idempotent; ties keep the earlier step', () => {
    const pts = [stepPoint(5, 3), stepPoint(1, 2), stepPoint(9, 7), stepPoint(3, 7), stepPoint(7, -1)];
    const at = { jobId: 'j', name: 'loss', block: 0 };
    const a = mergeBlock(null, pts, at);
    const b = mergeBlock(null, [...pts].reverse(), at);
    expect(a).toEqual(b);
    expect([a.first.step, a.last.step, a.min.step, a.max.step]).toEqual([1, 9, 7, 3]);
    const again = mergeBlock(a, pts, at);
    expect(blockChanged(a, again)).toBe(false);
    expect(blockChanged(a, mergeBlock(a, [stepPoint(2, 100)], at))).toBe(true);
  });

  test('downsampleBlocks keeps the first and last point and the extremes of each run of blocks', () => {
    const blocks: StepBlock[] = Array.from({ length: 40 }, (_, b) => {
      const pts = Array.from({ length: 10 }, (_, i) => stepPoint(b * 10 + i, b === 17 && i === 4 ? 99 : Math.cos(b + i)));
      return mergeBlock(null, pts, { jobId: 'j', name: 'loss', block: b });
    });
    const out = downsampleBlocks(blocks, 12);
    expect(out.length).toBeLessThanOrEqual(12);
    expect(out[0].step).toBe(0);
    expect(out[out.length - 1].step).toBe(399);
    expect(out.find((p) => p.step === 174)?.value).toBe(99);
  });
});

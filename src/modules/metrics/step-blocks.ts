import type { BlockPoint, StepBlock } from './metric-model';
import type { NewStepPoint } from './step-items';

/** Logged points a summary block aims to cover. */
export const POINTS_PER_BLOCK = 100;

/**
 * Steps per block for a new series: about POINTS_PER_BLOCK logged points each. The logging interval is the median gap
 * of the first call's steps; a first call of one point at step s (the Trainer logs at logging_steps, 2x, ...) means
 * an interval of s.
 */
export function chooseBlockSteps(steps: readonly number[]): number {
  const distinct = [...new Set(steps)].sort((a, b) => a - b);
  let gap = distinct.length === 1 ? distinct[0] : 0;
  if (distinct.length > 1) {
    const gaps = distinct
      .slice(1)
      .map((s, i) => s - distinct[i])
      .sort((a, b) => a - b);
    gap = gaps[Math.floor(gaps.length / 2)];
  }
  return Math.max(1, gap) * POINTS_PER_BLOCK;
}

/** The block a step belongs to. */
export function blockOf(step: number, blockSteps: number): number {
  return Math.floor(step / blockSteps);
}

function toBlockPoint(p: NewStepPoint): BlockPoint {
  return { step: p.step, value: p.value, timestamp: p.timestamp, epoch: p.epoch };
}

/** The earlier-step point wins ties, so merging is order-independent and idempotent. */
function better(a: BlockPoint, b: BlockPoint, pick: 'min' | 'max' | 'first' | 'last'): BlockPoint {
  switch (pick) {
    case 'first':
      return b.step < a.step ? b : a;
    case 'last':
      return b.step > a.step ? b : a;
    case 'min':
      return b.value < a.value || (b.value === a.value && b.step < a.step) ? b : a;
    case 'max':
      return b.value > a.value || (b.value === a.value && b.step < a.step) ? b : a;
  }
}

/** A block summary with `points` merged in; applying the same points again changes nothing. */
export function mergeBlock(
  existing: StepBlock | null,
  points: readonly NewStepPoint[],
  at: { jobId: string; name: string; block: number },
): StepBlock {
  const seed = existing ?? {
    ...at,
    unit: points[0].unit,
    first: toBlockPoint(points[0]),
    last: toBlockPoint(points[0]),
    min: toBlockPoint(points[0]),
    max: toBlockPoint(points[0]),
    version: 0,
  };
  const merged = { ...seed };
  for (const p of points.map(toBlockPoint)) {
    merged.first = better(merged.first, p, 'first');
    merged.last = better(merged.last, p, 'last');
    merged.min = better(merged.min, p, 'min');
    merged.max = better(merged.max, p, 'max');
  }
  return merged;
}

/** Whether merging changed a block (only changed blocks are written). */
export function blockChanged(before: StepBlock | null, after: StepBlock): boolean {
  if (!before) return true;
  return (['first', 'last', 'min', 'max'] as const).some((k) => before[k].step !== after[k].step || before[k].value !== after[k].value);
}

import { badUserInput } from '../../platform/errors';
import type { MetricPoint } from './metric-model';

/** Inclusive bounds on a point's step, as series reads take them (`fromStep`, `toStep`). */
export interface StepRange {
  from: number;
  to: number;
}

/** The raw `fromStep` / `toStep` arguments of a series read. */
export interface StepBounds {
  fromStep?: number | null;
  toStep?: number | null;
}

/**
 * The step range of `fromStep` / `toStep` (either may be left out: from the first step, to the last), or null when
 * neither is given. BAD_USER_INPUT naming the argument for a negative bound or `fromStep` above `toStep`.
 */
export function checkStepRange(bounds: StepBounds | undefined): StepRange | null {
  const from = bounds?.fromStep ?? null;
  const to = bounds?.toStep ?? null;
  if (from === null && to === null) return null;
  if (from !== null && from < 0) throw badUserInput(`fromStep must not be negative (${from} given)`, 'fromStep');
  if (to !== null && to < 0) throw badUserInput(`toStep must not be negative (${to} given)`, 'toStep');
  if (from !== null && to !== null && from > to) throw badUserInput(`fromStep (${from}) must be at most toStep (${to})`, 'fromStep');
  return { from: from ?? 0, to: to ?? Number.MAX_SAFE_INTEGER };
}

/** Whether a step lies in the range (a point without a step lies in none). */
export function inStepRange(step: number | null, range: StepRange): boolean {
  return step !== null && step >= range.from && step <= range.to;
}

/** The points whose step lies in the range; all of them without one. */
export function pointsInRange(points: readonly MetricPoint[], range: StepRange | null): MetricPoint[] {
  return range === null ? [...points] : points.filter((p) => inStepRange(p.step, range));
}

/** The part of `range` within `lo..hi` (a series' stored steps), or null when they do not meet. */
export function clampRange(range: StepRange, lo: number, hi: number): StepRange | null {
  const from = Math.max(range.from, lo);
  const to = Math.min(range.to, hi);
  return from <= to ? { from, to } : null;
}

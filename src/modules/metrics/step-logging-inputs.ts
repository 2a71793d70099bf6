import { z } from 'zod';
import { jobIdRule, metricNameRule, unitRule } from '../../platform/names';
import { storableNumber, nonNegativeInt, storedTimestamp, uniqueBy } from '../../platform/validation';

/** Most points one logMetrics call may carry. */
export const MAX_POINTS_PER_CALL = 1000;

const pointInput = z.object({
  name: metricNameRule,
  value: storableNumber,
  step: nonNegativeInt,
  epoch: nonNegativeInt.nullish(),
  unit: unitRule.nullish(),
  // Stored in the legacy writer's form so the point sorts among legacy timestamps.
  timestamp: storedTimestamp.nullish(),
});

/** logMetrics's input: up to 1,000 points, at most one per (name, step). */
export const logMetricsInput = z.object({
  jobId: jobIdRule,
  points: z
    .array(pointInput)
    .max(MAX_POINTS_PER_CALL, `at most ${MAX_POINTS_PER_CALL} points a call; split larger batches`)
    .superRefine(uniqueBy((p) => `${p.name} at step ${p.step}`, 'point')),
});
export type LogMetricsInput = z.infer<typeof logMetricsInput>;

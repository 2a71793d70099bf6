import { z } from 'zod';
import { jobIdRule, labelNameRule, metricNameRule, unitRule } from '../../platform/names';
import { STANDARD_EPOCH_METRICS } from './metric-rules';
import { storableNumber, nonNegative, nonNegativeInt, uniqueBy, unitInterval } from '../../platform/validation';

/** Dataset metric names the legacy writer uses, the input field each comes from, and their units. */
export const DATASET_METRICS = {
  num_train_samples: { field: 'numTrainSamples', unit: 'count' },
  num_val_samples: { field: 'numValSamples', unit: 'count' },
  o_entity_ratio_train: { field: 'oEntityRatioTrain', unit: 'ratio' },
  o_entity_ratio_val: { field: 'oEntityRatioVal', unit: 'ratio' },
} as const;

/** Most labels one epoch may carry. */
export const MAX_LABELS = 500;
/** Most extra metrics one call may carry. */
export const MAX_EXTRAS = 200;

const labelInput = z.object({
  label: labelNameRule,
  f1: unitInterval,
  precision: unitInterval,
  recall: unitInterval,
  support: nonNegativeInt,
});

const metricValueInput = z.object({
  name: metricNameRule,
  value: storableNumber,
  unit: unitRule.nullish(),
});

const extras = z
  .array(metricValueInput)
  .max(MAX_EXTRAS, `at most ${MAX_EXTRAS} extra metrics`)
  .superRefine(uniqueBy((m) => m.name, 'metric name'));

/** Extra metric names may not shadow the ones the input models itself, nor look like per-label rows. */
function reservedExtras(reserved: readonly string[]) {
  return (input: { extra?: { name: string }[] | null }, ctx: z.RefinementCtx) => {
    input.extra?.forEach((m, i) => {
      if (reserved.includes(m.name) || m.name.startsWith('label_')) {
        ctx.addIssue({ code: 'custom', message: `${m.name} is reserved; use the input's own field`, path: ['extra', i, 'name'] });
      }
    });
  };
}

/**
 * An input with nothing to record is refused (INVALID on `input`): it would be acknowledged, yet no read could show
 * it. `fields` are the optional values, `lists` the optional lists; one value or one list entry is enough.
 */
function somethingToRecord(fields: readonly string[], lists: readonly string[]) {
  return (input: Record<string, unknown>, ctx: z.RefinementCtx) => {
    if (fields.some((f) => input[f] !== null && input[f] !== undefined)) return;
    if (lists.some((l) => Array.isArray(input[l]) && (input[l] as unknown[]).length > 0)) return;
    ctx.addIssue({ code: 'custom', message: `nothing to record: send at least one of ${[...fields, ...lists].join(', ')}`, path: [] });
  };
}

/** recordEpoch's input. */
export const recordEpochInput = z
  .object({
    jobId: jobIdRule,
    epoch: nonNegativeInt,
    step: nonNegativeInt.nullish(),
    valF1: unitInterval.nullish(),
    valPrecision: unitInterval.nullish(),
    valRecall: unitInterval.nullish(),
    evalLoss: nonNegative.nullish(),
    trainLoss: nonNegative.nullish(),
    learningRate: nonNegative.nullish(),
    labels: z
      .array(labelInput)
      .max(MAX_LABELS, `at most ${MAX_LABELS} labels`)
      .superRefine(uniqueBy((l) => l.label, 'label'))
      .nullish(),
    extra: extras.nullish(),
  })
  .superRefine(reservedExtras(Object.keys(STANDARD_EPOCH_METRICS)))
  .superRefine(somethingToRecord(['valF1', 'valPrecision', 'valRecall', 'evalLoss', 'trainLoss', 'learningRate'], ['labels', 'extra']));
export type RecordEpochInput = z.infer<typeof recordEpochInput>;

/** recordDatasetMetrics's input. */
export const recordDatasetMetricsInput = z
  .object({
    jobId: jobIdRule,
    numTrainSamples: nonNegativeInt.nullish(),
    numValSamples: nonNegativeInt.nullish(),
    oEntityRatioTrain: nonNegative.nullish(),
    oEntityRatioVal: nonNegative.nullish(),
    extra: extras.nullish(),
  })
  .superRefine(reservedExtras(Object.keys(DATASET_METRICS)))
  .superRefine(somethingToRecord(['numTrainSamples', 'numValSamples', 'oEntityRatioTrain', 'oEntityRatioVal'], ['extra']));
export type RecordDatasetMetricsInput = z.infer<typeof recordDatasetMetricsInput>;

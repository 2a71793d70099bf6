/** Input validation: whole inputs at once, each broken rule an INVALID user error with its field path under `input`. */
import { z } from 'zod';
import { createJobInput } from '../../src/modules/jobs/job-inputs';
import { recordDatasetMetricsInput, recordEpochInput } from '../../src/modules/metrics/recording-inputs';
import { nameRule } from '../../src/platform/names';
import { nonNegative, nonNegativeInt, storableObject, uniqueBy, unitInterval, validateInput } from '../../src/platform/validation';
import { JOB_A } from './support/points';

const label = (name: string, f1 = 0.5) => ({ label: name, f1, precision: 0.5, recall: 0.5, support: 10 });

function errorsOf(schema: z.ZodType<unknown>, input: unknown) {
  const result = validateInput(schema, input);
  if (result.ok) throw new Error('expected the input to be rejected');
  return result.errors;
}

describe('validateInput', () => {
  it('returns the parsed value when valid', () => {
    const result = validateInput(recordEpochInput, { jobId: JOB_A, epoch: 1, valF1: 0.5, labels: [label('TOTAL')] });
    expect(result).toEqual({ ok: true, value: { jobId: JOB_A, epoch: 1, valF1: 0.5, labels: [label('TOTAL')] } });
  });

  it('reports a nested field with its full path, indexes as strings', () => {
    const labels = [label('A'), label('B'), label('C'), label('D', 1.5)];
    const errors = errorsOf(recordEpochInput, { jobId: JOB_A, epoch: 1, labels });
    expect(errors).toEqual([{ code: 'INVALID', field: ['input', 'labels', '3', 'f1'], message: 'must be between 0 and 1' }]);
  });

  it('reports every broken rule at once', () => {
    const errors = errorsOf(recordEpochInput, {
      jobId: 'not-a-uuid',
      epoch: -1,
      valF1: 2,
      labels: [label('A#B'), label('C', NaN)],
    });
    const fields = errors.map((e) => e.field?.join('.'));
    expect(fields).toEqual(
      expect.arrayContaining(['input.jobId', 'input.epoch', 'input.valF1', 'input.labels.0.label', 'input.labels.1.f1']),
    );
    expect(errors.every((e) => e.code === 'INVALID')).toBe(true);
    expect(errors.find((e) => e.field?.join('.') === 'input.jobId')?.message).toBe('must be a UUID (version 4 or 5)');
    expect(errors.find((e) => e.field?.join('.') === 'input.labels.0.label')?.message).toBe('must not contain #');
  });

  it('reports duplicates on the later entry', () => {
    const errors = errorsOf(recordEpochInput, { jobId: JOB_A, epoch: 1, labels: [label('A'), label('B'), label('A')] });
    expect(errors).toEqual([{ code: 'INVALID', field: ['input', 'labels', '2'], message: 'duplicate label A' }]);
  });

  it('rejects extras that shadow modelled fields or look like label rows', () => {
    const errors = errorsOf(recordEpochInput, {
      jobId: JOB_A,
      epoch: 1,
      extra: [
        { name: 'ok', value: 1 },
        { name: 'val_f1', value: 1 },
        { name: 'label_X_f1', value: 1 },
      ],
    });
    expect(errors.map((e) => e.field)).toEqual([
      ['input', 'extra', '1', 'name'],
      ['input', 'extra', '2', 'name'],
    ]);
    const dataset = errorsOf(recordDatasetMetricsInput, { jobId: JOB_A, extra: [{ name: 'num_train_samples', value: 1 }] });
    expect(dataset.map((e) => e.field)).toEqual([['input', 'extra', '0', 'name']]);
  });

  it('reports a storage problem of a JSON object at its field', () => {
    const deep = JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`) as unknown;
    const errors = errorsOf(createJobInput, { name: 'job', config: { lr: 1e200 }, tags: { owner: 'me' } });
    expect(errors).toEqual([{ code: 'INVALID', field: ['input', 'config'], message: "contains 1e+200, outside DynamoDB's number range" }]);
    expect(errorsOf(createJobInput, { name: 'job', config: deep })[0]).toMatchObject({
      field: ['input', 'config'],
      message: expect.stringMatching(/nested/),
    });
    expect(errorsOf(createJobInput, { name: 'job', config: { '': 1 } })[0]).toMatchObject({
      field: ['input', 'config'],
      message: 'contains an empty key',
    });
  });

  it('reports the input itself with the path ["input"]', () => {
    expect(errorsOf(storableObject, 'not an object')).toEqual([{ code: 'INVALID', field: ['input'], message: 'must be a JSON object' }]);
  });
});

describe('rules', () => {
  it('nameRule: non-blank, bounded, no #', () => {
    const rule = nameRule(5);
    expect(rule.safeParse('abc').success).toBe(true);
    expect(rule.safeParse('MERCHANT_NAME'.slice(0, 5)).success).toBe(true);
    expect(rule.safeParse('').success).toBe(false);
    expect(rule.safeParse('   ').success).toBe(false);
    expect(rule.safeParse('abcdef').success).toBe(false);
    expect(rule.safeParse('a#b').success).toBe(false);
  });

  it('unitInterval: finite, 0..1 inclusive, storable by DynamoDB', () => {
    for (const ok of [0, 0.5, 1, 1e-130]) expect(unitInterval.safeParse(ok).success).toBe(true);
    for (const bad of [-0.01, 1.01, NaN, Infinity]) expect(unitInterval.safeParse(bad).success).toBe(false);
    // In range, but below DynamoDB's smallest magnitude: refused with the reason, never stored as 0.
    expect(unitInterval.safeParse(5e-324).error?.issues.map((i) => i.message)).toEqual([
      'must be 0 or have a magnitude between 1e-130 and 1e126 (DynamoDB numbers)',
    ]);
  });

  it('nonNegative and nonNegativeInt', () => {
    expect(nonNegative.safeParse(0).success).toBe(true);
    expect(nonNegative.safeParse(3.5).success).toBe(true);
    expect(nonNegative.safeParse(-1).success).toBe(false);
    expect(nonNegative.safeParse(Infinity).success).toBe(false);
    expect(nonNegativeInt.safeParse(156).success).toBe(true);
    expect(nonNegativeInt.safeParse(156.5).success).toBe(false);
    expect(nonNegativeInt.safeParse(-1).success).toBe(false);
  });

  it('uniqueBy reports each repeat with its index', () => {
    const schema = z.array(z.string()).superRefine(uniqueBy((s) => s.toLowerCase(), 'name'));
    const result = schema.safeParse(['a', 'b', 'A', 'c', 'b']);
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.error.issues.map((i) => [i.path, i.message])).toEqual([
        [[2], 'duplicate name a'],
        [[4], 'duplicate name b'],
      ]);
    }
  });
});

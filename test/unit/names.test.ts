/**
 * Ids and names have one rule each (src/platform/names.ts): write inputs embed it, read arguments are checked by it.
 * Each table below sends the same names through a real write input and through the read check, and expects the same
 * answer, but where names.ts says why a read must accept more (labels of legacy rows).
 */
import type { GraphQLError } from 'graphql';
import { type z } from 'zod';
import { createJobInput, updateJobStatusInput } from '../../src/modules/jobs/job-inputs';
import { recordEpochInput } from '../../src/modules/metrics/recording-inputs';
import { logMetricsInput } from '../../src/modules/metrics/step-logging-inputs';
import {
  apiKeyNameRule,
  checkJobId,
  checkJobIds,
  checkLabelName,
  checkMetricName,
  jobIdsProblem,
  MAX_COMPARED_JOBS,
} from '../../src/platform/names';
import { validateInput } from '../../src/platform/validation';
import { JOB_A, JOB_B } from './support/points';

const x = (n: number) => 'x'.repeat(n);
/** Lengths count characters (code points), not UTF-16 units: an emoji is one character. */
const length = (s: string) => [...s].length;

/** Names every table runs: blank, boundary lengths, `#`, unicode, surrounding spaces, and legacy names. */
const NAMES: [string, string][] = [
  ['empty', ''],
  ['one space', ' '],
  ['whitespace only', ' \t\n '],
  ['100 characters', x(100)],
  ['101 characters', x(101)],
  ['194 characters', x(194)],
  ['195 characters', x(195)],
  ['200 characters', x(200)],
  ['201 characters', x(201)],
  ['a #', 'a#b'],
  ['only #', '#'],
  ['a trailing #', 'val_f1#'],
  ['unicode', '🚀 ünïcödé'],
  ['100 astral characters (200 UTF-16 units)', '🚀'.repeat(100)],
  ['101 astral characters (202 UTF-16 units)', '🚀'.repeat(101)],
  ['201 astral characters', '🚀'.repeat(201)],
  ['leading space', ' val_f1'],
  ['trailing space', 'val_f1 '],
  ['inner spaces', 'val f1'],
  ['legacy flat label row', 'label_MERCHANT_NAME_f1'],
  ['legacy label with underscores', 'MERCHANT_NAME'],
  ['NUL', 'a\u0000b'],
];

/** True when `input` passes `schema` without an issue at `field` (other fields of the input are valid). */
function writeAccepts(schema: z.ZodType<unknown>, input: unknown, field: string[]): boolean {
  const checked = validateInput(schema, input);
  if (checked.ok) return true;
  const at = checked.errors.filter((e) => e.field?.join('.') === ['input', ...field].join('.'));
  expect(checked.errors).toEqual(at);
  return false;
}

/** True when the read check passes; a refusal must be BAD_USER_INPUT naming `argument` in the message and extensions. */
function readAccepts(check: (value: string, argument: string) => unknown, value: string, argument: string): boolean {
  try {
    check(value, argument);
    return true;
  } catch (error) {
    const e = error as GraphQLError;
    expect(e.extensions).toEqual({ code: 'BAD_USER_INPUT', argument });
    expect(e.message).toMatch(new RegExp(`^${argument}\\b.* must `));
    return false;
  }
}

const metricName = (name: string) => name.trim().length > 0 && length(name) <= 200 && !name.includes('#');

describe('metric names: write (logMetrics, recordEpoch extras) and read arguments answer alike', () => {
  it.each(NAMES)('%s', (_what, name) => {
    const logged = writeAccepts(logMetricsInput, { jobId: JOB_A, points: [{ name, value: 1, step: 0 }] }, ['points', '0', 'name']);
    const read = readAccepts(checkMetricName, name, 'name');
    expect({ logged, read }).toEqual({ logged: metricName(name), read: metricName(name) });
    // Extras share the rule, except the names an epoch input models itself or that look like label rows: those are
    // refused on write only, so legacy names such as label_MERCHANT_NAME_f1 stay readable.
    if (!name.startsWith('label_')) {
      expect(writeAccepts(recordEpochInput, { jobId: JOB_A, epoch: 1, extra: [{ name, value: 1 }] }, ['extra', '0', 'name'])).toBe(read);
    }
  });

  it('a refusal names every broken rule and the argument', () => {
    expect(() => checkMetricName(`${x(200)}#`, 'metric')).toThrow('metric must be at most 200 characters and must not contain #');
    expect(() => checkMetricName('  ', 'name')).toThrow('name must not be empty');
  });
});

describe('labels: write (recordEpoch) and read arguments answer alike up to 100 characters', () => {
  const label = (name: string) => ({ label: name, f1: 0.5, precision: 0.5, recall: 0.5, support: 1 });

  it.each(NAMES)('%s', (_what, name) => {
    const written = writeAccepts(recordEpochInput, { jobId: JOB_A, epoch: 1, labels: [label(name)] }, ['labels', '0', 'label']);
    const read = readAccepts(checkLabelName, name, 'label');
    const rule = (max: number) => name.trim().length > 0 && length(name) <= max && !name.includes('#');
    expect(written).toBe(rule(100));
    // A legacy label is bounded only by its row name `label_{label}` being a metric name: reads accept up to 194.
    expect(read).toBe(rule(194));
    if (length(name) <= 100) expect(read).toBe(written);
  });
});

describe('job names and creators (written only): the metric-name rule', () => {
  it.each(NAMES)('%s', (_what, name) => {
    expect(writeAccepts(createJobInput, { name }, ['name'])).toBe(metricName(name));
    expect(writeAccepts(createJobInput, { name: 'run', createdBy: name }, ['createdBy'])).toBe(metricName(name));
  });
});

describe('job ids: write inputs and read arguments answer alike', () => {
  const IDS: [string, string, boolean][] = [
    ['v4', JOB_A, true],
    ['v5', '886313e1-3b8a-5372-9b90-0c9aee199e5d', true],
    ['upper case', JOB_A.toUpperCase(), true],
    ['v1', 'c232ab00-9414-11ec-b3c8-9f6bdeced846', false],
    ['empty', '', false],
    ['whitespace', '   ', false],
    ['surrounding spaces', ` ${JOB_A} `, false],
    ['a key', `JOB#${JOB_A}`, false],
    ['#', '#', false],
    ['unicode', '🚀', false],
    ['201 characters', x(201), false],
  ];

  it.each(IDS)('%s', (_what, id, valid) => {
    expect(writeAccepts(updateJobStatusInput, { jobId: id, status: 'RUNNING' }, ['jobId'])).toBe(valid);
    expect(writeAccepts(createJobInput, { id, name: 'run' }, ['id'])).toBe(valid);
    expect(readAccepts(checkJobId, id, 'jobId')).toBe(valid);
    expect(readAccepts((v, a) => checkJobIds([JOB_B, v], a), id, 'jobIds')).toBe(valid);
  });

  it('a bad id in a list is quoted; a list may name at most MAX_COMPARED_JOBS jobs', () => {
    expect(jobIdsProblem([JOB_A, 'x'], 'jobIds')).toBe('jobIds: "x" must be a UUID (version 4 or 5)');
    expect(jobIdsProblem(Array(MAX_COMPARED_JOBS).fill(JOB_A), 'jobIds')).toBeNull();
    expect(jobIdsProblem(Array(MAX_COMPARED_JOBS + 1).fill(JOB_A), 'jobIds')).toBe(`jobIds: at most ${MAX_COMPARED_JOBS} jobs`);
    expect(() => checkJobId('1234')).toThrow('id must be a UUID (version 4 or 5)');
  });
});

describe('API key names (npm run apikey, stamped as written_by)', () => {
  it.each([
    ['trainer-cli', true],
    ['ci.bot@example.com', true],
    ['under_score', true],
    [x(100), true],
    [x(101), false],
    ['', false],
    ['has space', false],
    ['a#b', false],
    ['ünï', false],
  ])('%s', (name, ok) => {
    expect(apiKeyNameRule.safeParse(name).success).toBe(ok);
  });
});

import { z } from 'zod';
import { badUserInput } from './errors';
import { isJobId } from './ids';

/**
 * The one home of the rules for ids and names. Each rule is a zod schema that write inputs embed, and each read
 * argument is checked by a `check…(value, argument)` built from the same schema, so a read refuses exactly what a
 * write refuses (with BAD_USER_INPUT naming the argument) unless a comment below says why legacy data needs more.
 * Legacy names the server must keep readable (docs/storage.md): metric names such as `label_MERCHANT_NAME_f1`, labels
 * with underscores, leading or trailing spaces. None of the name rules below refuses them. The reserved extra names
 * (`label_…`, the standard metrics) are a rule of recording inputs, not of names: reads ask for them freely.
 */

/** Longest metric, job or creator name. */
export const MAX_NAME_LENGTH = 200;
/** Longest label a write accepts. */
export const MAX_LABEL_LENGTH = 100;
/** Longest log source. */
export const MAX_LOG_SOURCE_LENGTH = 200;
/** Longest unit. */
export const MAX_UNIT_LENGTH = 50;
/** Most jobs one comparison (compareMetric, a metric's CSV export) may name. */
export const MAX_COMPARED_JOBS = 100;

/** A metric, label or job name: not blank, bounded, no `#` (it would make key prefixes match other names). */
export function nameRule(max: number) {
  return z
    .string()
    .refine((s) => s.trim().length > 0, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !s.includes('#'), 'must not contain #');
}

/** A job id: UUID v4 or v5, in any case (docs/storage.md). Legacy ids are UUIDs too, so reads and writes share it. */
export const jobIdRule = z.string().refine(isJobId, 'must be a UUID (version 4 or 5)');

/**
 * A metric name, on write and on read alike. The legacy writer's names (standard metrics, `label_{LABEL}` rows and
 * their flat `label_{LABEL}_{score}` forms, dataset metrics) are short, `#`-free and never blank, so reads need
 * nothing looser; a name with `#` is refused on read too (docs/storage.md): a legacy look-alike such as
 * `val_f1#shadow` still shows in a job's epochs and metrics, it just cannot be asked for by name.
 */
export const metricNameRule = nameRule(MAX_NAME_LENGTH);

/** A job's name and its creator's name (written only: no read argument takes them). */
export const jobNameRule = nameRule(MAX_NAME_LENGTH);

/** A label (entity type, e.g. MERCHANT_NAME) as written by recordEpoch. */
export const labelNameRule = nameRule(MAX_LABEL_LENGTH);

/**
 * A label as a read argument. The legacy writer bounds labels by nothing of ours: a legacy label is readable as long
 * as its row name `label_{label}` is a metric name, so a read accepts labels up to MAX_NAME_LENGTH minus that prefix
 * (194 characters) where a write stops at 100. Blank and `#` are refused exactly as on write.
 */
export const labelNameReadRule = nameRule(MAX_NAME_LENGTH - 'label_'.length);

/** A log line's source (written only). */
export const logSourceRule = z.string().max(MAX_LOG_SOURCE_LENGTH, `must be at most ${MAX_LOG_SOURCE_LENGTH} characters`);

/** A metric's unit (written only; an empty one means none). */
export const unitRule = z.string().max(MAX_UNIT_LENGTH, `must be at most ${MAX_UNIT_LENGTH} characters`);

/** An API key's name (`npm run apikey`); it is stamped as `written_by` on what the key writes. */
export const apiKeyNameRule = z.string().regex(/^[\w.@-]{1,100}$/, 'must be 1..100 letters, digits, _ . @ -');

/** What is wrong with `value` under `rule`, as one sentence naming `argument`; null when it passes. */
export function argumentProblem(rule: z.ZodType<string>, value: string, argument: string): string | null {
  const parsed = rule.safeParse(value);
  return parsed.success ? null : `${argument} ${parsed.error.issues.map((i) => i.message).join(' and ')}`;
}

function check(rule: z.ZodType<string>, value: string, argument: string): string {
  const problem = argumentProblem(rule, value, argument);
  if (problem) throw badUserInput(problem, argument);
  return value;
}

/** Checks a job id argument: BAD_USER_INPUT naming `argument` for anything but a UUID v4/v5. */
export function checkJobId(id: string, argument = 'id'): string {
  return check(jobIdRule, id, argument);
}

/** Checks a metric name argument, as writes check metric names. */
export function checkMetricName(name: string, argument: string): string {
  return check(metricNameRule, name, argument);
}

/** Checks a label argument (see labelNameReadRule). */
export function checkLabelName(label: string, argument: string): string {
  return check(labelNameReadRule, label, argument);
}

/** What is wrong with a list of job id arguments, or null: more than MAX_COMPARED_JOBS, or an id (quoted) that is not one. */
export function jobIdsProblem(ids: readonly string[], argument: string): string | null {
  if (ids.length > MAX_COMPARED_JOBS) return `${argument}: at most ${MAX_COMPARED_JOBS} jobs`;
  for (const id of ids) {
    const problem = argumentProblem(jobIdRule, id, JSON.stringify(id));
    if (problem) return `${argument}: ${problem}`;
  }
  return null;
}

/** Checks a list of job id arguments (see jobIdsProblem). */
export function checkJobIds(ids: readonly string[], argument: string): readonly string[] {
  const problem = jobIdsProblem(ids, argument);
  if (problem) throw badUserInput(problem, argument);
  return ids;
}

import { z } from 'zod';
import { userError, type UserError } from './errors';
import { jsonStorageProblem } from './item-size';
import { formatMicros, parseTimestampMicros } from './time';

/** Validates a whole input at once; each broken rule becomes an INVALID user error with its field path under `input`. */
export function validateInput<T>(schema: z.ZodType<T>, input: unknown): { ok: true; value: T } | { ok: false; errors: UserError[] } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((i) => userError('INVALID', i.message, ['input', ...i.path.map((p) => String(p))])),
  };
}

/** A finite number DynamoDB can store (magnitudes from 1e-130 to just under 1e126, or 0). */
export const storableNumber = z
  .number()
  .finite('must be finite')
  .refine((n) => jsonStorageProblem(n) === null, 'must be 0 or have a magnitude between 1e-130 and 1e126 (DynamoDB numbers)');

/** A storable number in [0, 1] (a ratio of 5e-324 is in range but DynamoDB cannot hold it: refused, never rounded to 0). */
export const unitInterval = storableNumber.refine((n) => n >= 0 && n <= 1, 'must be between 0 and 1');

/** A storable, non-negative number. */
export const nonNegative = storableNumber.refine((n) => n >= 0, 'must not be negative');

/** A non-negative integer. */
export const nonNegativeInt = z.number().int('must be an integer').min(0, 'must not be negative');

/** A JSON object DynamoDB can store as a map. */
export const storableObject = z.record(z.string(), z.unknown(), 'must be a JSON object').superRefine((value, ctx) => {
  const problem = jsonStorageProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `${problem}` });
});

/** Reports duplicates of `key` in a list as issues on the later entries. */
export function uniqueBy<T>(key: (t: T) => string, what: string) {
  return (list: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    list.forEach((item, index) => {
      const k = key(item);
      if (seen.has(k)) ctx.addIssue({ code: 'custom', message: `duplicate ${what} ${k}`, path: [index] });
      seen.add(k);
    });
  };
}

/** A client's ISO-8601 date-time, stored in the legacy writer's form so it sorts among legacy timestamps. */
export const storedTimestamp = z
  .string()
  .refine((t) => parseTimestampMicros(t) !== null, 'must be an ISO-8601 date-time')
  .transform((t) => formatMicros(parseTimestampMicros(t) as bigint));

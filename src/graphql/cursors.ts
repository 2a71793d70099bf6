import { z } from 'zod';
import { badUserInput } from '../errors';

/** Opaque cursors: base64url of a small versioned JSON naming the list it belongs to and a position in it. */
const envelope = z.object({ v: z.literal(1), k: z.string(), s: z.string(), p: z.unknown() });

/** Encodes a position `p` in list `kind`, scoped to `scope` (a job id, a metric name...). */
export function encodeCursor(kind: string, scope: string, position: unknown): string {
  return Buffer.from(JSON.stringify({ v: 1, k: kind, s: scope, p: position })).toString('base64url');
}

/**
 * Decodes a cursor of list `kind` and `scope`, validating the position with `schema`. A malformed, tampered or foreign
 * cursor (another list, another job, another metric) is a BAD_USER_INPUT error, never a read somewhere else.
 */
export function decodeCursor<T>(cursor: string | null | undefined, kind: string, scope: string, schema: z.ZodType<T>): T | null {
  if (cursor === null || cursor === undefined) return null;
  const bad = () => badUserInput('`after` is not a valid cursor for this list', 'after');
  if (cursor.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const parsed = envelope.safeParse(raw);
  if (!parsed.success || parsed.data.k !== kind || parsed.data.s !== scope) throw bad();
  const position = schema.safeParse(parsed.data.p);
  if (!position.success) throw bad();
  return position.data;
}

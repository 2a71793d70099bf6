import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { badUserInput } from '../errors';

/** Opaque cursors: base64url of a small versioned JSON naming the list it belongs to and a position in it. */
const envelope = z.strictObject({ v: z.literal(1), k: z.string(), s: z.string(), p: z.unknown(), t: z.string() });

// An integrity tag, not a secret: a corrupted or hand-edited cursor becomes BAD_USER_INPUT instead of a silently
// different page (or a DynamoDB error). The kind, scope and position checks below remain the real guard.
const TAG_KEY = 'training-metrics-api/cursor/v1';

function tagOf(kind: string, scope: string, position: unknown): string {
  return createHmac('sha256', TAG_KEY)
    .update(JSON.stringify([kind, scope, position]))
    .digest('base64url')
    .slice(0, 16);
}

/** A position that is an item's sort key (non-empty: it becomes a key attribute of ExclusiveStartKey or a comparison bound). */
export const sortKeyPosition = z.string().min(1).max(1024);

/** Encodes a position `p` in list `kind`, scoped to `scope` (a job id, a metric name...). */
export function encodeCursor(kind: string, scope: string, position: unknown): string {
  return Buffer.from(JSON.stringify({ v: 1, k: kind, s: scope, p: position, t: tagOf(kind, scope, position) })).toString('base64url');
}

/**
 * Decodes a cursor of list `kind` and `scope`, validating the position with `schema`. A malformed, tampered or foreign
 * cursor (another list, another job, another metric) is a BAD_USER_INPUT error, never a read somewhere else.
 */
export function decodeCursor<T>(cursor: string | null | undefined, kind: string, scope: string, schema: z.ZodType<T>): T | null {
  if (cursor === null || cursor === undefined) return null;
  const bad = () => badUserInput('`after` is not a valid cursor for this list', 'after');
  if (cursor.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  const bytes = Buffer.from(cursor, 'base64url');
  // Only the exact encoding the server produced: a changed trailing character can decode to the same bytes.
  if (bytes.toString('base64url') !== cursor) throw bad();
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw bad();
  }
  const parsed = envelope.safeParse(raw);
  if (!parsed.success || parsed.data.k !== kind || parsed.data.s !== scope) throw bad();
  if (parsed.data.t !== tagOf(kind, scope, parsed.data.p)) throw bad();
  const position = schema.safeParse(parsed.data.p);
  if (!position.success) throw bad();
  return position.data;
}

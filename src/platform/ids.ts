import { randomUUID } from 'node:crypto';

/** Job ids: UUID v4 or v5 (variant 8, 9, a or b), as docs/storage.md requires. */
const UUID_V4_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** True when `id` is a UUID of version 4 or 5. */
export function isJobId(id: string): boolean {
  return UUID_V4_V5.test(id);
}

/** A new lower-case UUID v4 for a job. */
export function newJobId(): string {
  return randomUUID();
}

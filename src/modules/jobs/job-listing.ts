import type { JobStatusValue } from './job-model';

/** Position of a job in the newest-first listing: its creation time as stored, then its id. */
export interface JobPosition {
  createdAt: string;
  id: string;
}

/** Newest first: creation time as stored (string order, as GSI1 sorts it) descending, then id descending. */
export function newestFirst(a: JobPosition, b: JobPosition): number {
  return a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? 1 : -1) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** True when `job` comes after `pos` in newest-first order. */
export function isAfter(job: JobPosition, pos: JobPosition): boolean {
  return newestFirst(job, pos) > 0;
}

/** The first `limit` jobs after `after` (all when null) in newest-first order, in one pass over any number of jobs. */
export function firstNewest<T extends JobPosition>(jobs: Iterable<T>, after: JobPosition | null, limit: number): T[] {
  const kept: T[] = [];
  for (const job of jobs) {
    if (after && !isAfter(job, after)) continue;
    if (kept.length === limit && newestFirst(job, kept[limit - 1]) >= 0) continue;
    let at = kept.length;
    while (at > 0 && newestFirst(job, kept[at - 1]) < 0) at--;
    kept.splice(at, 0, job);
    if (kept.length > limit) kept.pop();
  }
  return kept;
}

/**
 * The plain listing as the job catalog answers it (no DynamoDB call), when the server has a ready one: the same jobs in
 * the same order as the GSI1 listing, so a cursor of either continues on the other.
 */
export interface CatalogListing {
  /** Up to `limit` jobs of `statuses` after `after`, newest first; null when there is no ready catalog. */
  listFromCatalog(statuses: readonly JobStatusValue[], after: JobPosition | null, limit: number): JobPosition[] | null;
  /** How many jobs have one of `statuses`; null when there is no ready catalog. */
  countFromCatalog(statuses: readonly JobStatusValue[]): number | null;
}

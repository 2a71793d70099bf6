import { nowTimestamp } from '../../platform/time';
import type { JobRepository } from './job-repository';

/** How often one server instance refreshes a job's `last_seen_at` from the job's writes, at most. */
export const ACTIVITY_INTERVAL_MS = 60_000;
/** Past this many jobs tracked, those not written for an interval are dropped (they are due anyway). */
const PRUNE_AT = 10_000;
/** Hard bound: past it the longest-quiet jobs are dropped even within their interval (each may then be marked once more). */
const MAX_TRACKED = 100_000;

/**
 * When this server instance last marked each job seen. One per server process (shared by its requests), so a trainer
 * writing every second costs one extra job update a minute, not one per call. Memory stays bounded: entries are kept
 * in the order they were marked, and stale ones are pruned once there are more than 10,000.
 */
export class JobActivity {
  private readonly marked = new Map<string, number>();

  constructor(private readonly intervalMs = ACTIVITY_INTERVAL_MS) {}

  /** Whether the job is due a mark at `nowMs` (none by this instance in the last interval); if so it counts as marked now. */
  due(jobId: string, nowMs: number): boolean {
    const last = this.marked.get(jobId);
    if (last !== undefined && nowMs - last < this.intervalMs && nowMs >= last) return false;
    // Deleted first so the map's order stays the order of marking, oldest first, for pruning.
    this.marked.delete(jobId);
    this.marked.set(jobId, nowMs);
    if (this.marked.size > PRUNE_AT) this.prune(nowMs);
    return true;
  }

  /** Forgets a job's mark (its write failed), so its next write tries again. */
  forget(jobId: string): void {
    this.marked.delete(jobId);
  }

  /** How many jobs are tracked. */
  get size(): number {
    return this.marked.size;
  }

  private prune(nowMs: number): void {
    for (const [jobId, at] of this.marked) {
      if (nowMs - at < this.intervalMs && this.marked.size <= MAX_TRACKED) break;
      this.marked.delete(jobId);
    }
  }
}

/**
 * Marks a job seen after one of its writes succeeded: when this instance is due (`JobActivity`), one conditional
 * UpdateItem of `last_seen_at` (never moved back; a job gone meanwhile is left alone). It never fails the caller:
 * the caller's write is stored already, and a lost mark only makes `lastSeenAt` older until the next one, so an error
 * is dropped and the next write of the job tries again.
 */
export async function markSeen(activity: JobActivity, jobs: Pick<JobRepository, 'touch'>, jobId: string): Promise<void> {
  if (!activity.due(jobId, Date.now())) return;
  try {
    await jobs.touch(jobId, nowTimestamp());
  } catch {
    activity.forget(jobId);
  }
}

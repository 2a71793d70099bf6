import { ItemType, jobIdOfPartition } from '../db/keys';
import { parseStatus } from '../jobs/job-item';
import { isTerminal } from '../jobs/job-model';
import { RANKED_METRICS } from '../metrics/leaderboard-items';
import { parseMetricItem, parseWriteMarker } from '../metrics/metric-item';
import type { WriteMarker } from '../metrics/metric-model';
import type { ItemChange } from '../stream/table-stream-reader';

/** One epoch of one job. */
export interface EpochKey {
  jobId: string;
  epoch: number;
}

const keyOf = (k: EpochKey) => `${k.jobId}#${k.epoch}`;

/** The shard of a candidate put back after a failure: every row of it was seen already, any caught-up read will do. */
export const RETRY_SHARD = '*';

/** What one batch of changes says about epochs. */
export interface EpochSignals {
  /** Markers of server epochs just committed: complete, and the marker holds the epoch's whole content. */
  committed: Array<WriteMarker & EpochKey>;
  /** Epochs without a marker in view that now look complete (the next epoch started, or the job finished). */
  due: EpochKey[];
  /** Jobs that got a ranked-metric row for an epoch already announced (a late legacy row): their summaries need a look. */
  lateRows: string[];
}

/** What survives a restart, saved with the stream checkpoints. */
export interface EpochCompletionState {
  pending: Array<[string, number, number, string]>;
  emitted: Array<[string, number]>;
}

/** A legacy candidate: when its last row was seen, and on which shard. */
interface Pending {
  key: EpochKey;
  lastRowMs: number;
  shardId: string;
}

/** Announced epochs are remembered this long: longer than the stream keeps records (24 hours). */
const REMEMBER_MS = 25 * 3600_000;

/**
 * Decides when an epoch is complete. A server epoch is complete when its write marker is committed (in the same
 * transaction as its rows, or after the staged rows). A legacy epoch, written row by row without a marker, is taken
 * as complete once the job's next epoch starts, the job finishes, or no row of it arrived for `quietMs`. Every epoch
 * is announced once: announced ones are remembered.
 */
export class EpochCompletion {
  /** Legacy candidates: when their last row arrived. */
  private readonly pending = new Map<string, Pending>();
  private readonly emitted = new Map<string, number>();

  constructor(
    private readonly quietMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  observe(changes: readonly ItemChange[]): EpochSignals {
    const signals: EpochSignals = { committed: [], due: [], lateRows: [] };
    const marked = new Set<string>();
    for (const change of changes) {
      const marker = change.newImage ? parseWriteMarker(change.newImage) : null;
      if (!marker || marker.epoch === null) continue;
      const key = { jobId: marker.jobId, epoch: marker.epoch };
      marked.add(keyOf(key));
      this.pending.delete(keyOf(key));
      const wasCommitted = change.oldImage?.committed === true;
      if (marker.committed && !wasCommitted && !this.emitted.has(keyOf(key))) signals.committed.push({ ...marker, epoch: marker.epoch });
    }
    const due = new Map<string, EpochKey>();
    for (const change of changes) {
      const image = change.newImage;
      if (!image) continue;
      if (image.TYPE === ItemType.job && image.SK === 'JOB') {
        const status = parseStatus(image.status);
        const jobId = jobIdOfPartition(String(image.PK));
        if (status && jobId && isTerminal(status)) for (const p of this.pendingOf(jobId)) due.set(keyOf(p.key), p.key);
        continue;
      }
      if (change.event !== 'INSERT') continue;
      const point = parseMetricItem(image);
      // Rows carrying an epoch token belong to a staged server epoch: its marker's commit announces it.
      if (!point || point.epoch === null || point.epochToken) continue;
      const key = { jobId: point.jobId, epoch: point.epoch };
      const id = keyOf(key);
      if (marked.has(id)) continue;
      if (this.emitted.has(id)) {
        if (RANKED_METRICS.includes(point.name)) signals.lateRows.push(key.jobId);
        continue;
      }
      this.pending.set(id, { key, lastRowMs: this.now(), shardId: change.shardId });
      due.delete(id);
      // A row of a later epoch: the legacy writer has moved on, so the earlier epochs are whole.
      for (const p of this.pendingOf(key.jobId)) if (p.key.epoch < key.epoch) due.set(keyOf(p.key), p.key);
    }
    signals.due = [...due.values()];
    for (const key of signals.due) this.pending.delete(keyOf(key));
    return signals;
  }

  /**
   * Legacy candidates that stayed quiet: no row of theirs for the quiet period, as confirmed by a read of their shard
   * that started after the quiet period ended and reached the shard's end (`caughtUpAt`). A timer alone would not do:
   * a reader that falls behind would see the rest of the epoch's rows only after the epoch had been announced. They
   * leave the pending set.
   */
  takeQuiet(caughtUpAt: (shardId: string) => number): EpochKey[] {
    const out: EpochKey[] = [];
    for (const [id, p] of this.pending) {
      if (caughtUpAt(p.shardId) >= p.lastRowMs + this.quietMs) {
        out.push(p.key);
        this.pending.delete(id);
      }
    }
    return out;
  }

  /** Puts back candidates that could not be handled yet (the database was unreachable). */
  retry(keys: readonly EpochKey[]): void {
    for (const key of keys) if (!this.emitted.has(keyOf(key))) this.pending.set(keyOf(key), { key, lastRowMs: 0, shardId: RETRY_SHARD });
  }

  isEmitted(key: EpochKey): boolean {
    return this.emitted.has(keyOf(key));
  }

  markEmitted(key: EpochKey): void {
    this.emitted.set(keyOf(key), this.now());
  }

  /** Undoes `markEmitted` when the announcement could not be sent. */
  forget(key: EpochKey): void {
    this.emitted.delete(keyOf(key));
  }

  hasPending(): boolean {
    return this.pending.size > 0;
  }

  snapshot(): EpochCompletionState {
    const cutoff = this.now() - REMEMBER_MS;
    for (const [id, at] of this.emitted) if (at < cutoff) this.emitted.delete(id);
    return {
      pending: [...this.pending.values()].map((p) => [p.key.jobId, p.key.epoch, p.lastRowMs, p.shardId]),
      emitted: [...this.emitted.entries()],
    };
  }

  restore(state: EpochCompletionState | undefined): void {
    for (const [jobId, epoch, lastRowMs, shardId] of state?.pending ?? []) this.pending.set(keyOf({ jobId, epoch }), { key: { jobId, epoch }, lastRowMs, shardId });
    for (const [id, at] of state?.emitted ?? []) this.emitted.set(id, at);
  }

  private pendingOf(jobId: string) {
    return [...this.pending.values()].filter((p) => p.key.jobId === jobId);
  }
}

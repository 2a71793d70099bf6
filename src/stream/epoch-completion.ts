import { isJobItem, jobIdOfPartition } from '../db/schema';
import { parseStatus } from '../modules/jobs/job-item';
import { isTerminal } from '../modules/jobs/job-model';
import { RANKED_METRICS } from '../modules/leaderboard/leaderboard-items';
import { parseMetricItem, parseWriteMarker } from '../modules/metrics/metric-item';
import type { WriteMarker } from '../modules/metrics/metric-model';
import type { ItemChange } from './table-stream-reader';

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

/** What survives a restart, saved with the stream checkpoints: a few dozen KB at most, whatever the stream held. */
export interface EpochCompletionState {
  /** Legacy candidates: job, epoch, when its last row was seen, its shard. */
  pending: Array<[string, number, number, string]>;
  /** Per job, the highest legacy epoch announced, and when. */
  announced: Array<[string, number, number]>;
}

/** A legacy candidate: when its last row was seen, and on which shard. */
interface Pending {
  key: EpochKey;
  lastRowMs: number;
  shardId: string;
}

/** Legacy candidates waiting at once; beyond it the longest waiting are taken as complete (announced as they stand). */
export const MAX_PENDING = 256;
/** Jobs whose highest announced legacy epoch is remembered (the most recently announced ones). */
export const MAX_REMEMBERED_JOBS = 512;
/** Epochs just announced, remembered one by one (in memory only): more than one batch of the stream can hold. */
const MAX_RECENT = 2048;
/** Announced legacy epochs are remembered this long at most: longer than the stream keeps records (24 hours). */
const REMEMBER_MS = 25 * 3600_000;

/** Sets `key` at the newest end of a map kept in insertion order, then drops the oldest entries beyond `max`. */
function touch<K, V>(map: Map<K, V>, key: K, value: V, max = Infinity): V[] {
  map.delete(key);
  map.set(key, value);
  const dropped: V[] = [];
  for (const [oldest, old] of map) {
    if (map.size <= max) break;
    map.delete(oldest);
    dropped.push(old);
  }
  return dropped;
}

/**
 * Decides when an epoch is complete. A server epoch is complete when its write marker is committed (in the same
 * transaction as its rows, or after the staged rows). A legacy epoch, written row by row without a marker, is taken
 * as complete once the job's next epoch starts, the job finishes, or no row of it arrived for `quietMs`.
 *
 * Every epoch is announced once, in bounded memory. A marker commits once, so a server epoch could come again only
 * with a batch handed over again: the epochs just announced are remembered one by one (MAX_RECENT). The legacy writer
 * writes a job's epochs in order, so for legacy epochs a watermark per job (its highest announced epoch) tells a late
 * row of an announced epoch from a new one; it is kept for the MAX_REMEMBERED_JOBS jobs announced last, for a day.
 */
export class EpochCompletion {
  /** Legacy candidates, the longest waiting first. */
  private readonly pending = new Map<string, Pending>();
  /** Epochs just announced, the oldest first. */
  private readonly recent = new Map<string, true>();
  /** Per job: the highest legacy epoch announced and when, the least recently announced job first. */
  private readonly legacyTop = new Map<string, { epoch: number; at: number }>();

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
      if (marker.committed && !wasCommitted && !this.isEmitted(key)) signals.committed.push({ ...marker, epoch: marker.epoch });
    }
    const due = new Map<string, EpochKey>();
    for (const change of changes) {
      const image = change.newImage;
      if (!image) continue;
      if (isJobItem(image)) {
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
      if (this.isEmitted(key)) {
        if (RANKED_METRICS.includes(point.name)) signals.lateRows.push(key.jobId);
        continue;
      }
      due.delete(id);
      // Too many waiting: the longest waiting are taken as complete.
      for (const p of touch(this.pending, id, { key, lastRowMs: this.now(), shardId: change.shardId }, MAX_PENDING))
        due.set(keyOf(p.key), p.key);
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

  /**
   * Puts back candidates that could not be handled yet (the database was unreachable): all of them, at most a batch's
   * and a tick's worth; the next new candidate takes the oldest beyond MAX_PENDING as complete.
   */
  retry(keys: readonly EpochKey[]): void {
    for (const key of keys) if (!this.isEmitted(key)) touch(this.pending, keyOf(key), { key, lastRowMs: 0, shardId: RETRY_SHARD });
  }

  isEmitted(key: EpochKey): boolean {
    return this.recent.has(keyOf(key)) || key.epoch <= (this.legacyTop.get(key.jobId)?.epoch ?? -Infinity);
  }

  markEmitted(key: EpochKey): void {
    touch(this.recent, keyOf(key), true, MAX_RECENT);
  }

  /** Undoes `markEmitted` when the announcement could not be sent. */
  forget(key: EpochKey): void {
    this.recent.delete(keyOf(key));
  }

  /** A legacy epoch was announced: later rows of it, or of an earlier epoch of its job, are late rows. */
  raiseWatermark(key: EpochKey): void {
    const top = Math.max(key.epoch, this.legacyTop.get(key.jobId)?.epoch ?? -Infinity);
    touch(this.legacyTop, key.jobId, { epoch: top, at: this.now() }, MAX_REMEMBERED_JOBS);
  }

  hasPending(): boolean {
    return this.pending.size > 0;
  }

  snapshot(): EpochCompletionState {
    const cutoff = this.now() - REMEMBER_MS;
    for (const [jobId, { at }] of this.legacyTop) if (at < cutoff) this.legacyTop.delete(jobId);
    return {
      pending: [...this.pending.values()].map((p) => [p.key.jobId, p.key.epoch, p.lastRowMs, p.shardId]),
      announced: [...this.legacyTop].map(([jobId, { epoch, at }]) => [jobId, epoch, at]),
    };
  }

  /** Takes back a snapshot; a state of another shape (an older version's) is ignored. */
  restore(state: Partial<EpochCompletionState> | undefined): void {
    for (const [jobId, epoch, lastRowMs, shardId] of state?.pending ?? [])
      touch(this.pending, keyOf({ jobId, epoch }), { key: { jobId, epoch }, lastRowMs, shardId });
    for (const [jobId, epoch, at] of state?.announced ?? []) touch(this.legacyTop, jobId, { epoch, at }, MAX_REMEMBERED_JOBS);
  }

  private pendingOf(jobId: string) {
    return [...this.pending.values()].filter((p) => p.key.jobId === jobId);
  }
}

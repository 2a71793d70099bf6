import type { DynamoGateway } from '../db/gateway';
import { ItemType } from '../db/schema';
import { parseJobItem } from '../modules/jobs/job-item';
import { PartitionRepository } from '../modules/partition/partition-repository';
import { LeaderboardRepository } from '../modules/leaderboard/leaderboard-repository';
import { LeaderboardUpkeep } from '../modules/leaderboard/summary-upkeep';
import { CardUpkeep } from '../modules/cards/card-upkeep';
import { buildEpochs } from '../modules/metrics/epoch-rules';
import { metricPointToItem, parseMetricItem } from '../modules/metrics/metric-item';
import type { EpochRow, MetricPoint, WriteMarker } from '../modules/metrics/metric-model';
import { contentPoints, type RecordingContent } from '../modules/metrics/recording-content';
import { compareTrainingOrder } from '../modules/metrics/metric-rules';
import { parseStepPoint } from '../modules/metrics/step-items';
import { addedPoints } from '../modules/metrics/step-packs';
import { forEachLimited } from '../platform/concurrency';
import type { CheckpointStore } from './checkpoints';
import { madeBefore, type ItemChange } from './table-stream-reader';
import { EpochCompletion, RETRY_SHARD, type EpochCompletionState, type EpochKey } from './epoch-completion';
import type { PublishEvent } from '../live/live-events';
import { catalogEvent } from './catalog-event';
import { canonicalJson } from '../platform/json-values';
import { writtenItems } from './leaderboard-upkeep-feed';

export interface ChangeFeedOptions {
  /** A legacy epoch with no new row for this long is taken as complete. */
  quietMs: number;
  /**
   * Changes made before this time (ms) are read through without events, only keeping leaderboard summaries right: no
   * one was listening for them. Unset: every change is announced.
   */
  announceSince?: number;
  log?: (msg: string) => void;
}

/** Jobs whose epochs are read back and announced at once. */
const ANNOUNCE_CONCURRENCY = 4;

/** Job attributes whose change subscribers hear of (a new last-seen time alone is not one: staleness is, by the catalog). */
const ANNOUNCED_JOB_ATTRIBUTES = ['status', 'results', 'name', 'description', 'tags', 'notes'] as const;

/** Whether a job item's change is one subscribers hear of: a new job, or a new status, results, name, tags or notes. */
function jobChanged(change: ItemChange): boolean {
  if (change.event === 'INSERT') return true;
  const before = change.oldImage;
  const after = change.newImage;
  return !before || !after || ANNOUNCED_JOB_ATTRIBUTES.some((a) => canonicalJson(before[a] ?? null) !== canonicalJson(after[a] ?? null));
}

/** New points of a series: those a packed part gained, a step-level item, or a metric row outside staged epochs. */
function pointsOf(change: ItemChange): MetricPoint[] {
  if (change.event === 'REMOVE' || !change.newImage) return [];
  const added = addedPoints(change.oldImage ?? undefined, change.newImage);
  if (added.length || change.event !== 'INSERT') return added;
  const image = change.newImage;
  const point = image.TYPE === ItemType.stepPoint ? parseStepPoint(image) : parseMetricItem(image);
  return point && !point.epochToken ? [point] : [];
}

/** A server epoch as its committed marker holds it (the epoch's whole content); none if the content has no epoch row. */
function markerEpoch(marker: WriteMarker & EpochKey, isBest: boolean): EpochRow[] {
  const content = JSON.parse(marker.content) as RecordingContent;
  const points = contentPoints(marker.jobId, content, marker.timestamp).map((p) => parseMetricItem(metricPointToItem(p)) as MetricPoint);
  const [row] = buildEpochs(points);
  return row ? [{ ...row, isBest }] : [];
}

/**
 * Turns the table's item changes into live events: job changes, new series points, and each epoch once it is complete
 * (see EpochCompletion), read back whole from the job's partition. Legacy epochs also bring the job's leaderboard
 * summaries up to date through the leaderboard upkeep, since the legacy writer does not maintain them. Changes made
 * before `announceSince` are read through without events, their summaries kept all the same (LeaderboardUpkeep.keepUp).
 * Its memory is bounded whatever the stream holds: a batch at a time, a few jobs read back at once, EpochCompletion's
 * bounded state.
 */
export class LiveChangeFeed {
  private readonly completion: EpochCompletion;
  private readonly partitions: PartitionRepository;
  private readonly summaries: LeaderboardRepository;
  private readonly upkeep: LeaderboardUpkeep;
  private readonly cards: CardUpkeep;
  private readonly log: (msg: string) => void;
  private readonly announceSince: number;
  private ticking = false;
  /** Per shard: when the latest read that reached the shard's end started. */
  private readonly caughtUp = new Map<string, number>();
  /** Changes read through so far, and whether that has been reported (once a shard's read reaches its end). */
  private readThrough = { changes: 0, reported: false };

  constructor(
    gw: DynamoGateway,
    private readonly publish: PublishEvent,
    private readonly checkpoints: CheckpointStore,
    opts: ChangeFeedOptions,
  ) {
    this.partitions = new PartitionRepository(gw);
    this.summaries = new LeaderboardRepository(gw);
    this.upkeep = LeaderboardUpkeep.over(gw);
    this.cards = CardUpkeep.over(gw);
    this.completion = new EpochCompletion(opts.quietMs);
    this.completion.restore(checkpoints.state() as Partial<EpochCompletionState> | undefined);
    this.announceSince = opts.announceSince ?? -Infinity;
    this.log = opts.log ?? (() => undefined);
  }

  /** Handles one batch of changes; throws (and the batch comes again) when an event could not be built or sent. */
  readonly handle = async (batch: ItemChange[]): Promise<void> => {
    const earlier = batch.filter((c) => madeBefore(c, this.announceSince));
    const changes = earlier.length ? batch.filter((c) => !madeBefore(c, this.announceSince)) : batch;
    // A job read back for its summaries has its card rebuilt from the same read.
    const read = earlier.length ? await this.upkeep.keepUp(writtenItems(earlier), (view) => this.cards.rebuild(view.jobId, view)) : [];
    // Every change, announced or read through: rows written without their card (legacy ones) rebuild it.
    await this.cards.keepUp(batch, read);
    const forCatalogs = catalogEvent(batch);
    if (forCatalogs) await this.publish(forCatalogs);
    const signals = this.completion.observe(changes);
    try {
      await this.publishJobs(changes);
      await this.publishPoints(changes);
      await this.announce(signals.committed, signals.due);
      for (const jobId of new Set(signals.lateRows)) await this.upkeep.reindexJob(jobId);
    } catch (error) {
      this.completion.retry(signals.due);
      throw error;
    }
    this.readThrough.changes += earlier.length;
    this.checkpoints.stageState(this.completion.snapshot());
  };

  /** The stream reader reached the end of `shardId` with a read that started at `startedAtMs`. */
  readonly caughtUpWith = (shardId: string, startedAtMs: number): void => {
    this.caughtUp.set(shardId, Math.max(startedAtMs, this.caughtUp.get(shardId) ?? 0));
    if (this.readThrough.changes && !this.readThrough.reported) {
      this.readThrough.reported = true;
      const since = new Date(this.announceSince).toISOString();
      this.log(
        `live: caught up with the stream: ${this.readThrough.changes} changes made before ${since} read through without events (leaderboard summaries kept)`,
      );
    }
  };

  /** Announces legacy epochs whose quiet period has passed; called every so often. */
  async tick(): Promise<void> {
    if (this.ticking || !this.completion.hasPending()) return;
    this.ticking = true;
    const quiet = this.completion.takeQuiet((shardId) => (shardId === RETRY_SHARD ? Infinity : (this.caughtUp.get(shardId) ?? 0)));
    try {
      if (quiet.length === 0) return;
      await this.announce([], quiet);
      this.checkpoints.saveState(this.completion.snapshot());
    } catch (error) {
      this.completion.retry(quiet);
      this.log(`live: epochs not announced yet: ${(error as Error).message}`);
    } finally {
      this.ticking = false;
    }
  }

  private async publishJobs(changes: ItemChange[]): Promise<void> {
    for (const change of changes) {
      const job = change.newImage && jobChanged(change) ? parseJobItem(change.newImage) : null;
      if (job) await this.publish({ kind: 'job', id: `job:${job.id}:${change.sequenceNumber}`, jobId: job.id, job });
    }
  }

  private async publishPoints(changes: ItemChange[]): Promise<void> {
    const groups = new Map<string, { first: string; points: MetricPoint[] }>();
    for (const change of changes) {
      for (const point of pointsOf(change)) {
        const key = `${point.jobId}:${point.name}`;
        const group = groups.get(key) ?? { first: change.sequenceNumber, points: [] };
        group.points.push(point);
        groups.set(key, group);
      }
    }
    for (const [key, { first, points }] of groups) {
      const { jobId, name } = points[0];
      await this.publish({ kind: 'points', id: `points:${key}:${first}`, jobId, name, points: points.sort(compareTrainingOrder) });
    }
  }

  /**
   * Announces complete epochs, each job's in order, a few jobs at a time. A server epoch is built from its committed
   * marker, which holds the epoch's whole content (no partition read); `isBest` comes from the job's val_f1 summary,
   * written in the same transaction. A legacy-looking candidate is read back from its job's partition: it may turn out
   * to have a marker (then that marker's commit announces it), else its rows are the epoch and its job's summaries are
   * brought up to date from the same read.
   */
  private async announce(committed: Array<WriteMarker & EpochKey>, candidates: EpochKey[]): Promise<void> {
    const fromMarkers = committed.filter((m) => !this.completion.isEmitted(m));
    const best = await this.bestEpochs(fromMarkers.map((m) => m.jobId));
    const jobs = new Map<string, { markers: Array<WriteMarker & EpochKey>; candidates: number[] }>();
    const workOf = (jobId: string) => {
      const work = jobs.get(jobId) ?? { markers: [], candidates: [] };
      jobs.set(jobId, work);
      return work;
    };
    for (const marker of fromMarkers) workOf(marker.jobId).markers.push(marker);
    for (const key of candidates) workOf(key.jobId).candidates.push(key.epoch);
    await forEachLimited([...jobs], ANNOUNCE_CONCURRENCY, async ([jobId, work]) => {
      const rows = work.markers.flatMap((m) => markerEpoch(m, best.get(jobId) === m.epoch));
      const read = work.candidates.length ? await this.readBack(jobId, work.candidates) : { rows: [], legacy: new Set<number>() };
      for (const row of [...rows, ...read.rows].sort((a, b) => a.epoch - b.epoch)) await this.publishEpoch(row, read.legacy.has(row.epoch));
    });
  }

  /**
   * Candidate epochs of one job as its partition holds them (one strongly consistent read), and which of them are
   * legacy epochs (no marker): the job's summaries and card are brought up to date from the same read.
   */
  private async readBack(jobId: string, epochs: number[]): Promise<{ rows: EpochRow[]; legacy: Set<number> }> {
    const view = await this.partitions.read(jobId, true);
    const wanted = new Set<number>();
    const legacy = new Set<number>();
    for (const epoch of epochs) {
      const marker = view.markers.find((m) => m.epoch === epoch);
      if (marker && !marker.committed) continue;
      wanted.add(epoch);
      if (!marker) legacy.add(epoch);
    }
    if (legacy.size) {
      await this.upkeep.reindexJob(jobId, view);
      await this.cards.rebuild(jobId, view);
    }
    return { rows: view.epochs().filter((row) => wanted.has(row.epoch)), legacy };
  }

  /** Sends one epoch unless it was announced already; a legacy one raises its job's watermark. */
  private async publishEpoch(row: EpochRow, legacy: boolean): Promise<void> {
    const key = { jobId: row.jobId, epoch: row.epoch };
    if (this.completion.isEmitted(key)) return;
    // Marked before the await, so a batch and a quiet-period tick handled meanwhile cannot both announce it.
    this.completion.markEmitted(key);
    try {
      await this.publish({ kind: 'epoch', id: `epoch:${row.jobId}:${row.epoch}`, jobId: row.jobId, epoch: row });
    } catch (error) {
      this.completion.forget(key);
      throw error;
    }
    if (legacy) this.completion.raiseWatermark(key);
  }

  /** Each job's best epoch by val_f1, from its leaderboard summary (one strongly consistent BatchGetItem). */
  private async bestEpochs(jobIds: string[]): Promise<Map<string, number | null>> {
    if (jobIds.length === 0) return new Map();
    const summaries = await this.summaries.get([...new Set(jobIds)].map((jobId) => ({ jobId, metric: 'val_f1' })));
    return new Map(summaries.map((s) => [s.jobId, s.epoch] as const));
  }
}

import { batchGet } from '../db/batch';
import type { DynamoGateway } from '../db/gateway';
import { ItemType, leaderboardSummaryKey } from '../db/keys';
import { parseJobItem } from '../jobs/job-item';
import { JobPartition } from '../metrics/job-partition';
import { reindexJob } from '../metrics/leaderboard-reindex';
import { buildEpochs } from '../metrics/epoch-rules';
import { parseSummary } from '../metrics/leaderboard-items';
import { metricPointToItem, parseMetricItem } from '../metrics/metric-item';
import type { EpochRow, MetricPoint, WriteMarker } from '../metrics/metric-model';
import { contentPoints, type RecordingContent } from '../metrics/recording-content';
import { MetricRepository } from '../metrics/metric-repository';
import { compareTrainingOrder } from '../metrics/metric-rules';
import { parseStepPoint } from '../metrics/step-items';
import type { CheckpointStore } from '../stream/checkpoints';
import type { ItemChange } from '../stream/table-stream-reader';
import { EpochCompletion, RETRY_SHARD, type EpochCompletionState, type EpochKey } from './epoch-completion';
import type { PublishEvent } from './live-events';

export interface ChangeFeedOptions {
  /** A legacy epoch with no new row for this long is taken as complete. */
  quietMs: number;
  log?: (msg: string) => void;
}

/** Whether a job item's change is one subscribers hear of: a new job, or a new status or results. */
function jobChanged(change: ItemChange): boolean {
  if (change.event === 'INSERT') return true;
  const before = change.oldImage;
  const after = change.newImage;
  return !before || !after || before.status !== after.status || JSON.stringify(before.results ?? null) !== JSON.stringify(after.results ?? null);
}

/** New points of a series, from step-level items or from metric rows outside staged epochs. */
function pointOf(change: ItemChange): MetricPoint | null {
  if (change.event !== 'INSERT' || !change.newImage) return null;
  const image = change.newImage;
  if (image.TYPE === ItemType.stepPoint) return parseStepPoint(image);
  const point = parseMetricItem(image);
  return point && !point.epochToken ? point : null;
}

/**
 * Turns the table's item changes into live events: job changes, new series points, and each epoch once it is complete
 * (see EpochCompletion), read back whole from the job's partition. Legacy epochs also bring the job's leaderboard
 * summaries up to date, since the legacy writer does not maintain them.
 */
export class LiveChangeFeed {
  private readonly completion: EpochCompletion;
  private readonly metrics: MetricRepository;
  private readonly log: (msg: string) => void;
  private ticking = false;
  /** Per shard: when the latest read that reached the shard's end started. */
  private readonly caughtUp = new Map<string, number>();

  constructor(
    private readonly gw: DynamoGateway,
    private readonly publish: PublishEvent,
    private readonly checkpoints: CheckpointStore,
    opts: ChangeFeedOptions,
  ) {
    this.metrics = new MetricRepository(gw);
    this.completion = new EpochCompletion(opts.quietMs);
    this.completion.restore(checkpoints.state() as EpochCompletionState | undefined);
    this.log = opts.log ?? (() => undefined);
  }

  /** Handles one batch of changes; throws (and the batch comes again) when an event could not be built or sent. */
  readonly handle = async (changes: ItemChange[]): Promise<void> => {
    const signals = this.completion.observe(changes);
    try {
      await this.publishJobs(changes);
      await this.publishPoints(changes);
      await this.announce(signals.committed, signals.due);
      for (const jobId of new Set(signals.lateRows)) await reindexJob(this.metrics, jobId);
    } catch (error) {
      this.completion.retry(signals.due);
      throw error;
    }
    this.checkpoints.stageState(this.completion.snapshot());
  };

  /** The stream reader reached the end of `shardId` with a read that started at `startedAtMs`. */
  readonly caughtUpWith = (shardId: string, startedAtMs: number): void => {
    this.caughtUp.set(shardId, Math.max(startedAtMs, this.caughtUp.get(shardId) ?? 0));
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
      const point = pointOf(change);
      if (!point) continue;
      const key = `${point.jobId}:${point.name}`;
      const group = groups.get(key) ?? { first: change.sequenceNumber, points: [] };
      group.points.push(point);
      groups.set(key, group);
    }
    for (const [key, { first, points }] of groups) {
      const { jobId, name } = points[0];
      await this.publish({ kind: 'points', id: `points:${key}:${first}`, jobId, name, points: points.sort(compareTrainingOrder) });
    }
  }

  /**
   * Announces complete epochs, each job's in order. A server epoch is built from its committed marker, which holds the
   * epoch's whole content (no partition read); `isBest` comes from the job's val_f1 summary, written in the same
   * transaction. A legacy-looking candidate is read back from its job's partition: it may turn out to have a marker
   * (then that marker's commit announces it), else its rows are the epoch and its job's summaries are brought up to
   * date from the same read.
   */
  private async announce(committed: Array<WriteMarker & EpochKey>, candidates: EpochKey[]): Promise<void> {
    const rows: EpochRow[] = [];
    const fromMarkers = committed.filter((m) => !this.completion.isEmitted(m));
    const best = await this.bestEpochs(fromMarkers.map((m) => m.jobId));
    for (const marker of fromMarkers) {
      const content = JSON.parse(marker.content) as RecordingContent;
      const points = contentPoints(marker.jobId, content, marker.timestamp).map((p) => parseMetricItem(metricPointToItem(p)) as MetricPoint);
      const [row] = buildEpochs(points);
      if (row) rows.push({ ...row, isBest: best.get(marker.jobId) === marker.epoch });
    }
    const jobs = new Set(candidates.map((k) => k.jobId));
    await Promise.all(
      [...jobs].map(async (jobId) => {
        const items = await this.metrics.partitionItems(jobId, true);
        const view = new JobPartition(jobId, items);
        const wanted = new Set<number>();
        let legacy = false;
        for (const key of candidates.filter((k) => k.jobId === jobId)) {
          const marker = view.markers.find((m) => m.epoch === key.epoch);
          if (marker && !marker.committed) continue;
          wanted.add(key.epoch);
          legacy ||= !marker;
        }
        rows.push(...view.epochs().filter((row) => wanted.has(row.epoch)));
        if (legacy) await reindexJob(this.metrics, jobId, items);
      }),
    );
    rows.sort((a, b) => (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : a.epoch - b.epoch));
    for (const row of rows) {
      const key = { jobId: row.jobId, epoch: row.epoch };
      if (this.completion.isEmitted(key)) continue;
      // Marked before the await, so a batch and a quiet-period tick handled meanwhile cannot both announce it.
      this.completion.markEmitted(key);
      try {
        await this.publish({ kind: 'epoch', id: `epoch:${row.jobId}:${row.epoch}`, jobId: row.jobId, epoch: row });
      } catch (error) {
        this.completion.forget(key);
        throw error;
      }
    }
  }

  /** Each job's best epoch by val_f1, from its leaderboard summary (one strongly consistent BatchGetItem). */
  private async bestEpochs(jobIds: string[]): Promise<Map<string, number | null>> {
    if (jobIds.length === 0) return new Map();
    const items = await batchGet(this.gw, [...new Set(jobIds)].map((id) => leaderboardSummaryKey(id, 'val_f1')), undefined, true);
    return new Map(items.map(parseSummary).flatMap((s) => (s ? [[s.jobId, s.epoch] as const] : [])));
  }
}

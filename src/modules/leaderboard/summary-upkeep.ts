import type { Item } from '../../db/batch';
import type { DynamoGateway } from '../../db/gateway';
import { improves, mayChangeSummary, RANKED_METRICS, type LeaderboardSummary } from './leaderboard-items';
import { LeaderboardRepository } from './leaderboard-repository';
import { reindexJob } from './leaderboard-reindex';
import { JobRepository } from '../jobs/job-repository';
import { parseMetricItem } from '../metrics/metric-item';
import type { RecordingContent } from '../metrics/recording-content';
import type { JobPartition } from '../partition/job-partition';
import { PartitionRepository } from '../partition/partition-repository';
import { forEachLimited } from '../../platform/concurrency';

/** Jobs reindexed at once. */
const REINDEX_CONCURRENCY = 4;

/** The leaderboard summaries an epoch improves (a better value, or the same at an earlier epoch). */
export function improvedSummaries(
  jobId: string,
  content: RecordingContent,
  timestamp: string,
  current: Map<string, LeaderboardSummary>,
): LeaderboardSummary[] {
  if (content.epoch === null) return [];
  return RANKED_METRICS.flatMap((metric) => {
    const value = content.metrics[metric]?.value;
    if (value === undefined || !improves(current.get(metric) ?? null, value, content.epoch)) return [];
    return [{ jobId, metric, value, epoch: content.epoch, timestamp, version: current.get(metric)?.version ?? 0 }];
  });
}

/** Where a reindex run is. */
export interface ReindexProgress {
  jobsTotal: number;
  jobsDone: number;
  summariesWritten: number;
}

/**
 * The one keeper of leaderboard summaries (a job's best value of each ranked metric), called explicitly by whoever
 * writes or sees epochs: the recording transaction (`summariesFor`), the stream consumer (`keepUp` for rows others
 * wrote, `reindexJob` for legacy epochs it reads back), and `npm run reindex` (`reindexAll`).
 */
export class LeaderboardUpkeep {
  constructor(
    private readonly summaries: LeaderboardRepository,
    private readonly partitions: PartitionRepository,
    private readonly jobs: JobRepository,
  ) {}

  /** The upkeep on the repositories of one gateway. */
  static over(gw: DynamoGateway): LeaderboardUpkeep {
    return new LeaderboardUpkeep(new LeaderboardRepository(gw), new PartitionRepository(gw), new JobRepository(gw));
  }

  /** The summaries an epoch write improves (a better value, or the same at an earlier epoch), for its transaction. */
  summariesFor(
    jobId: string,
    content: RecordingContent,
    timestamp: string,
    current: Map<string, LeaderboardSummary>,
  ): LeaderboardSummary[] {
    return improvedSummaries(jobId, content, timestamp, current);
  }

  /**
   * Keeps summaries right for items written without them (the legacy writer keeps none). The ranked epoch rows among
   * `written` are set against the stored summaries of their (job, metric) (one BatchGetItem per 100 pairs); only the
   * jobs where a row may change one (mayChangeSummary: it improves it, or re-sends its epoch with another value) are
   * reindexed (one partition read each, a few at a time). Server epochs come with their summaries, so their rows change
   * nothing. `alongside` gets each read first, for other upkeep of the same job (its card); the jobs read are returned.
   */
  async keepUp(written: readonly Item[], alongside?: (view: JobPartition) => Promise<unknown>): Promise<string[]> {
    const rows: Array<{ id: string; jobId: string; metric: string; value: number; epoch: number }> = [];
    for (const item of written) {
      const point = parseMetricItem(item);
      if (!point || point.epoch === null || point.value === null || point.epochToken || !RANKED_METRICS.includes(point.name)) continue;
      rows.push({ id: `${point.jobId}#${point.name}`, jobId: point.jobId, metric: point.name, value: point.value, epoch: point.epoch });
    }
    if (rows.length === 0) return [];
    const pairs = [...new Map(rows.map((r) => [r.id, r])).values()];
    const current = new Map<string, LeaderboardSummary>((await this.summaries.get(pairs)).map((s) => [`${s.jobId}#${s.metric}`, s]));
    const stale = [...new Set(rows.filter((r) => mayChangeSummary(current.get(r.id) ?? null, r.value, r.epoch)).map((r) => r.jobId))];
    await forEachLimited(stale, REINDEX_CONCURRENCY, async (jobId) => {
      const view = alongside ? await this.partitions.read(jobId, true) : undefined;
      if (view) await alongside?.(view);
      await this.reindexJob(jobId, view);
    });
    return stale;
  }

  /** Brings one job's summaries in line with its epochs; `firstRead` saves the read of a caller that has its partition. */
  reindexJob(jobId: string, firstRead?: JobPartition): Promise<number> {
    return reindexJob(this.summaries, this.partitions, jobId, firstRead);
  }

  /**
   * Backfills leaderboard summaries for every job, `concurrency` jobs at a time; safe to rerun and to run during writes.
   * Each job's partition is read once (strongly consistent) and handed to `alongside` first, for other upkeep of the
   * same walk, then to the job's reindex.
   */
  async reindexAll(
    opts: { concurrency?: number; alongside?: (view: JobPartition) => Promise<void>; onProgress?: (p: ReindexProgress) => void } = {},
  ): Promise<ReindexProgress> {
    const ids = await this.jobs.allIds();
    const progress: ReindexProgress = { jobsTotal: ids.length, jobsDone: 0, summariesWritten: 0 };
    await forEachLimited(ids, opts.concurrency ?? 8, async (id) => {
      const view = await this.partitions.read(id, true);
      await opts.alongside?.(view);
      const written = await this.reindexJob(id, view); // awaited first: `+= await` would add to a stale total
      progress.summariesWritten += written;
      progress.jobsDone++;
      opts.onProgress?.(progress);
    });
    return progress;
  }
}

import { queryAll, type Item } from '../../db/batch';
import { forEachLimited } from '../../platform/concurrency';
import type { DynamoGateway } from '../../db/gateway';
import { CREATED_PREFIX, ItemType, JOBS_BY_STATUS_INDEX, jobsByStatus } from '../../db/schema';
import { parseJobItem } from '../jobs/job-item';
import { JOB_STATUSES } from '../jobs/job-model';
import { JobPartition } from '../partition/job-partition';
import { parseSummary, RANKED_METRICS, type LeaderboardSummary } from './leaderboard-items';
import { MetricRepository } from '../metrics/metric-repository';
import { bestPoint, defaultDirection } from '../metrics/metric-rules';

/** Where a reindex run is. */
export interface ReindexProgress {
  jobsTotal: number;
  jobsDone: number;
  summariesWritten: number;
}

const MAX_ATTEMPTS = 10;

/** Every job id in the table (one GSI1 query per status, foreign items filtered). */
async function allJobIds(gw: DynamoGateway): Promise<string[]> {
  const perStatus = await Promise.all(
    JOB_STATUSES.map((status) =>
      queryAll(gw, {
        IndexName: JOBS_BY_STATUS_INDEX,
        KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :created)',
        FilterExpression: '#type = :job',
        ExpressionAttributeNames: { '#type': 'TYPE' },
        ExpressionAttributeValues: { ':pk': jobsByStatus(status), ':created': CREATED_PREFIX, ':job': ItemType.job },
      }),
    ),
  );
  return perStatus.flat().flatMap((item) => parseJobItem(item)?.id ?? []);
}

/**
 * Brings one job's summaries in line with its epochs (legacy ones included). Each summary is written only if it is
 * still at the version read, so a trainer recording an epoch meanwhile is never overwritten: the job is read again.
 */
export async function reindexJob(metrics: MetricRepository, jobId: string, firstRead?: Item[]): Promise<number> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // A caller that has just read the partition (strongly consistent) saves the first read.
    const items = attempt === 0 && firstRead ? firstRead : await metrics.partitionItems(jobId, true);
    const view = new JobPartition(jobId, items);
    const current = new Map(items.map(parseSummary).filter((s): s is LeaderboardSummary => s !== null).map((s) => [s.metric, s]));
    let written = 0;
    let raced = false;
    for (const metric of RANKED_METRICS) {
      const best = bestPoint(view.series(metric).filter((p) => p.epoch !== null), defaultDirection(metric));
      const before = current.get(metric);
      if (!best || (before && before.value === best.value && before.epoch === best.epoch)) continue;
      const summary = { jobId, metric, value: best.value as number, epoch: best.epoch, timestamp: best.timestamp, version: before?.version ?? 0 };
      if (await metrics.saveSummary(summary)) written++;
      else raced = true;
    }
    if (!raced) return written;
  }
  throw new Error(`job ${jobId}: summaries kept changing during ${MAX_ATTEMPTS} reindex attempts`);
}

/** Backfills leaderboard summaries for every job, `concurrency` jobs at a time; safe to rerun and to run during writes. */
export async function reindexLeaderboards(gw: DynamoGateway, opts: { concurrency?: number; onProgress?: (p: ReindexProgress) => void } = {}): Promise<ReindexProgress> {
  const metrics = new MetricRepository(gw);
  const ids = await allJobIds(gw);
  const progress: ReindexProgress = { jobsTotal: ids.length, jobsDone: 0, summariesWritten: 0 };
  await forEachLimited(ids, opts.concurrency ?? 8, async (id) => {
    const written = await reindexJob(metrics, id); // awaited first: `+= await` would add to a stale total
    progress.summariesWritten += written;
    progress.jobsDone++;
    opts.onProgress?.(progress);
  });
  return progress;
}

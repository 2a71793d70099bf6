import type { JobPartition } from '../partition/job-partition';
import type { PartitionRepository } from '../partition/partition-repository';
import { RANKED_METRICS, summaryFromPoints } from './leaderboard-items';
import type { LeaderboardRepository } from './leaderboard-repository';

const MAX_ATTEMPTS = 10;

/**
 * Brings one job's summaries in line with its epochs (legacy ones included). Each summary is written only if it is
 * still at the version read, so a trainer recording an epoch meanwhile is never overwritten: the job is read again.
 */
export async function reindexJob(
  summaries: LeaderboardRepository,
  partitions: PartitionRepository,
  jobId: string,
  firstRead?: JobPartition,
): Promise<number> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // A caller that has just read the partition (strongly consistent) saves the first read.
    const view = attempt === 0 && firstRead ? firstRead : await partitions.read(jobId, true);
    const current = view.summaries;
    let written = 0;
    let raced = false;
    for (const metric of RANKED_METRICS) {
      const before = current.get(metric);
      const summary = summaryFromPoints(jobId, metric, view.points, before?.version ?? 0);
      if (!summary || (before && before.value === summary.value && before.epoch === summary.epoch)) continue;
      if (await summaries.save(summary)) written++;
      else raced = true;
    }
    if (!raced) return written;
  }
  throw new Error(`job ${jobId}: summaries kept changing during ${MAX_ATTEMPTS} reindex attempts`);
}

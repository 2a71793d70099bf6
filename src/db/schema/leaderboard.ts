/** A job's leaderboard summary of one ranked metric (server kind, docs/storage.md): its best value, indexed in GSI3. */
import { Index, jobPartition, type TableKey } from './shared';

export const LEADERBOARD_TYPE = 'JOB_LEADERBOARD';
/** Sort-key prefix of a job's leaderboard summaries, and GSI3 partition prefix of one metric's leaderboard. */
export const LEADERBOARD_SUMMARIES_OF_JOB = 'LEADERBOARD#';

/** One metric's leaderboard, best first: GSI3 `LEADERBOARD#{metric}` / `{sortable value}#{id}`. */
export const LEADERBOARD_INDEX = Index.gsi3;

/** Key of a job's leaderboard summary of one metric. */
export function leaderboardSummaryKey(jobId: string, metric: string): TableKey {
  return { PK: jobPartition(jobId), SK: `${LEADERBOARD_SUMMARIES_OF_JOB}${metric}` };
}

/** GSI3 partition of one metric's leaderboard: every job's best value, best first. */
export function leaderboardOf(metric: string): string {
  return `${LEADERBOARD_SUMMARIES_OF_JOB}${metric}`;
}

/** GSI3 sort key of a summary: ranked by `sortableValue` (ascending is best first), ties broken by job id. */
export function leaderboardRank(sortableValue: string, jobId: string): string {
  return `${sortableValue}#${jobId}`;
}

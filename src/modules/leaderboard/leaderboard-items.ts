import type { Item } from '../../db/batch';
import { ItemType, jobIdOfPartition, leaderboardOf, leaderboardRank, leaderboardSummaryKey } from '../../db/schema';
import { readInt, readNumber, readString } from '../../db/item-values';
import { bestEpochValue } from '../metrics/epoch-rules';
import type { MetricPoint } from '../metrics/metric-model';
import { beats, defaultDirection, type Direction } from '../metrics/metric-rules';

/** Metrics whose leaderboards are kept as summaries (read in O(k)); others are computed from every point. */
export const RANKED_METRICS: readonly string[] = ['val_f1', 'eval_loss'];

/** A job's best value of a ranked metric. */
export interface LeaderboardSummary {
  jobId: string;
  metric: string;
  value: number;
  epoch: number | null;
  timestamp: string;
  version: number;
}

/**
 * A string that sorts like the number: IEEE-754 bits with the sign bit flipped for positives and every bit flipped
 * for negatives, as 16 hex digits.
 */
export function sortableNumber(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value === 0 ? 0 : value); // -0 sorts as 0
  let bits = view.getBigUint64(0);
  bits = bits & (1n << 63n) ? ~bits & 0xffffffffffffffffn : bits | (1n << 63n);
  return bits.toString(16).padStart(16, '0');
}

/** GSI3 sort key: best first in ascending order (DESC metrics are stored negated), then job id. */
export function leaderboardSortKey(metric: string, value: number, jobId: string): string {
  const direction: Direction = defaultDirection(metric);
  return leaderboardRank(sortableNumber(direction === 'DESC' ? -value : value), jobId);
}

/** The summary item: in the job's partition (deleted with it), indexed in GSI3 under its metric. */
export function summaryToItem(s: LeaderboardSummary): Item {
  return {
    ...leaderboardSummaryKey(s.jobId, s.metric),
    TYPE: ItemType.leaderboard,
    GSI3PK: leaderboardOf(s.metric),
    GSI3SK: leaderboardSortKey(s.metric, s.value, s.jobId),
    job_id: s.jobId,
    metric_name: s.metric,
    value: s.value,
    ...(s.epoch !== null ? { epoch: s.epoch } : {}),
    timestamp: s.timestamp,
    version: s.version,
  };
}

/** Parses a summary item; null for anything else. */
export function parseSummary(item: Item): LeaderboardSummary | null {
  if (item.TYPE !== ItemType.leaderboard) return null;
  const jobId = jobIdOfPartition(String(item.PK));
  const metric = readString(item.metric_name);
  const value = readNumber(item.value);
  if (!jobId || !metric || value === null) return null;
  return {
    jobId,
    metric,
    value,
    epoch: readInt(item.epoch),
    timestamp: readString(item.timestamp) ?? '',
    version: readInt(item.version) ?? 0,
  };
}

/** Whether a point should replace a job's summary: a better value, or the same value at an earlier epoch. */
export function improves(current: LeaderboardSummary | null, value: number, epoch: number | null): boolean {
  if (!current) return true;
  if (beats(value, current.value, defaultDirection(current.metric))) return true;
  return value === current.value && epoch !== null && (current.epoch === null || epoch < current.epoch);
}

/**
 * Whether a row the legacy writer wrote (not announced by the server) may leave a job's summary stale, so the job is
 * reindexed: it improves the summary, or it gives the summary's own epoch another value (a re-sent epoch supersedes
 * its earlier rows, so the best epoch's value, and with it the best, may have dropped). Any other row leaves the best
 * epoch where it is. Server epochs cannot be re-sent with another value, so `improves` alone keeps their summaries.
 */
export function mayChangeSummary(current: LeaderboardSummary | null, value: number, epoch: number): boolean {
  return improves(current, value, epoch) || (current !== null && current.epoch === epoch && current.value !== value);
}

/** A job's summary of a ranked metric as its points make it (the best-epoch rule, bestEpochValue); null when no epoch has the metric. */
export function summaryFromPoints(
  jobId: string,
  metric: string,
  points: readonly MetricPoint[],
  version: number,
): LeaderboardSummary | null {
  const best = bestEpochValue(points, metric);
  return best ? { jobId, metric, value: best.value as number, epoch: best.epoch, timestamp: best.timestamp, version } : null;
}

import { batchGet } from '../../db/batch';
import type { DynamoGateway } from '../../db/gateway';
import { leaderboardSummaryKey } from '../../db/schema/keys';
import { mayChangeSummary, parseSummary, RANKED_METRICS, type LeaderboardSummary } from './leaderboard-items';
import { reindexJob } from './leaderboard-reindex';
import { parseMetricItem } from '../metrics/metric-item';
import type { MetricRepository } from '../metrics/metric-repository';
import { forEachLimited } from '../../platform/concurrency';

/** Jobs reindexed at once. */
const REINDEX_CONCURRENCY = 4;

/** What keepSummaries reads of a stream change (the stream's ItemChange has it). */
export interface ChangedItem {
  event: 'INSERT' | 'MODIFY' | 'REMOVE';
  newImage: Record<string, unknown> | null;
}

/**
 * Keeps leaderboard summaries right for changes the consumer reads through without announcing them (made before it
 * started): the legacy writer keeps no summaries, the consumer does. Per batch, the ranked epoch rows are set against
 * the stored summaries of their (job, metric) (one BatchGetItem per 100 pairs); only the jobs where a row may change
 * one (mayChangeSummary: it improves it, or re-sends its epoch with another value) are reindexed (one partition read
 * each, a few at a time). Server epochs come with their summaries, so their rows change nothing.
 */
export async function keepSummaries(gw: DynamoGateway, metrics: MetricRepository, changes: readonly ChangedItem[]): Promise<void> {
  const rows: Array<{ id: string; jobId: string; metric: string; value: number; epoch: number }> = [];
  for (const change of changes) {
    const point = change.event !== 'REMOVE' && change.newImage ? parseMetricItem(change.newImage) : null;
    if (!point || point.epoch === null || point.value === null || point.epochToken || !RANKED_METRICS.includes(point.name)) continue;
    rows.push({ id: `${point.jobId}#${point.name}`, jobId: point.jobId, metric: point.name, value: point.value, epoch: point.epoch });
  }
  if (rows.length === 0) return;
  const pairs = [...new Map(rows.map((r) => [r.id, leaderboardSummaryKey(r.jobId, r.metric)])).values()];
  const stored = (await batchGet(gw, pairs, undefined, true)).map(parseSummary);
  const current = new Map<string, LeaderboardSummary>(stored.flatMap((s) => (s ? [[`${s.jobId}#${s.metric}`, s] as const] : [])));
  const stale = [...new Set(rows.filter((r) => mayChangeSummary(current.get(r.id) ?? null, r.value, r.epoch)).map((r) => r.jobId))];
  await forEachLimited(stale, REINDEX_CONCURRENCY, async (jobId) => void (await reindexJob(metrics, jobId)));
}

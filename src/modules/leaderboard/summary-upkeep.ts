import { improves, RANKED_METRICS, type LeaderboardSummary } from './leaderboard-items';
import { reindexJob } from './leaderboard-reindex';
import { parseMetricItem } from '../metrics/metric-item';
import type { MetricRepository } from '../metrics/metric-repository';
import { forEachLimited } from '../../platform/concurrency';

/** What keepSummaries reads of a stream change (the stream's ItemChange; modules do not import stream/). */
type ItemChange = { event: string; newImage: Record<string, unknown> | null };

/** Jobs reindexed at once. */
const REINDEX_CONCURRENCY = 4;

/**
 * Keeps leaderboard summaries right for changes the consumer reads through without announcing them (made before it
 * started): the legacy writer keeps no summaries, the consumer does. Per batch, the best ranked epoch row of each
 * (job, metric) is set against the stored summary (one BatchGetItem per 100 pairs); only the jobs where a row would
 * improve it are reindexed (one partition read each, a few at a time). Server epochs come with their summaries, so
 * their rows improve nothing.
 */
export async function keepSummaries(metrics: MetricRepository, changes: readonly ItemChange[]): Promise<void> {
  const best = new Map<string, LeaderboardSummary>();
  for (const change of changes) {
    const point = change.event !== 'REMOVE' && change.newImage ? parseMetricItem(change.newImage) : null;
    if (!point || point.epoch === null || point.value === null || point.epochToken || !RANKED_METRICS.includes(point.name)) continue;
    const id = `${point.jobId}#${point.name}`;
    if (!improves(best.get(id) ?? null, point.value, point.epoch)) continue;
    best.set(id, { jobId: point.jobId, metric: point.name, value: point.value, epoch: point.epoch, timestamp: point.timestamp, version: 0 });
  }
  if (best.size === 0) return;
  const rows = [...best.values()];
  const current = new Map((await metrics.summaries(rows)).map((s) => [`${s.jobId}#${s.metric}`, s] as const));
  const stale = [...new Set(rows.filter((r) => improves(current.get(`${r.jobId}#${r.metric}`) ?? null, r.value, r.epoch)).map((r) => r.jobId))];
  await forEachLimited(stale, REINDEX_CONCURRENCY, async (jobId) => void (await reindexJob(metrics, jobId)));
}

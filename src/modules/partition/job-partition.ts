import type { Item } from '../../db/batch';
import { NO_CARD, parseCardItem, type StoredCard } from '../cards/card-item';
import { parseJobItem, parseStatusChange, statusTimestampMissingUpdatedAt } from '../jobs/job-item';
import type { JobModel, StatusChangeModel } from '../jobs/job-model';
import { parseLogItem } from '../logs/log-item';
import type { LogEntry } from '../logs/log-model';
import { parseSummary, type LeaderboardSummary } from '../leaderboard/leaderboard-items';
import { buildEpochs, visiblePoints } from '../metrics/epoch-rules';
import { parseMetricItem, parseWriteMarker } from '../metrics/metric-item';
import type { EpochRow, LabelScores, MetricPoint, StepSeriesDescriptor, WriteMarker } from '../metrics/metric-model';
import { parseDescriptor } from '../metrics/step-items';
import { compareTrainingOrder } from '../metrics/metric-rules';

/** Everything stored under one job's partition, parsed once per request; derived views are computed lazily. */
export class JobPartition {
  readonly job: JobModel | null = null;
  readonly points: MetricPoint[];
  readonly markers: WriteMarker[] = [];
  readonly logs: LogEntry[] = [];
  readonly statusHistory: StatusChangeModel[] = [];
  /** SK timestamps of the status-history items stored without `updated_at` (the legacy library refuses them). */
  readonly statusMissingUpdatedAt: string[] = [];
  /** Step-level series this job logged, by metric name. */
  readonly stepSeries = new Map<string, StepSeriesDescriptor>();
  /** The job's leaderboard summaries, by metric. */
  readonly summaries = new Map<string, LeaderboardSummary>();
  /** The job's card as stored (its version, and its content when of this server's format); NO_CARD when none. */
  readonly card: StoredCard = NO_CARD;
  private epochRows?: EpochRow[];

  constructor(
    readonly jobId: string,
    items: readonly Item[],
  ) {
    const points: MetricPoint[] = [];
    for (const item of items) {
      const point = parseMetricItem(item);
      if (point) {
        points.push(point);
        continue;
      }
      const log = parseLogItem(item);
      if (log) this.logs.push(log);
      const marker = parseWriteMarker(item);
      if (marker) this.markers.push(marker);
      const change = parseStatusChange(item);
      if (change) this.statusHistory.push(change);
      const unstamped = statusTimestampMissingUpdatedAt(item);
      if (unstamped !== null) this.statusMissingUpdatedAt.push(unstamped);
      const job = parseJobItem(item);
      if (job) this.job = job;
      const series = parseDescriptor(item);
      if (series) this.stepSeries.set(series.name, series);
      const summary = parseSummary(item);
      if (summary) this.summaries.set(summary.metric, summary);
      const card = parseCardItem(item);
      if (card) this.card = card;
    }
    // Oldest first; the sort key breaks ties between points recorded in the same microsecond.
    this.points = visiblePoints(points, this.markers).sort((a, b) =>
      a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : a.sortKey < b.sortKey ? -1 : 1,
    );
    this.logs.sort((a, b) => (a.sortKey < b.sortKey ? -1 : 1));
    this.statusHistory.sort((a, b) => (a.timestamp < b.timestamp ? -1 : 1));
  }

  /** One metric's points in training order. */
  series(name: string): MetricPoint[] {
    return this.points.filter((p) => p.name === name).sort(compareTrainingOrder);
  }

  /** One row per epoch, ascending, with isBest set. */
  epochs(): EpochRow[] {
    this.epochRows ??= buildEpochs(this.points);
    return this.epochRows;
  }

  /** Per-label scores of both stored shapes, by epoch then label. */
  labelScores(): LabelScores[] {
    return this.epochs().flatMap((row) => row.labels);
  }

  /** Run-level points (no epoch), oldest first. */
  datasetMetrics(): MetricPoint[] {
    return this.points.filter((p) => p.epoch === null);
  }
}

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, prefixQuery, queryAll, queryPages, queryUntil, type Item } from '../../db/batch';
import type { DynamoGateway } from '../../db/gateway';
import {
  ALL_METRIC_POINTS,
  ItemType,
  jobCardKey,
  jobKey,
  jobPartition,
  leaderboardSummaryKey,
  METRIC_BY_JOB_INDEX,
  METRIC_OVER_TIME_INDEX,
  metricOverTime,
  metricOverTimeKey,
  metricPointsOfJob,
  WRITE_MARKERS_OF_JOB,
  writeMarkerKey,
} from '../../db/schema';
import { compareTrainingOrder } from './metric-rules';
import { visiblePoints } from './epoch-rules';
import { storedCardOf, type StoredCard } from '../cards/card-item';
import { parseJobItem } from '../jobs/job-item';
import type { JobModel } from '../jobs/job-model';
import { parseSummary, RANKED_METRICS, type LeaderboardSummary } from '../leaderboard/leaderboard-items';
import { parseMetricItem, parseWriteMarker } from './metric-item';
import type { MetricPoint, WriteMarker } from './metric-model';

/** Position of a point in one metric's all-jobs history (the GSI1 key of its item). */
export interface HistoryPosition {
  jobId: string;
  sortKey: string;
  timestamp: string;
}

/** GSI2 query of one metric's points across all jobs, grouped by job then time (foreign items filtered). */
function metricByJob(name: string, pageSize?: number) {
  return {
    IndexName: METRIC_BY_JOB_INDEX,
    KeyConditionExpression: 'GSI2PK = :pk',
    FilterExpression: '#type = :metric',
    ...(pageSize ? { Limit: pageSize } : {}),
    ExpressionAttributeNames: { '#type': 'TYPE' },
    ExpressionAttributeValues: { ':pk': metricOverTime(name), ':metric': ItemType.metric },
  };
}

/** The metric points of `items` named exactly `name`. */
const pointsNamed = (items: readonly Item[], name: string): MetricPoint[] =>
  items.map(parseMetricItem).filter((p): p is MetricPoint => p !== null && p.name === name);

/** Reads metric points and write markers: one metric of a job, one metric over time, one metric by job. */
export class MetricRepository {
  constructor(private readonly gw: DynamoGateway) {}

  /** One job's points of one metric (exact name: the prefix ends with `#`), in training order; legacy hidden staging aside. */
  async pointsOfJob(jobId: string, name: string): Promise<MetricPoint[]> {
    const points = pointsNamed(await queryAll(this.gw, prefixQuery(jobPartition(jobId), metricPointsOfJob(name))), name);
    const staged = [...new Set(points.filter((p) => p.epochToken).map((p) => p.epoch))];
    // Points of an epoch too large for one transaction show only once its marker has committed.
    const markers = staged.length
      ? (
          await batchGet(
            this.gw,
            staged.map((e) => writeMarkerKey(jobId, e)),
            undefined,
            true,
          )
        ).map(parseWriteMarker)
      : [];
    return visiblePoints(
      points,
      markers.filter((m): m is WriteMarker => m !== null),
    ).sort(compareTrainingOrder);
  }

  /** Up to `limit` points of metric `name` across all jobs after `after`, oldest first (GSI1). */
  async history(name: string, after: HistoryPosition | null, limit: number): Promise<MetricPoint[]> {
    const { items } = await queryUntil(
      this.gw,
      {
        IndexName: METRIC_OVER_TIME_INDEX,
        KeyConditionExpression: 'GSI1PK = :pk',
        FilterExpression: '#type = :metric',
        ExpressionAttributeNames: { '#type': 'TYPE' },
        ExpressionAttributeValues: { ':pk': metricOverTime(name), ':metric': ItemType.metric },
        ExclusiveStartKey: after ? metricOverTimeKey(name, after) : undefined,
      },
      limit,
      (item) => parseMetricItem(item)?.name === name,
    );
    return items.map((item) => parseMetricItem(item) as MetricPoint);
  }

  /** Pages of metric `name` across all jobs from timestamp `from` on, oldest first (GSI1), until exhausted. */
  async *historyFrom(name: string, from: string | null, pageSize: number): AsyncGenerator<MetricPoint[]> {
    for await (const page of queryPages(this.gw, {
      IndexName: METRIC_OVER_TIME_INDEX,
      KeyConditionExpression: from ? 'GSI1PK = :pk AND GSI1SK >= :from' : 'GSI1PK = :pk',
      FilterExpression: '#type = :metric',
      ExpressionAttributeNames: { '#type': 'TYPE' },
      ExpressionAttributeValues: { ':pk': metricOverTime(name), ':metric': ItemType.metric, ...(from ? { ':from': from } : {}) },
      Limit: pageSize,
    })) {
      yield pointsNamed(page, name);
    }
  }

  /** Every point of metric `name` across all jobs, grouped by job (GSI2, ordered by job then time). */
  async allByJob(name: string): Promise<MetricPoint[]> {
    return pointsNamed(await queryAll(this.gw, metricByJob(name)), name);
  }

  /**
   * A job's points, every metric (`name` null: epoch-level and run-level) or one, as readers may see them (see
   * visiblePoints), `pageSize` items a page: its write markers first (one Query), then a page at a time.
   */
  async *visiblePagesOfJob(jobId: string, name: string | null, pageSize: number): AsyncGenerator<MetricPoint[]> {
    const markers = await this.markers(jobId, pageSize);
    for await (const page of queryPages(
      this.gw,
      prefixQuery(jobPartition(jobId), name === null ? ALL_METRIC_POINTS : metricPointsOfJob(name), pageSize),
    )) {
      yield visiblePoints(
        name === null ? page.map(parseMetricItem).filter((p): p is MetricPoint => p !== null) : pointsNamed(page, name),
        markers,
      );
    }
  }

  /**
   * One metric's points across all jobs, grouped by job (GSI2), as readers may see them, `pageSize` items a page. The
   * markers of a job are read only when a page holds points of its multi-transaction epochs (rare), once per job.
   */
  async *visiblePagesByJob(name: string, pageSize: number): AsyncGenerator<MetricPoint[]> {
    const markers = new Map<string, WriteMarker[]>();
    for await (const page of queryPages(this.gw, metricByJob(name, pageSize))) {
      const points = pointsNamed(page, name);
      for (const jobId of new Set(points.filter((p) => p.epochToken).map((p) => p.jobId)))
        if (!markers.has(jobId)) markers.set(jobId, await this.markers(jobId, pageSize));
      yield points.filter((p) => !p.epochToken || visiblePoints([p], markers.get(p.jobId) ?? []).length);
    }
  }

  /** Every write marker of a job (`pageSize` a page). */
  async markers(jobId: string, pageSize?: number): Promise<WriteMarker[]> {
    return (await queryAll(this.gw, prefixQuery(jobPartition(jobId), WRITE_MARKERS_OF_JOB, pageSize)))
      .map(parseWriteMarker)
      .filter((m): m is WriteMarker => m !== null);
  }

  /**
   * A job, its leaderboard summaries and its card, in one strongly consistent BatchGetItem (what recording an epoch
   * checks and updates).
   */
  async jobWithSummaries(jobId: string): Promise<{ job: JobModel | null; summaries: Map<string, LeaderboardSummary>; card: StoredCard }> {
    const keys = [jobKey(jobId), ...RANKED_METRICS.map((m) => leaderboardSummaryKey(jobId, m)), jobCardKey(jobId)];
    const items = await batchGet(this.gw, keys, undefined, true);
    const summaries = new Map(
      items
        .map(parseSummary)
        .filter((x): x is LeaderboardSummary => x !== null)
        .map((x) => [x.metric, x]),
    );
    return { job: items.map(parseJobItem).find((j) => j !== null) ?? null, summaries, card: storedCardOf(items) };
  }

  /** A write marker with a strongly consistent read. */
  async getMarker(jobId: string, epoch: number | null): Promise<WriteMarker | null> {
    const out = await this.gw.send<{ Item?: Item }>(
      new GetCommand({ TableName: this.gw.tableName, Key: writeMarkerKey(jobId, epoch), ConsistentRead: true }),
    );
    return out.Item ? parseWriteMarker(out.Item) : null;
  }
}

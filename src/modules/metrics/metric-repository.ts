import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, queryAll, queryUntil, type Item } from '../../db/batch';
import { isConditionFailed } from '../../db/conditions';
import type { DynamoGateway } from '../../db/gateway';
import { versionedPut } from '../../db/versioned';
import {
  ItemType,
  jobKey,
  jobPartition,
  LEADERBOARD_INDEX,
  leaderboardOf,
  leaderboardSummaryKey,
  METRIC_BY_JOB_INDEX,
  METRIC_OVER_TIME_INDEX,
  metricOverTime,
  metricOverTimeKey,
  metricPointsOfJob,
  writeMarkerKey,
} from '../../db/schema';
import { compareTrainingOrder } from './metric-rules';
import { visiblePoints } from './epoch-rules';
import { parseJobItem } from '../jobs/job-item';
import type { JobModel } from '../jobs/job-model';
import { parseSummary, RANKED_METRICS, summaryToItem, type LeaderboardSummary } from '../leaderboard/leaderboard-items';
import { parseMetricItem, parseWriteMarker } from './metric-item';
import type { MetricPoint, WriteMarker } from './metric-model';

/** Position of a point in one metric's all-jobs history (the GSI1 key of its item). */
export interface HistoryPosition {
  jobId: string;
  sortKey: string;
  timestamp: string;
}

/** Reads metric points and write markers: a job's partition, one metric over time, one metric by job. */
export class MetricRepository {
  constructor(private readonly gw: DynamoGateway) {}

  /** Every item of a job's partition (the job, its points, logs, markers, history), oldest sort key first. */
  partitionItems(jobId: string, consistent = false): Promise<Item[]> {
    return queryAll(this.gw, {
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': jobPartition(jobId) },
      ConsistentRead: consistent,
    });
  }

  /** One job's points of one metric (exact name: the prefix ends with `#`), in training order; legacy hidden staging aside. */
  async pointsOfJob(jobId: string, name: string): Promise<MetricPoint[]> {
    const items = await queryAll(this.gw, {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': jobPartition(jobId), ':prefix': metricPointsOfJob(name) },
    });
    const points = items.map(parseMetricItem).filter((p): p is MetricPoint => p !== null && p.name === name);
    const staged = [...new Set(points.filter((p) => p.epochToken).map((p) => p.epoch))];
    // Points of an epoch too large for one transaction show only once its marker has committed.
    const markers = staged.length ? (await batchGet(this.gw, staged.map((e) => writeMarkerKey(jobId, e)), undefined, true)).map(parseWriteMarker) : [];
    return visiblePoints(points, markers.filter((m): m is WriteMarker => m !== null)).sort(compareTrainingOrder);
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
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.gw.send<{ Items?: Item[]; LastEvaluatedKey?: Record<string, unknown> }>(
        new QueryCommand({
          TableName: this.gw.tableName,
          IndexName: METRIC_OVER_TIME_INDEX,
          KeyConditionExpression: from ? 'GSI1PK = :pk AND GSI1SK >= :from' : 'GSI1PK = :pk',
          FilterExpression: '#type = :metric',
          ExpressionAttributeNames: { '#type': 'TYPE' },
          ExpressionAttributeValues: { ':pk': metricOverTime(name), ':metric': ItemType.metric, ...(from ? { ':from': from } : {}) },
          ExclusiveStartKey: start,
          Limit: pageSize,
        }),
      );
      yield (out.Items ?? []).map(parseMetricItem).filter((p): p is MetricPoint => p !== null && p.name === name);
      start = out.LastEvaluatedKey;
    } while (start);
  }

  /** Every point of metric `name` across all jobs, grouped by job (GSI2, ordered by job then time). */
  async allByJob(name: string): Promise<MetricPoint[]> {
    const items = await queryAll(this.gw, {
      IndexName: METRIC_BY_JOB_INDEX,
      KeyConditionExpression: 'GSI2PK = :pk',
      FilterExpression: '#type = :metric',
      ExpressionAttributeNames: { '#type': 'TYPE' },
      ExpressionAttributeValues: { ':pk': metricOverTime(name), ':metric': ItemType.metric },
    });
    return items.map(parseMetricItem).filter((p): p is MetricPoint => p !== null && p.name === name);
  }

  /** A job and its leaderboard summaries, in one strongly consistent BatchGetItem (what recording an epoch checks). */
  async jobWithSummaries(jobId: string): Promise<{ job: JobModel | null; summaries: Map<string, LeaderboardSummary> }> {
    const items = await batchGet(this.gw, [jobKey(jobId), ...RANKED_METRICS.map((m) => leaderboardSummaryKey(jobId, m))], undefined, true);
    const summaries = new Map(items.map(parseSummary).filter((x): x is LeaderboardSummary => x !== null).map((x) => [x.metric, x]));
    return { job: items.map(parseJobItem).find((j) => j !== null) ?? null, summaries };
  }

  /** The stored summaries of (job, metric) pairs, strongly consistent (one BatchGetItem per 100); absent ones left out. */
  async summaries(pairs: readonly { jobId: string; metric: string }[]): Promise<LeaderboardSummary[]> {
    const items = await batchGet(this.gw, pairs.map((p) => leaderboardSummaryKey(p.jobId, p.metric)), undefined, true);
    return items.map(parseSummary).filter((s): s is LeaderboardSummary => s !== null);
  }

  /** The first `limit` leaderboard summaries of a ranked metric, best first (GSI3). */
  async leaderboard(metric: string, limit: number): Promise<LeaderboardSummary[]> {
    const { items } = await queryUntil(
      this.gw,
      {
        IndexName: LEADERBOARD_INDEX,
        KeyConditionExpression: 'GSI3PK = :pk',
        FilterExpression: '#type = :summary',
        ExpressionAttributeNames: { '#type': 'TYPE' },
        ExpressionAttributeValues: { ':pk': leaderboardOf(metric), ':summary': ItemType.leaderboard },
      },
      limit,
      (item) => parseSummary(item) !== null,
    );
    return items.map((item) => parseSummary(item) as LeaderboardSummary);
  }

  /** Writes a summary if it is still at the version read; false when someone changed it meanwhile. */
  async saveSummary(summary: LeaderboardSummary): Promise<boolean> {
    try {
      await this.gw.send(
        new PutCommand(versionedPut(this.gw.tableName, summaryToItem(summary), summary.version)),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  /** A write marker with a strongly consistent read. */
  async getMarker(jobId: string, epoch: number | null): Promise<WriteMarker | null> {
    const out = await this.gw.send<{ Item?: Item }>(
      new GetCommand({ TableName: this.gw.tableName, Key: writeMarkerKey(jobId, epoch), ConsistentRead: true }),
    );
    return out.Item ? parseWriteMarker(out.Item) : null;
  }
}

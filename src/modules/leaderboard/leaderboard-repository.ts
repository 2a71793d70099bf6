import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, queryUntil } from '../../db/batch';
import type { DynamoGateway } from '../../db/gateway';
import { versionedPut } from '../../db/versioned';
import { ItemType, LEADERBOARD_INDEX, leaderboardOf, leaderboardSummaryKey } from '../../db/schema';
import { parseSummary, summaryToItem, type LeaderboardSummary } from './leaderboard-items';

/** Owns leaderboard summary items: a job's best value per ranked metric, indexed in GSI3. */
export class LeaderboardRepository {
  constructor(private readonly gw: DynamoGateway) {}

  /** The stored summaries of (job, metric) pairs, in one strongly consistent BatchGetItem per 100; missing ones are absent. */
  async get(pairs: readonly { jobId: string; metric: string }[]): Promise<LeaderboardSummary[]> {
    if (pairs.length === 0) return [];
    const items = await batchGet(
      this.gw,
      pairs.map((p) => leaderboardSummaryKey(p.jobId, p.metric)),
      undefined,
      true,
    );
    return items.map(parseSummary).filter((s): s is LeaderboardSummary => s !== null);
  }

  /** The first `limit` leaderboard summaries of a ranked metric, best first (GSI3). */
  async top(metric: string, limit: number): Promise<LeaderboardSummary[]> {
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
  async save(summary: LeaderboardSummary): Promise<boolean> {
    try {
      await this.gw.send(new PutCommand(versionedPut(this.gw.tableName, summaryToItem(summary), summary.version)));
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}

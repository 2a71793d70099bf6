import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Item } from '../../db/batch';
import { failedConditions } from '../../db/conditions';
import type { DynamoGateway } from '../../db/gateway';
import { jobKey, logKeys } from '../../db/schema';
import { nextTimestamp } from '../../platform/time';
import { logToItem, parseLogItem, type NewLog } from './log-item';

const MAX_COLLISIONS = 50;

/** Owns log items. */
export class LogRepository {
  constructor(private readonly gw: DynamoGateway) {}

  /**
   * Appends a log line to an existing job. Two lines in the same microsecond (across instances) must not overwrite each
   * other, so the put is conditional and a collision moves the timestamp on by a microsecond. When `idempotent` (the
   * client chose the timestamp), a collision with the same line is a replay instead. Returns the timestamp used and
   * whether the line was already there, or null when the job does not exist.
   */
  async append(log: NewLog, idempotent = false): Promise<{ timestamp: string; replayed: boolean } | null> {
    let timestamp = log.timestamp;
    for (let attempt = 0; attempt < MAX_COLLISIONS; attempt++) {
      const jobExists = {
        ConditionCheck: { TableName: this.gw.tableName, Key: jobKey(log.jobId), ConditionExpression: 'attribute_exists(PK)' },
      };
      const line = {
        Put: { TableName: this.gw.tableName, Item: logToItem({ ...log, timestamp }), ConditionExpression: 'attribute_not_exists(PK)' },
      };
      try {
        await this.gw.send(new TransactWriteCommand({ TransactItems: [jobExists, line] }));
        return { timestamp, replayed: false };
      } catch (error) {
        const failed = failedConditions<object>(error, [jobExists, line]);
        if (!failed) throw error;
        if (failed.includes(jobExists)) return null;
        if (idempotent && (await this.holds(log, timestamp))) return { timestamp, replayed: true };
        timestamp = nextTimestamp(timestamp);
      }
    }
    throw new Error(`job ${log.jobId}: no free log timestamp after ${MAX_COLLISIONS} collisions`);
  }

  /** Whether the line stored at `timestamp` is `log` (same level, message and source). */
  private async holds(log: NewLog, timestamp: string): Promise<boolean> {
    const { PK, SK } = logKeys(log.jobId, timestamp);
    const out = await this.gw.send<{ Item?: Item }>(
      new GetCommand({ TableName: this.gw.tableName, Key: { PK, SK }, ConsistentRead: true }),
    );
    const stored = out.Item ? parseLogItem(out.Item) : null;
    return stored !== null && stored.level === log.level && stored.message === log.message && stored.source === log.source;
  }
}

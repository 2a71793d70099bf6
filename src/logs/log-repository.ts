import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoGateway } from '../db/gateway';
import { jobKey } from '../db/keys';
import { nextTimestamp } from '../shared/time';
import { logToItem } from './log-item';
import type { LogLevelValue } from './log-model';

const MAX_COLLISIONS = 50;

/** Owns log items. */
export class LogRepository {
  constructor(private readonly gw: DynamoGateway) {}

  /**
   * Appends a log line to an existing job. Two lines in the same microsecond (across instances) must not overwrite each
   * other, so the put is conditional and a collision moves the timestamp on by a microsecond. Returns the timestamp
   * used, or null when the job does not exist.
   */
  async append(log: { jobId: string; timestamp: string; level: LogLevelValue; message: string; source: string | null }): Promise<string | null> {
    let timestamp = log.timestamp;
    for (let attempt = 0; attempt < MAX_COLLISIONS; attempt++) {
      try {
        await this.gw.send(
          new TransactWriteCommand({
            TransactItems: [
              { ConditionCheck: { TableName: this.gw.tableName, Key: jobKey(log.jobId), ConditionExpression: 'attribute_exists(PK)' } },
              { Put: { TableName: this.gw.tableName, Item: logToItem({ ...log, timestamp }), ConditionExpression: 'attribute_not_exists(PK)' } },
            ],
          }),
        );
        return timestamp;
      } catch (error) {
        if ((error as { name?: string }).name !== 'TransactionCanceledException') throw error;
        const codes = ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code);
        if (codes[0] === 'ConditionalCheckFailed') return null;
        timestamp = nextTimestamp(timestamp);
      }
    }
    throw new Error(`job ${log.jobId}: no free log timestamp after ${MAX_COLLISIONS} collisions`);
  }
}

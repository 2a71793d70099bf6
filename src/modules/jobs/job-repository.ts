import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchDelete, batchGet, partitionKeys, queryPages, queryUntil, type Item } from '../../db/batch';
import { isConditionFailed, isTransactionCanceled } from '../../db/conditions';
import type { DynamoGateway } from '../../db/gateway';
import {
  CREATED_PREFIX,
  createdSortKey,
  ItemType,
  jobKey,
  JOBS_BY_STATUS_INDEX,
  jobPartition,
  jobsByStatus,
  seriesNameOfSortKey,
  statusHistoryKey,
  stepSeriesPartition,
} from '../../db/schema';
import { seenUpdate, type JobItemUpdate } from './job-edits';
import { jobToItem, parseJobItem, statusChangeToItem, statusMove } from './job-item';
import { JOB_STATUSES, type JobModel, type JobStatusValue, type StatusChangeModel } from './job-model';
import { isAfter, newestFirst, type JobPosition } from './job-listing';
import type { JsonObject } from '../../platform/json-values';

/** GSI1 query of the jobs of one status, newest first, created no later than `after` (all when null); foreign items filtered. */
function jobsOfStatus(status: JobStatusValue, after: JobPosition | null) {
  return {
    IndexName: JOBS_BY_STATUS_INDEX,
    KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :lo AND :hi',
    FilterExpression: '#type = :job',
    ExpressionAttributeNames: { '#type': 'TYPE' },
    ExpressionAttributeValues: {
      ':pk': jobsByStatus(status),
      ':lo': CREATED_PREFIX,
      ':hi': createdSortKey(after ? after.createdAt : '\uffff'),
      ':job': ItemType.job,
    },
    ScanIndexForward: false,
  };
}

/** Owns the job item (creation, status moves, edits, the last-seen mark), its status-history items and deleting a job's partition. */
export class JobRepository {
  constructor(private readonly gw: DynamoGateway) {}

  /** Jobs by id through BatchGetItem (100 keys a call, unprocessed keys retried); missing ids are absent. */
  async getMany(ids: readonly string[]): Promise<Map<string, JobModel>> {
    const items = await batchGet(this.gw, ids.map(jobKey));
    const jobs = new Map<string, JobModel>();
    for (const item of items) {
      const job = parseJobItem(item);
      if (job) jobs.set(job.id, job);
    }
    return jobs;
  }

  /** One job with a strongly consistent read, for read-modify-write rules. */
  async getConsistent(id: string): Promise<JobModel | null> {
    const item = await this.getItemConsistent(id);
    return item ? parseJobItem(item) : null;
  }

  /** The stored job item as it is (legacy extras included), strongly consistent; null when there is none. */
  async getItemConsistent(id: string): Promise<Item | null> {
    const out = await this.gw.send<{ Item?: Item }>(
      new GetCommand({ TableName: this.gw.tableName, Key: jobKey(id), ConsistentRead: true }),
    );
    return out.Item ?? null;
  }

  /** Applies one conditional update to a job item and returns the item as stored after it; null when the condition failed. */
  async update(id: string, update: JobItemUpdate): Promise<Item | null> {
    const out = await this.apply(id, update, 'ALL_NEW');
    return out ? (out.Attributes ?? null) : null;
  }

  /** Sets a job's `last_seen_at` to `timestamp` unless it is already as late, or the job is gone; true when it wrote. */
  async touch(id: string, timestamp: string): Promise<boolean> {
    return (await this.apply(id, seenUpdate(timestamp), 'NONE')) !== null;
  }

  private async apply(id: string, update: JobItemUpdate, returnValues: 'ALL_NEW' | 'NONE'): Promise<{ Attributes?: Item } | null> {
    try {
      return await this.gw.send<{ Attributes?: Item }>(
        new UpdateCommand({
          TableName: this.gw.tableName,
          Key: jobKey(id),
          UpdateExpression: update.expression,
          ConditionExpression: update.condition,
          // DynamoDB refuses an empty map (a REMOVE alone has no values).
          ExpressionAttributeNames: Object.keys(update.names).length ? update.names : undefined,
          ExpressionAttributeValues: Object.keys(update.values).length ? update.values : undefined,
          ReturnValues: returnValues,
        }),
      );
    } catch (error) {
      if (isConditionFailed(error)) return null;
      throw error;
    }
  }

  /** Up to `limit` jobs after `after`, newest first, merged over `statuses` (one GSI1 query each, foreign items filtered). */
  async list(statuses: readonly JobStatusValue[], after: JobPosition | null, limit: number): Promise<JobModel[]> {
    const perStatus = await Promise.all(
      statuses.map(async (status) => {
        const { items } = await queryUntil(this.gw, jobsOfStatus(status, after), limit, (item) => {
          const job = parseJobItem(item);
          return job !== null && (!after || isAfter(job, after));
        });
        return items.map((item) => parseJobItem(item) as JobModel);
      }),
    );
    return perStatus.flat().sort(newestFirst).slice(0, limit);
  }

  /** How many jobs have one of `statuses`: the queries of `list` with Select COUNT, read to their end. */
  async count(statuses: readonly JobStatusValue[]): Promise<number> {
    const counts = await Promise.all(
      statuses.map(async (status) => {
        let total = 0;
        let start: Record<string, unknown> | undefined;
        do {
          const out = await this.gw.send<{ Count?: number; LastEvaluatedKey?: Record<string, unknown> }>(
            new QueryCommand({ TableName: this.gw.tableName, ...jobsOfStatus(status, null), Select: 'COUNT', ExclusiveStartKey: start }),
          );
          total += out.Count ?? 0;
          start = out.LastEvaluatedKey;
        } while (start);
        return total;
      }),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  /** The id of every job in the table: the queries of `list`, read to their end a page at a time (only ids kept). */
  async allIds(): Promise<string[]> {
    const perStatus = await Promise.all(
      JOB_STATUSES.map(async (status) => {
        const ids: string[] = [];
        for await (const page of queryPages(this.gw, jobsOfStatus(status, null)))
          ids.push(...page.flatMap((item) => parseJobItem(item)?.id ?? []));
        return ids;
      }),
    );
    return perStatus.flat();
  }

  /** Writes a new job; false when a job with that id already exists. */
  async create(job: JobModel): Promise<boolean> {
    try {
      await this.gw.send(
        new PutCommand({ TableName: this.gw.tableName, Item: jobToItem(job), ConditionExpression: 'attribute_not_exists(PK)' }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  /**
   * Moves a job from the status it was read with to `change.status` (its GSI1 key moves with it), optionally replacing
   * its results, and appends the history item, in one transaction. False when someone else moved it since the read.
   */
  async transition(job: JobModel, change: StatusChangeModel, results?: JsonObject): Promise<boolean> {
    const move = statusMove(job, change.status, change.timestamp);
    const names = { ...move.names };
    const values = { ...move.values };
    let update = move.set;
    if (results) {
      names['#results'] = 'results';
      values[':results'] = results;
      update += ', #results = :results';
    }
    try {
      await this.gw.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.gw.tableName,
                Key: jobKey(job.id),
                UpdateExpression: update,
                ConditionExpression: `attribute_exists(PK) AND ${move.condition}`,
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
            {
              Put: {
                TableName: this.gw.tableName,
                Item: statusChangeToItem(change, this.gw.writer),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isTransactionCanceled(error)) return false;
      throw error;
    }
  }

  /**
   * Backfills the legacy library's `updated_at` on status-history items stored without it (`timestamps`: their SK
   * timestamps, as JobPartition.statusMissingUpdatedAt lists them), set to the SK's timestamp by one conditional
   * UpdateItem each. The condition keeps it safe to rerun and beside other writers: an item deleted meanwhile is not
   * brought back, one stamped meanwhile is not overwritten (both skipped). Returns how many items it stamped.
   */
  async repairStatusHistory(jobId: string, timestamps: readonly string[]): Promise<number> {
    let repaired = 0;
    for (const timestamp of timestamps) {
      try {
        await this.gw.send(
          new UpdateCommand({
            TableName: this.gw.tableName,
            Key: statusHistoryKey(jobId, timestamp),
            UpdateExpression: 'SET updated_at = :ts',
            ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(updated_at)',
            ExpressionAttributeValues: { ':ts': timestamp },
          }),
        );
        repaired++;
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
      }
    }
    return repaired;
  }

  /**
   * Deletes everything of a job: its step-series partitions (found through their descriptors), then its own partition,
   * 25 keys a batch with unprocessed items retried. Returns how many items were removed. A retry after a failure
   * finds whatever is left.
   */
  async deletePartition(jobId: string): Promise<number> {
    const keys = await partitionKeys(this.gw, jobPartition(jobId));
    let deleted = 0;
    for (const name of keys.flatMap((k) => seriesNameOfSortKey(k.SK) ?? [])) {
      const seriesKeys = await partitionKeys(this.gw, stepSeriesPartition(jobId, name));
      await batchDelete(this.gw, seriesKeys);
      deleted += seriesKeys.length;
    }
    await batchDelete(this.gw, keys);
    return deleted + keys.length;
  }
}

import { queryAll, type Item } from '../../db/batch';
import type { DynamoGateway } from '../../db/gateway';
import { jobPartition } from '../../db/schema';
import { JobPartition } from './job-partition';

/** Owns the whole-partition read of a job (`PK = JOB#{id}`): the one way to the job read model. */
export class PartitionRepository {
  constructor(private readonly gw: DynamoGateway) {}

  /** Everything stored under a job's partition, parsed into its read model. */
  async read(jobId: string, consistent = false): Promise<JobPartition> {
    return new JobPartition(jobId, await this.items(jobId, consistent));
  }

  /** Every item of a job's partition (the job, its points, logs, markers, history, summaries), oldest sort key first. */
  items(jobId: string, consistent = false): Promise<Item[]> {
    return queryAll(this.gw, {
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': jobPartition(jobId) },
      ConsistentRead: consistent,
    });
  }
}

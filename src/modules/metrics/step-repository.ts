import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, batchPut, chunk, prefixQuery, queryAll, queryPages, TRANSACT_WRITE_LIMIT, type Item } from '../../db/batch';
import { isTransactionCanceled } from '../../db/conditions';
import type { DynamoGateway } from '../../db/gateway';
import { versionedPut } from '../../db/versioned';
import {
  ItemType,
  jobKey,
  jobPartition,
  stepBlockKey,
  stepPointKey,
  stepSeriesDescriptorKey,
  stepSeriesPartition,
  STEP_BLOCKS,
  STEP_POINTS,
  STEP_SERIES_BY_TYPE_INDEX,
  STEP_SERIES_OF_JOB,
} from '../../db/schema';
import type { MetricPoint, StepBlock, StepSeriesDescriptor } from './metric-model';
import {
  blockToItem,
  descriptorToItem,
  parseBlock,
  parseDescriptor,
  parseStepPoint,
  stepPointToItem,
  type NewStepPoint,
} from './step-items';

/** Owns step-level series: their points, block summaries and descriptors. */
export class StepRepository {
  constructor(private readonly gw: DynamoGateway) {}

  /** The job item and the descriptors of its series `names`, with strongly consistent reads (what logMetrics checks first). */
  jobAndDescriptors(jobId: string, names: readonly string[]): Promise<Item[]> {
    return batchGet(this.gw, [jobKey(jobId), ...names.map((name) => stepSeriesDescriptorKey(jobId, name))], undefined, true);
  }

  /** Step points and block summaries of a job's series, with strongly consistent reads; absent ones are left out. */
  pointsAndBlocks(
    jobId: string,
    points: readonly { name: string; step: number }[],
    blocks: readonly { name: string; block: number }[],
  ): Promise<Item[]> {
    const keys = [...points.map((p) => stepPointKey(jobId, p.name, p.step)), ...blocks.map((b) => stepBlockKey(jobId, b.name, b.block))];
    return batchGet(this.gw, keys, undefined, true);
  }

  /**
   * Saves descriptors and block summaries before the points they cover, each conditioned on the version read, so
   * two calls never lose each other's summary updates (false: someone else changed one; read again and retry).
   */
  async saveSummaries(descriptors: StepSeriesDescriptor[], blocks: StepBlock[]): Promise<boolean> {
    const guarded = (item: Item, version: number) => ({ Put: versionedPut(this.gw.tableName, item, version) });
    const writes = [
      ...descriptors.map((d) => guarded(descriptorToItem(d), d.version)),
      ...blocks.map((b) => guarded(blockToItem(b), b.version)),
    ];
    for (const part of chunk(writes, TRANSACT_WRITE_LIMIT)) {
      try {
        await this.gw.send(new TransactWriteCommand({ TransactItems: part }));
      } catch (error) {
        if (isTransactionCanceled(error)) return false;
        throw error;
      }
    }
    return true;
  }

  /** Step-series descriptors of (job, name) pairs, one BatchGetItem per 100; keyed `${jobId}\u0000${name}`. */
  async descriptors(reads: readonly { jobId: string; name: string }[]): Promise<Map<string, StepSeriesDescriptor>> {
    const items = await batchGet(
      this.gw,
      reads.map((r) => stepSeriesDescriptorKey(r.jobId, r.name)),
    );
    const found = items.map(parseDescriptor).filter((d): d is StepSeriesDescriptor => d !== null);
    return new Map(found.map((d) => [`${d.jobId}\u0000${d.name}`, d]));
  }

  /** Writes new points, 25 a BatchWriteItem call (unprocessed items retried). */
  putPoints(points: NewStepPoint[]): Promise<void> {
    return batchPut(this.gw, points.map(stepPointToItem));
  }

  /** Every point of a series, by step. */
  async points(jobId: string, name: string): Promise<MetricPoint[]> {
    const items = await this.queryPrefix(jobId, name, STEP_POINTS);
    return items.map(parseStepPoint).filter((p): p is MetricPoint => p !== null);
  }

  /** Every block summary of a series, by block. */
  async blocks(jobId: string, name: string): Promise<StepBlock[]> {
    const items = await this.queryPrefix(jobId, name, STEP_BLOCKS);
    return items.map(parseBlock).filter((b): b is StepBlock => b !== null);
  }

  /** A series' points, by step, `pageSize` items a page (for exports: one page in memory at a time). */
  async *pointPages(jobId: string, name: string, pageSize: number): AsyncGenerator<MetricPoint[]> {
    for await (const page of queryPages(this.gw, prefixQuery(stepSeriesPartition(jobId, name), STEP_POINTS, pageSize))) {
      yield page.map(parseStepPoint).filter((p): p is MetricPoint => p !== null);
    }
  }

  /** The descriptors of a job's step-level series (its `SERIES#` items), `pageSize` items a page. */
  async descriptorsOfJob(jobId: string, pageSize?: number): Promise<StepSeriesDescriptor[]> {
    const items = await queryAll(this.gw, prefixQuery(jobPartition(jobId), STEP_SERIES_OF_JOB, pageSize));
    return items.map(parseDescriptor).filter((d): d is StepSeriesDescriptor => d !== null);
  }

  /** Pages of the descriptors of metric `name`'s step-level series, every job (GSITYPE: reads every descriptor). */
  async *descriptorPagesOfMetric(name: string): AsyncGenerator<StepSeriesDescriptor[]> {
    for await (const page of queryPages(this.gw, {
      IndexName: STEP_SERIES_BY_TYPE_INDEX,
      KeyConditionExpression: '#type = :series',
      FilterExpression: 'SK = :sk',
      ExpressionAttributeNames: { '#type': 'TYPE' },
      ExpressionAttributeValues: { ':series': ItemType.stepSeries, ':sk': `${STEP_SERIES_OF_JOB}${name}` },
    })) {
      yield page.map(parseDescriptor).filter((d): d is StepSeriesDescriptor => d !== null);
    }
  }

  private queryPrefix(jobId: string, name: string, prefix: string): Promise<Item[]> {
    return queryAll(this.gw, prefixQuery(stepSeriesPartition(jobId, name), prefix));
  }
}

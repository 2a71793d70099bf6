import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { newCallStats } from '../../src/db/call-stats';
import { queryAll, type Item } from '../../src/db/batch';
import type { DynamoGateway } from '../../src/db/gateway';
import { stepSeriesDescriptorKey, stepSeriesPartition, STEP_BLOCKS, STEP_POINTS } from '../../src/db/schema';
import { downsampleBlocks, downsamplePoints } from '../../src/modules/metrics/downsample';
import type { MetricPoint, StepBlock, StepSeriesDescriptor } from '../../src/modules/metrics/metric-model';
import { parseBlock, parseDescriptor, parseStepPoint } from '../../src/modules/metrics/step-items';
import type { BenchDatabase } from '../database';
import type { Answered } from '../workloads/workload';

/*
 * Raw-SDK baselines of W8, a long step-level series: the descriptor is one GetItem, read in parallel with the
 * series partition's points (full) or block summaries (maxPoints), which downsample with the project's functions.
 */

const curve = (points: readonly { epoch: number | null; step: number | null; value: number | null }[]) => points.map((p) => ({ epoch: p.epoch, step: p.step, value: p.value }));

function seriesPart(gw: DynamoGateway, jobId: string, name: string, prefix: string): Promise<Item[]> {
  return queryAll(gw, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': stepSeriesPartition(jobId, name), ':prefix': prefix },
  });
}

/** The series' descriptor and, read at the same time, its points or block summaries. */
async function descriptorAndPart(db: BenchDatabase, jobId: string, name: string, prefix: string) {
  const stats = newCallStats();
  const gw = db.gateway(stats);
  const [out, items] = await Promise.all([
    gw.send<{ Item?: Item }>(new GetCommand({ TableName: gw.tableName, Key: stepSeriesDescriptorKey(jobId, name) })),
    seriesPart(gw, jobId, name, prefix),
  ]);
  const descriptor = out.Item ? parseDescriptor(out.Item) : null;
  if (!descriptor) throw new Error(`job ${jobId} has no step series ${name}`);
  return { stats, gw, descriptor, items };
}

/**
 * The server's rule (MetricQueryService.series): block summaries serve `maxPoints` when the blocks the series spans
 * could give at least half of it (two extremes a block, plus first and last), else the points are downsampled.
 */
function blocksServe(d: StepSeriesDescriptor, maxPoints: number): boolean {
  const span = Math.floor(d.maxStep / d.blockSteps) - Math.floor(d.minStep / d.blockSteps) + 1;
  return 2 * (2 * span + 2) >= maxPoints;
}

/** Every point of a job's step series, by step. */
export async function rawFullSeries(db: BenchDatabase, jobId: string, name: string): Promise<Answered> {
  const { stats, items } = await descriptorAndPart(db, jobId, name, STEP_POINTS);
  const points = items.map(parseStepPoint).filter((p): p is MetricPoint => p !== null);
  return { answer: { job: { series: curve(points) } }, stats };
}

/** At most `maxPoints` of a job's step series, from its block summaries. */
export async function rawDownsampledSeries(db: BenchDatabase, jobId: string, name: string, maxPoints: number): Promise<Answered> {
  const { stats, gw, descriptor, items } = await descriptorAndPart(db, jobId, name, STEP_BLOCKS);
  if (!blocksServe(descriptor, maxPoints)) {
    const points = (await seriesPart(gw, jobId, name, STEP_POINTS)).map(parseStepPoint).filter((p): p is MetricPoint => p !== null);
    return { answer: { job: { series: curve(downsamplePoints(points, maxPoints)) } }, stats };
  }
  const blocks = items.map(parseBlock).filter((b): b is StepBlock => b !== null);
  return { answer: { job: { series: curve(downsampleBlocks(blocks, maxPoints)) } }, stats };
}

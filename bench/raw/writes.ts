import { randomUUID } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { batchPut, TRANSACT_WRITE_LIMIT, type Item } from '../../src/db/batch';
import { newCallStats } from '../../src/db/call-stats';
import { jobKey } from '../../src/db/schema';
import { versionedPut } from '../../src/db/versioned';
import { statusChangeToItem, statusMove } from '../../src/modules/jobs/job-item';
import { improves, RANKED_METRICS, summaryToItem, type LeaderboardSummary } from '../../src/modules/leaderboard/leaderboard-items';
import { metricPointToItem, writeMarkerToItem } from '../../src/modules/metrics/metric-item';
import type { StepBlock } from '../../src/modules/metrics/metric-model';
import { contentPoints, epochContent, fingerprint } from '../../src/modules/metrics/recording-content';
import { chooseBlockSteps } from '../../src/modules/metrics/step-blocks';
import { blockToItem, descriptorToItem, stepPointToItem, type NewStepPoint } from '../../src/modules/metrics/step-items';
import { nowTimestamp } from '../../src/platform/time';
import { TRAINER_KEY } from '../api-keys';
import type { BenchDatabase } from '../database';
import type { EpochValues, PlannedJob } from '../seed/plan';
import { mergeCall } from '../seed/step-series';
import type { Answered } from '../workloads/workload';

/*
 * Raw-SDK baselines of the write workloads, written as a trainer that owns its job would: it knows the job's status,
 * its best values so far and its series' state, so it reads nothing and stores exactly the items the server stores
 * (built with the server's item builders, stamped with the same key name) in the fewest write calls.
 */

/** What a raw trainer remembers about its job between epochs. */
export interface EpochTrainer {
  job: PlannedJob;
  started: boolean;
  summaries: Map<string, LeaderboardSummary>;
}

export const newEpochTrainer = (job: PlannedJob): EpochTrainer => ({ job, started: false, summaries: new Map() });

/** W6: one epoch in one TransactWriteItems: marker, job guard (or PENDING -> RUNNING and its history), improved summaries, points. */
export async function rawRecordEpoch(db: BenchDatabase, trainer: EpochTrainer, values: EpochValues): Promise<Answered> {
  const stats = newCallStats();
  const gw = db.gateway(stats, TRAINER_KEY);
  const { job } = trainer;
  const content = epochContent({ jobId: job.id, ...values });
  const timestamp = nowTimestamp();
  const points = contentPoints(job.id, content, timestamp).map((p) => ({ Put: { TableName: gw.tableName, Item: metricPointToItem(p) } }));
  const improved = RANKED_METRICS.flatMap((metric) => {
    const value = content.metrics[metric]?.value;
    const current = trainer.summaries.get(metric) ?? null;
    if (value === undefined || !improves(current, value, values.epoch)) return [];
    return [{ jobId: job.id, metric, value, epoch: values.epoch, timestamp, version: current?.version ?? 0 }];
  });
  const marker = writeMarkerToItem({ jobId: job.id, epoch: values.epoch, timestamp, content: fingerprint(content), committed: true, token: randomUUID() });
  const names = { '#status': 'status' };
  const start = statusMove({ status: 'PENDING', name: job.name, createdAt: timestamp }, 'running', timestamp);
  const guard: object[] = trainer.started
    ? [{ ConditionCheck: { TableName: gw.tableName, Key: jobKey(job.id), ConditionExpression: '#status = :s', ExpressionAttributeNames: names, ExpressionAttributeValues: { ':s': 'running' } } }]
    : [
        {
          // The start, with the same condition and attributes as the server's (src/jobs/job-item.ts statusMove).
          Update: {
            TableName: gw.tableName,
            Key: jobKey(job.id),
            UpdateExpression: start.set,
            ConditionExpression: start.condition,
            ExpressionAttributeNames: start.names,
            ExpressionAttributeValues: start.values,
          },
        },
      ];
  const room = TRANSACT_WRITE_LIMIT - 2 - improved.length - points.length;
  if (!trainer.started && room > 0) {
    const history = statusChangeToItem({ jobId: job.id, status: 'RUNNING', timestamp, message: `started by epoch ${values.epoch}` });
    guard.push({ Put: { TableName: gw.tableName, Item: history, ConditionExpression: 'attribute_not_exists(PK)' } });
  }
  const summaries = improved.map((s) => ({ Put: versionedPut(gw.tableName, summaryToItem(s), s.version) }));
  const items = [{ Put: { TableName: gw.tableName, Item: marker, ConditionExpression: 'attribute_not_exists(PK)' } }, ...guard, ...summaries, ...points];
  if (items.length > TRANSACT_WRITE_LIMIT) throw new Error(`epoch of ${items.length} items: the raw baseline writes up to ${TRANSACT_WRITE_LIMIT} in one transaction`);
  await gw.send(new TransactWriteCommand({ TransactItems: items as never }));
  trainer.started = true;
  for (const s of improved) trainer.summaries.set(s.metric, { ...s, version: s.version + 1 });
  return { answer: { recordEpoch: { replayed: false, userErrors: [] } }, stats };
}

/** What a raw step logger remembers about its series. */
export interface StepLogger {
  job: PlannedJob;
  name: string;
  blockSteps: number | null;
  minStep: number;
  maxStep: number;
  calls: number;
  blocks: Map<number, StepBlock>;
}

export const newStepLogger = (job: PlannedJob, name: string): StepLogger => ({ job, name, blockSteps: null, minStep: Infinity, maxStep: -Infinity, calls: 0, blocks: new Map() });

/** W7: new points of one series with the block summaries and descriptor they change, 25 items a BatchWriteItem. */
export async function rawLogMetrics(db: BenchDatabase, logger: StepLogger, points: readonly NewStepPoint[]): Promise<Answered> {
  const stats = newCallStats();
  const gw = db.gateway(stats, TRAINER_KEY);
  const { job, name } = logger;
  const steps = points.map((p) => p.step);
  const blockSteps = (logger.blockSteps ??= chooseBlockSteps(steps));
  const blocks = mergeCall(logger.blocks, points, blockSteps);
  logger.minStep = Math.min(logger.minStep, ...steps);
  logger.maxStep = Math.max(logger.maxStep, ...steps);
  logger.calls++;
  const descriptor = descriptorToItem({ jobId: job.id, name, blockSteps, minStep: logger.minStep, maxStep: logger.maxStep, version: logger.calls });
  const items: Item[] = [...points.map(stepPointToItem), ...blocks.map(blockToItem), descriptor];
  await batchPut(gw, items);
  return { answer: { logMetrics: { written: points.length, replayed: 0, userErrors: [] } }, stats };
}

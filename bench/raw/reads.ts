import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { newCallStats } from '../../src/db/call-stats';
import { queryAll, queryUntil, type Item } from '../../src/db/batch';
import type { DynamoGateway } from '../../src/db/gateway';
import { CREATED_PREFIX, ItemType, jobKey, JOBS_BY_STATUS_INDEX, jobPartition, jobsByStatus, leaderboardOf, metricOverTime, metricPointsOfJob } from '../../src/db/schema';
import { parseJobItem } from '../../src/modules/jobs/job-item';
import { JOB_STATUSES, type JobModel } from '../../src/modules/jobs/job-model';
import { readInt, readNumber } from '../../src/db/item-values';
import { bestEpochOf, buildEpochs } from '../../src/modules/metrics/epoch-rules';
import { JobPartition } from '../../src/modules/partition/job-partition';
import { compareLabelPosition } from '../../src/modules/metrics/label-history';
import { flatLabelMetricNames, labelMetricName, mergeLabelPoints } from '../../src/modules/metrics/label-rules';
import { parseSummary, type LeaderboardSummary } from '../../src/modules/leaderboard/leaderboard-items';
import { parseMetricItem } from '../../src/modules/metrics/metric-item';
import type { MetricPoint } from '../../src/modules/metrics/metric-model';
import { bestPoint, compareTrainingOrder, lastPoint } from '../../src/modules/metrics/metric-rules';
import type { BenchDatabase } from '../database';
import type { Answered } from '../workloads/workload';

/*
 * Raw-SDK baselines of the read workloads: the fewest DynamoDB calls (and items) that give the same answer as the
 * GraphQL operation, over the same keys and indexes (src/db/schema/), with as much parallelism inside a request.
 * Answers are assembled with the project's pure rules (best epoch, label merging, training order), so a difference
 * in the answers points at what the server reads, not at a second implementation of those rules.
 */

const byNewest = (a: JobModel, b: JobModel) => (a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? 1 : -1) : a.id < b.id ? 1 : -1);
const isPoint = (p: MetricPoint | null): p is MetricPoint => p !== null;
const pointView = (p: MetricPoint | null) => (p ? { epoch: p.epoch, value: p.value } : null);
const named = (job: JobModel | null) => (job ? { name: job.name } : null);
const curve = (points: readonly MetricPoint[]) => points.map((p) => ({ epoch: p.epoch, step: p.step, value: p.value }));

/**
 * One metric's points of one job, in training order: a Query of that metric's sort-key range only. Points of a staged
 * epoch (one too large for a transaction) are left out without checking its marker: the read workloads run before
 * any such epoch is written.
 */
async function metricOfJob(gw: DynamoGateway, jobId: string, name: string): Promise<MetricPoint[]> {
  const items = await queryAll(gw, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': jobPartition(jobId), ':prefix': metricPointsOfJob(name) },
  });
  return items.map(parseMetricItem).filter(isPoint).filter((p) => p.name === name && !p.epochToken).sort(compareTrainingOrder);
}

/**
 * The items of one TYPE in one index partition (the table is shared with other entities), in index order: the first
 * `want` of them, or all.
 */
async function indexPartition(gw: DynamoGateway, index: 'GSI1' | 'GSI2' | 'GSI3', pk: string, type: string, want?: number): Promise<Item[]> {
  const input = {
    IndexName: index,
    KeyConditionExpression: `${index}PK = :pk`,
    FilterExpression: '#type = :type',
    ExpressionAttributeNames: { '#type': 'TYPE' },
    ExpressionAttributeValues: { ':pk': pk, ':type': type },
  };
  return want === undefined ? queryAll(gw, input) : (await queryUntil(gw, input, want)).items;
}

/** Jobs by id with BatchGetItem (at most 100 here), in the order asked. */
async function jobsById(gw: DynamoGateway, ids: readonly string[]): Promise<(JobModel | null)[]> {
  if (!ids.length) return [];
  const out = await gw.send<{ Responses?: Record<string, Item[]> }>(new BatchGetCommand({ RequestItems: { [gw.tableName]: { Keys: ids.map(jobKey) } } }));
  const found = new Map((out.Responses?.[gw.tableName] ?? []).map(parseJobItem).filter((j): j is JobModel => j !== null).map((j) => [j.id, j]));
  return ids.map((id) => found.get(id) ?? null);
}

/** W1: the newest `first` jobs (one GSI1 Query per status, merged) and each one's val_f1 series (one Query each). */
export async function rawOverview(db: BenchDatabase, first: number): Promise<Answered> {
  const stats = newCallStats();
  const gw = db.gateway(stats);
  const perStatus = await Promise.all(
    JOB_STATUSES.map(async (status) => {
      const { items } = await queryUntil(
        gw,
        {
          IndexName: JOBS_BY_STATUS_INDEX,
          KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :created)',
          FilterExpression: '#type = :job',
          ExpressionAttributeNames: { '#type': 'TYPE' },
          ExpressionAttributeValues: { ':pk': jobsByStatus(status), ':created': CREATED_PREFIX, ':job': ItemType.job },
          ScanIndexForward: false,
        },
        first,
      );
      return items.map(parseJobItem).filter((j): j is JobModel => j !== null);
    }),
  );
  const jobs = perStatus.flat().sort(byNewest).slice(0, first);
  const series = await Promise.all(jobs.map((j) => metricOfJob(gw, j.id, 'val_f1')));
  const edges = jobs.map((job, i) => {
    const best = bestEpochOf(buildEpochs(series[i]));
    const r = job.results;
    return {
      node: {
        id: job.id,
        name: job.name,
        status: job.status,
        results: r ? { bestF1: readNumber(r.best_f1), bestEpoch: readInt(r.best_epoch), trainRuntime: readNumber(r.train_runtime) } : null,
        bestEpoch: best ? { epoch: best.epoch, valF1: best.valF1 } : null,
        series: curve(series[i]),
      },
    };
  });
  return { answer: { jobs: { edges } }, stats };
}

/** W2: one job's epochs with labels, dataset metrics and logs: one Query of the job's partition holds them all. */
export async function rawJobDetail(db: BenchDatabase, jobId: string, logs: number): Promise<Answered> {
  const stats = newCallStats();
  const gw = db.gateway(stats);
  const items = await queryAll(gw, { KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': jobPartition(jobId) } });
  const view = new JobPartition(jobId, items);
  const job = view.job;
  const answer = job
    ? {
        id: job.id,
        name: job.name,
        status: job.status,
        epochs: view.epochs().map((e) => ({
          epoch: e.epoch,
          step: e.step,
          valF1: e.valF1,
          valPrecision: e.valPrecision,
          valRecall: e.valRecall,
          evalLoss: e.evalLoss,
          trainLoss: e.trainLoss,
          learningRate: e.learningRate,
          isBest: e.isBest,
          recordedAt: e.recordedAt,
          labels: e.labels.map((l) => ({ label: l.label, f1: l.f1, precision: l.precision, recall: l.recall, support: l.support })),
        })),
        datasetMetrics: view.datasetMetrics().map((p) => ({ name: p.name, value: p.value, unit: p.unit })),
        logs: { edges: view.logs.slice(0, logs).map((l) => ({ node: { timestamp: l.timestamp, level: l.level, message: l.message } })) },
      }
    : null;
  return { answer: { job: answer }, stats };
}

/** W3: one metric of several jobs: one Query of that metric's sort-key range per job, in parallel. */
export async function rawCompare(db: BenchDatabase, name: string, jobIds: readonly string[]): Promise<Answered> {
  const stats = newCallStats();
  const gw = db.gateway(stats);
  const series = await Promise.all(jobIds.map((id) => metricOfJob(gw, id, name)));
  const direction = name.endsWith('loss') ? 'ASC' : 'DESC';
  const answer = jobIds.map((jobId, i) => ({
    jobId,
    best: pointView(bestPoint(series[i], direction)),
    last: pointView(lastPoint(series[i])),
    points: curve(series[i]),
  }));
  return { answer: { compareMetric: answer }, stats };
}

/** W4: the first `first` leaderboard summaries of the metric (GSI3, best first), then their jobs with one BatchGetItem. */
export async function rawLeaderboard(db: BenchDatabase, metric: string, first: number): Promise<Answered> {
  const stats = newCallStats();
  const gw = db.gateway(stats);
  const items = await indexPartition(gw, 'GSI3', leaderboardOf(metric), ItemType.leaderboard, first);
  const summaries = items.map(parseSummary).filter((s): s is LeaderboardSummary => s !== null);
  const jobs = await jobsById(gw, summaries.map((s) => s.jobId));
  const answer = summaries.map((s, i) => ({ rank: i + 1, jobId: s.jobId, value: s.value, epoch: s.epoch, job: named(jobs[i]) }));
  return { answer: { leaderboard: answer }, stats };
}

/**
 * W4 over the metric points alone (no summaries): every job's points of the metric from GSI2, the best per job,
 * ranked, then the top jobs with one BatchGetItem. The bench checks the seeded summaries against it.
 */
export async function rawLeaderboardFromPoints(db: BenchDatabase, metric: string, first: number): Promise<Answered> {
  const stats = newCallStats();
  const gw = db.gateway(stats);
  const items = await indexPartition(gw, 'GSI2', metricOverTime(metric), ItemType.metric);
  const byJob = new Map<string, MetricPoint[]>();
  for (const p of items.map(parseMetricItem).filter(isPoint)) {
    if (p.name !== metric || p.epochToken) continue;
    byJob.set(p.jobId, [...(byJob.get(p.jobId) ?? []), p]);
  }
  const bests = [...byJob.entries()]
    .map(([jobId, points]) => ({ jobId, best: bestPoint(points.sort(compareTrainingOrder), 'DESC') }))
    .filter((b): b is { jobId: string; best: MetricPoint } => b.best !== null && b.best.value !== null)
    .sort((a, b) => (b.best.value as number) - (a.best.value as number) || (a.jobId < b.jobId ? -1 : 1))
    .slice(0, first);
  const jobs = await jobsById(gw, bests.map((b) => b.jobId));
  const answer = bests.map((b, i) => ({ rank: i + 1, jobId: b.jobId, value: b.best.value, epoch: b.best.epoch, job: named(jobs[i]) }));
  return { answer: { leaderboard: answer }, stats };
}

/**
 * W5: one label across all jobs, oldest first: the label's map-shaped rows and its four legacy flat rows live in five
 * GSI1 partitions; reading the oldest `first` rows of each (in parallel) covers the oldest `first` merged rows.
 */
export async function rawLabelHistory(db: BenchDatabase, label: string, first: number): Promise<Answered> {
  const stats = newCallStats();
  const gw = db.gateway(stats);
  const sources = await Promise.all(
    [labelMetricName(label), ...flatLabelMetricNames(label)].map(async (name) => {
      const items = await indexPartition(gw, 'GSI1', metricOverTime(name), ItemType.metric, first);
      return items.map(parseMetricItem).filter(isPoint).filter((p) => p.name === name);
    }),
  );
  const position = (r: { timestamp: string; jobId: string; epoch: number | null }) => ({ ts: r.timestamp, jobId: r.jobId, epoch: r.epoch });
  const rows = mergeLabelPoints(sources.flat())
    .filter((r) => r.label === label)
    .sort((a, b) => compareLabelPosition(position(a), position(b)))
    .slice(0, first);
  const edges = rows.map((r) => ({ node: { jobId: r.jobId, epoch: r.epoch, f1: r.f1, precision: r.precision, recall: r.recall, support: r.support, timestamp: r.timestamp } }));
  return { answer: { labelHistory: { edges } }, stats };
}

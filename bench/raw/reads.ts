import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { newCallStats } from '../../src/db/call-stats';
import { queryAll, queryUntil } from '../../src/db/batch';
import type { DynamoGateway } from '../../src/db/gateway';
import type { BenchDatabase } from '../database';
import type { Answered } from '../workloads/workload';
import {
  jobIdOf,
  jobKey,
  jobPk,
  leaderboardPk,
  map,
  metricPk,
  metricSkPrefix,
  num,
  STATUSES,
  statusPk,
  str,
  TYPE,
  whole,
  type Item,
} from './table';

/*
 * Raw-SDK baselines of the read workloads: the fewest DynamoDB calls (and items) that give the same answer as the
 * GraphQL operation, over the same keys and indexes, with as much parallelism inside a request. The SDK's document
 * client unmarshalls the items; the baseline decodes them and applies the API's rules (training order, best epoch, the
 * two shapes of label rows) with its own code below, written from docs/storage.md and the API contract, not the server's:
 * a server that decodes an item or applies a rule wrongly answers differently from the baseline.
 */

/** A job, as far as the answers show it. */
interface Job {
  id: string;
  name: string;
  status: string;
  createdAt: string;
  results: Record<string, unknown> | null;
}

/** One stored metric point: a number, or a map of scores (a `label_X` row). */
interface Point {
  jobId: string;
  name: string;
  value: number | null;
  scores: Record<string, unknown> | null;
  unit: string | null;
  epoch: number | null;
  step: number | null;
  timestamp: string;
  sk: string;
  /** Set on the points of an epoch written in several transactions: hidden until its marker commits with the token. */
  token: string | null;
}

/** A JOB item (status stored lower-case, answered as the upper-case enum); null for anything else. */
function readJob(item: Item): Job | null {
  const id = jobIdOf(item.PK);
  const status = str(item.status);
  const createdAt = str(item.created_at);
  if (item.TYPE !== TYPE.job || item.SK !== 'JOB' || !id || !createdAt || !STATUSES.some((s) => s === status)) return null;
  return { id, name: str(item.name) ?? '', status: (status as string).toUpperCase(), createdAt, results: map(item.results) };
}

/** A JOB_METRIC item with the keys the legacy reader requires (job_id, metric_name, timestamp); null for anything else. */
function readPoint(item: Item): Point | null {
  const [jobId, name, timestamp] = [str(item.job_id), str(item.metric_name), str(item.timestamp)];
  if (item.TYPE !== TYPE.metric || !jobId || !name || !timestamp) return null;
  const scores = map(item.value);
  const value = scores ? null : num(item.value);
  return {
    jobId,
    name,
    value,
    scores,
    unit: str(item.unit),
    epoch: whole(item.epoch),
    step: whole(item.step),
    timestamp,
    sk: String(item.SK),
    token: str(item.epoch_token),
  };
}

const isSome = <T>(x: T | null): x is T => x !== null;
const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Training order: epoch, step, timestamp (a missing epoch or step first), then the sort key. */
const trainingOrder = (a: Point, b: Point) =>
  (a.epoch ?? -1) - (b.epoch ?? -1) || (a.step ?? -1) - (b.step ?? -1) || order(a.timestamp, b.timestamp) || order(a.sk, b.sk);

const curve = (points: readonly Point[]) => points.map((p) => ({ epoch: p.epoch, step: p.step, value: p.value }));
const pointView = (p: Point | null) => (p ? { epoch: p.epoch, value: p.value } : null);
const named = (job: Job | null) => (job ? { name: job.name } : null);

type Score = 'f1' | 'precision' | 'recall' | 'support';
const SCORES: readonly Score[] = ['f1', 'precision', 'recall', 'support'];

/** Scores of one label in one epoch of one job, merged from its rows of either shape. */
type LabelRow = { jobId: string; epoch: number | null; label: string; timestamp: string } & Record<Score, number | null>;

/**
 * The label a point scores: `label_X` holding a map with scores (documented shape), or `label_X_{score}` holding a number
 * (legacy flat shape; labels contain `_`, so the last segment is the score). Other `label_*` points are not label rows.
 */
function labelOf(p: Point): { label: string; score: Score | null } | null {
  if (!p.name.startsWith('label_')) return null;
  const rest = p.name.slice('label_'.length);
  if (p.scores) return rest && SCORES.some((s) => p.scores && s in p.scores) ? { label: rest, score: null } : null;
  const score = SCORES.find((s) => rest.endsWith(`_${s}`) && rest.length > s.length + 1);
  return score ? { label: rest.slice(0, -score.length - 1), score } : null;
}

/** One row per (job, epoch, label) from both shapes; its timestamp is its earliest row's. By epoch, label, job. */
function labelRows(points: readonly Point[]): LabelRow[] {
  const rows = new Map<string, LabelRow>();
  for (const p of points) {
    const which = labelOf(p);
    if (!which) continue;
    const key = JSON.stringify([p.jobId, p.epoch, which.label]);
    const row = rows.get(key) ?? {
      jobId: p.jobId,
      epoch: p.epoch,
      label: which.label,
      timestamp: p.timestamp,
      f1: null,
      precision: null,
      recall: null,
      support: null,
    };
    rows.set(key, row);
    if (p.timestamp < row.timestamp) row.timestamp = p.timestamp;
    const values: Record<string, unknown> = which.score ? { [which.score]: p.value } : (p.scores ?? {});
    for (const s of SCORES) {
      const v = num(values[s]);
      // The legacy writer stores support as a float count (156.0).
      if (v !== null) row[s] = s === 'support' ? Math.round(v) : v;
    }
  }
  return [...rows.values()].sort((a, b) => (a.epoch ?? -1) - (b.epoch ?? -1) || order(a.label, b.label) || order(a.jobId, b.jobId));
}

type EpochField = 'valF1' | 'valPrecision' | 'valRecall' | 'evalLoss' | 'trainLoss' | 'learningRate';

/** The six standard metrics and the Epoch field each fills. */
const STANDARD = new Map<string, EpochField>([
  ['val_f1', 'valF1'],
  ['val_precision', 'valPrecision'],
  ['val_recall', 'valRecall'],
  ['eval_loss', 'evalLoss'],
  ['train_loss', 'trainLoss'],
  ['learning_rate', 'learningRate'],
]);

/**
 * One row per epoch, ascending: its first step, each standard metric's last value in training order, its label rows and
 * its earliest timestamp; `isBest` marks the highest val_f1, the earliest epoch on a tie (0.0 counts like any value).
 */
function epochRows(points: readonly Point[]) {
  const byEpoch = new Map<number, Point[]>();
  for (const p of [...points].sort(trainingOrder)) if (p.epoch !== null) byEpoch.set(p.epoch, [...(byEpoch.get(p.epoch) ?? []), p]);
  const rows = [...byEpoch.entries()]
    .sort(([a], [b]) => a - b)
    .map(([epoch, list]) => {
      const values: Record<EpochField, number | null> = {
        valF1: null,
        valPrecision: null,
        valRecall: null,
        evalLoss: null,
        trainLoss: null,
        learningRate: null,
      };
      for (const p of list) {
        const field = STANDARD.get(p.name);
        if (field && p.value !== null) values[field] = p.value;
      }
      const step = list.find((p) => p.step !== null)?.step ?? null;
      const recordedAt = list.map((p) => p.timestamp).reduce((a, b) => (b < a ? b : a));
      return { epoch, step, ...values, isBest: false, recordedAt, labels: labelRows(list) };
    });
  const best = rows.reduce<(typeof rows)[number] | null>(
    (b, r) => (r.valF1 !== null && (b === null || r.valF1 > (b.valF1 as number)) ? r : b),
    null,
  );
  if (best) best.isBest = true;
  return { rows, best };
}

/**
 * One metric's points of one job, in training order: a Query of that metric's sort-key range only. Points of a staged
 * epoch (one too large for a transaction) are left out without checking its marker: the read workloads run before
 * any such epoch is written.
 */
async function metricOfJob(gw: DynamoGateway, jobId: string, name: string): Promise<Point[]> {
  const items = await queryAll(gw, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': jobPk(jobId), ':prefix': metricSkPrefix(name) },
  });
  return items
    .map(readPoint)
    .filter(isSome)
    .filter((p) => p.name === name && !p.token)
    .sort(trainingOrder);
}

/**
 * The items of one TYPE in one index partition (the table is shared with other entities), in index order: the first
 * `want` of them, or all.
 */
async function indexPartition(
  gw: DynamoGateway,
  index: 'GSI1' | 'GSI2' | 'GSI3',
  pk: string,
  type: string,
  want?: number,
): Promise<Item[]> {
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
async function jobsById(gw: DynamoGateway, ids: readonly string[]): Promise<(Job | null)[]> {
  if (!ids.length) return [];
  const out = await gw.send<{ Responses?: Record<string, Item[]> }>(
    new BatchGetCommand({ RequestItems: { [gw.tableName]: { Keys: ids.map(jobKey) } } }),
  );
  const found = new Map(
    (out.Responses?.[gw.tableName] ?? [])
      .map(readJob)
      .filter(isSome)
      .map((j) => [j.id, j]),
  );
  return ids.map((id) => found.get(id) ?? null);
}

/** W1: the newest `first` jobs (one GSI1 Query per status, merged) and each one's val_f1 series (one Query each). */
export async function rawOverview(db: BenchDatabase, first: number): Promise<Answered> {
  const stats = newCallStats();
  const gw = db.gateway(stats);
  const perStatus = await Promise.all(
    STATUSES.map(async (status) => {
      const { items } = await queryUntil(
        gw,
        {
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :created)',
          FilterExpression: '#type = :job',
          ExpressionAttributeNames: { '#type': 'TYPE' },
          ExpressionAttributeValues: { ':pk': statusPk(status), ':created': 'CREATED#', ':job': TYPE.job },
          ScanIndexForward: false,
        },
        first,
      );
      return items.map(readJob).filter(isSome);
    }),
  );
  const jobs = perStatus
    .flat()
    .sort((a, b) => order(b.createdAt, a.createdAt) || order(b.id, a.id))
    .slice(0, first);
  const series = await Promise.all(jobs.map((j) => metricOfJob(gw, j.id, 'val_f1')));
  const edges = jobs.map((job, i) => {
    const { best } = epochRows(series[i]);
    const r = job.results;
    return {
      node: {
        id: job.id,
        name: job.name,
        status: job.status,
        results: r ? { bestF1: num(r.best_f1), bestEpoch: whole(r.best_epoch), trainRuntime: num(r.train_runtime) } : null,
        bestEpoch: best ? { epoch: best.epoch, valF1: best.valF1 } : null,
        series: curve(series[i]),
      },
    };
  });
  return { answer: { jobs: { edges } }, stats };
}

const LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];

/** A JOB_LOG item: its timestamp is the sort key after `LOG#`; a level the API does not know (or none) reads as INFO. */
function readLog(item: Item): { sk: string; timestamp: string; level: string; message: string } | null {
  const sk = str(item.SK);
  if (item.TYPE !== TYPE.log || !sk?.startsWith('LOG#')) return null;
  const level = (str(item.log_level) ?? '').toUpperCase();
  return {
    sk,
    timestamp: sk.slice('LOG#'.length),
    level: level === 'WARN' ? 'WARNING' : LOG_LEVELS.includes(level) ? level : 'INFO',
    message: str(item.message) ?? '',
  };
}

/** W2: one job's epochs with labels, dataset metrics and logs: one Query of the job's partition holds them all. */
export async function rawJobDetail(db: BenchDatabase, jobId: string, logs: number): Promise<Answered> {
  const stats = newCallStats();
  const gw = db.gateway(stats);
  const items = await queryAll(gw, { KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': jobPk(jobId) } });
  const job = items.map(readJob).find(isSome) ?? null;
  const committed = new Set(items.filter((i) => i.TYPE === TYPE.marker && i.committed === true).map((i) => str(i.token)));
  const points = items
    .map(readPoint)
    .filter(isSome)
    .filter((p) => !p.token || committed.has(p.token));
  const dataset = points.filter((p) => p.epoch === null).sort((a, b) => order(a.timestamp, b.timestamp) || order(a.sk, b.sk));
  const lines = items
    .map(readLog)
    .filter(isSome)
    .sort((a, b) => order(a.sk, b.sk));
  const answer = job
    ? {
        id: job.id,
        name: job.name,
        status: job.status,
        epochs: epochRows(points).rows.map((e) => ({
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
        datasetMetrics: dataset.map((p) => ({ name: p.name, value: p.value, unit: p.unit })),
        logs: { edges: lines.slice(0, logs).map((l) => ({ node: { timestamp: l.timestamp, level: l.level, message: l.message } })) },
      }
    : null;
  return { answer: { job: answer }, stats };
}

/** The best numeric point (lower is better for a name ending in `loss`); points in training order, the earliest wins a tie. */
function bestPoint(points: readonly Point[], name: string): Point | null {
  const better = name.endsWith('loss') ? (a: number, b: number) => a < b : (a: number, b: number) => a > b;
  return points.reduce<Point | null>(
    (best, p) => (p.value !== null && (best === null || better(p.value, best.value as number)) ? p : best),
    null,
  );
}

/**
 * What a job ranks by: each epoch's latest point in training order (a re-sent epoch supersedes its earlier rows), by
 * epoch, after the run-level points (no epoch), which rank beside them and win a tie.
 */
function epochValues(points: readonly Point[]): Point[] {
  const latest = new Map<number, Point>();
  const runLevel: Point[] = [];
  for (const p of [...points].sort(trainingOrder)) {
    if (p.epoch === null) runLevel.push(p);
    else latest.set(p.epoch, p);
  }
  return [...runLevel, ...[...latest.values()].sort((a, b) => (a.epoch as number) - (b.epoch as number))];
}

/** W3: one metric of several jobs: one Query of that metric's sort-key range per job, in parallel. */
export async function rawCompare(db: BenchDatabase, name: string, jobIds: readonly string[]): Promise<Answered> {
  const stats = newCallStats();
  const gw = db.gateway(stats);
  const series = await Promise.all(jobIds.map((id) => metricOfJob(gw, id, name)));
  // The last point is the most recently recorded; on equal timestamps the later in training order.
  const last = (points: readonly Point[]) =>
    points.reduce<Point | null>((l, p) => (l === null || p.timestamp >= l.timestamp ? p : l), null);
  const answer = jobIds.map((jobId, i) => ({
    jobId,
    best: pointView(bestPoint(series[i], name)),
    last: pointView(last(series[i])),
    points: curve(series[i]),
  }));
  return { answer: { compareMetric: answer }, stats };
}

/** W4: the first `first` leaderboard summaries of the metric (GSI3, best first), then their jobs with one BatchGetItem. */
export async function rawLeaderboard(db: BenchDatabase, metric: string, first: number): Promise<Answered> {
  const stats = newCallStats();
  const gw = db.gateway(stats);
  const items = await indexPartition(gw, 'GSI3', leaderboardPk(metric), TYPE.leaderboard, first);
  const summaries = items
    .map((item) => ({ jobId: jobIdOf(item.PK), value: num(item.value), epoch: whole(item.epoch) }))
    .filter((s): s is { jobId: string; value: number; epoch: number | null } => s.jobId !== null && s.value !== null);
  const jobs = await jobsById(
    gw,
    summaries.map((s) => s.jobId),
  );
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
  const items = await indexPartition(gw, 'GSI2', metricPk(metric), TYPE.metric);
  const byJob = new Map<string, Point[]>();
  for (const p of items.map(readPoint).filter(isSome)) {
    if (p.name === metric && !p.token) byJob.set(p.jobId, [...(byJob.get(p.jobId) ?? []), p]);
  }
  const bests = [...byJob.entries()]
    .map(([jobId, points]) => ({ jobId, best: bestPoint(epochValues(points), metric) }))
    .filter((b): b is { jobId: string; best: Point & { value: number } } => b.best !== null && b.best.value !== null)
    .sort((a, b) => b.best.value - a.best.value || order(a.jobId, b.jobId))
    .slice(0, first);
  const jobs = await jobsById(
    gw,
    bests.map((b) => b.jobId),
  );
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
  const names = [`label_${label}`, ...SCORES.map((s) => `label_${label}_${s}`)];
  const sources = await Promise.all(
    names.map(async (name) => {
      const items = await indexPartition(gw, 'GSI1', metricPk(name), TYPE.metric, first);
      return items
        .map(readPoint)
        .filter(isSome)
        .filter((p) => p.name === name);
    }),
  );
  // History order: a row's earliest timestamp, then job, then epoch.
  const rows = labelRows(sources.flat())
    .filter((r) => r.label === label)
    .sort((a, b) => order(a.timestamp, b.timestamp) || order(a.jobId, b.jobId) || (a.epoch ?? -1) - (b.epoch ?? -1))
    .slice(0, first);
  const edges = rows.map((r) => ({
    node: {
      jobId: r.jobId,
      epoch: r.epoch,
      f1: r.f1,
      precision: r.precision,
      recall: r.recall,
      support: r.support,
      timestamp: r.timestamp,
    },
  }));
  return { answer: { labelHistory: { edges } }, stats };
}

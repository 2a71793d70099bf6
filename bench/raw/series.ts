import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { newCallStats } from '../../src/db/call-stats';
import { queryAll } from '../../src/db/batch';
import type { DynamoGateway } from '../../src/db/gateway';
import type { BenchDatabase } from '../database';
import type { Answered } from '../workloads/workload';
import { BLOCK_PREFIX, map, num, seriesDescriptorKey, seriesPk, STEP_PREFIX, str, TYPE, whole, type Item } from './table';

/*
 * Raw-SDK baselines of W8, a long step-level series: the descriptor is one GetItem, read in parallel with the
 * series partition's points (full) or block summaries (maxPoints). Items are decoded, and downsampled, by the baseline's
 * own code below (not the server's), so a server that decodes or downsamples wrongly answers differently.
 */

/** A point of the series as answered. */
interface SeriesPoint {
  step: number;
  value: number;
  epoch: number | null;
}

/** A block summary's extremes: the series' points at its first and last step and at its lowest and highest value. */
interface Block {
  first: SeriesPoint;
  last: SeriesPoint;
  min: SeriesPoint;
  max: SeriesPoint;
}

const curve = (points: readonly SeriesPoint[]) => points.map((p) => ({ epoch: p.epoch, step: p.step, value: p.value }));

/** A step point (a JOB_STEP_METRIC item, or one extreme of a block summary: a map of the same attributes), else null. */
function readStepPoint(value: unknown): SeriesPoint | null {
  const m = map(value);
  const [step, v] = [whole(m?.step), num(m?.value)];
  return m && step !== null && v !== null && str(m.timestamp) ? { step, value: v, epoch: whole(m.epoch) } : null;
}

/** A JOB_STEP_BLOCK item, else null. */
function readBlock(item: Item): Block | null {
  const [first, last, min, max] = [item.first, item.last, item.min, item.max].map(readStepPoint);
  return item.TYPE === TYPE.stepBlock && first && last && min && max ? { first, last, min, max } : null;
}

const isSome = <T>(x: T | null): x is T => x !== null;

function seriesPart(gw: DynamoGateway, jobId: string, name: string, prefix: string): Promise<Item[]> {
  return queryAll(gw, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': seriesPk(jobId, name), ':prefix': prefix },
  });
}

/** The series' points, by step (their sort keys are zero-padded steps). */
const stepPoints = (items: readonly Item[]) =>
  items
    .filter((i) => i.TYPE === TYPE.stepPoint)
    .map(readStepPoint)
    .filter(isSome);

/** The series' descriptor (its block size and step range) and, read at the same time, its points or block summaries. */
async function descriptorAndPart(db: BenchDatabase, jobId: string, name: string, prefix: string) {
  const stats = newCallStats();
  const gw = db.gateway(stats);
  const [out, items] = await Promise.all([
    gw.send<{ Item?: Item }>(new GetCommand({ TableName: gw.tableName, Key: seriesDescriptorKey(jobId, name) })),
    seriesPart(gw, jobId, name, prefix),
  ]);
  const d = out.Item?.TYPE === TYPE.stepSeries ? out.Item : undefined;
  const [blockSteps, minStep, maxStep] = [whole(d?.block_steps), whole(d?.min_step), whole(d?.max_step)];
  if (!blockSteps || minStep === null || maxStep === null) throw new Error(`job ${jobId} has no step series ${name}`);
  return { stats, gw, descriptor: { blockSteps, minStep, maxStep }, items };
}

/**
 * The server's rule (MetricQueryService.series): block summaries serve `maxPoints` when the blocks the series spans
 * could give at least half of it (two extremes a block, plus first and last), else the points are downsampled.
 */
function blocksServe(d: { blockSteps: number; minStep: number; maxStep: number }, maxPoints: number): boolean {
  const span = Math.floor(d.maxStep / d.blockSteps) - Math.floor(d.minStep / d.blockSteps) + 1;
  return 2 * (2 * span + 2) >= maxPoints;
}

/**
 * The API's downsampling, over `parts` in step order (points, or block summaries): the series' first and last point,
 * and in each of (maxPoints - 2) / 2 runs of near-equal length (at least one) the lowest and the highest point, the
 * earliest on a tie; by step, each step once.
 */
function keepExtremes(parts: readonly Block[], maxPoints: number): SeriesPoint[] {
  if (!parts.length) return [];
  const kept = new Map<number, SeriesPoint>();
  const keep = (p: SeriesPoint) => kept.set(p.step, kept.get(p.step) ?? p);
  keep(parts[0].first);
  keep(parts[parts.length - 1].last);
  const runs = Math.max(1, Math.floor((maxPoints - 2) / 2));
  for (let r = 0; r < runs; r++) {
    const run = parts.slice(Math.floor((r * parts.length) / runs), Math.floor(((r + 1) * parts.length) / runs));
    if (!run.length) continue;
    keep(run.map((b) => b.min).reduce((low, p) => (p.value < low.value ? p : low)));
    keep(run.map((b) => b.max).reduce((high, p) => (p.value > high.value ? p : high)));
  }
  return [...kept.values()].sort((a, b) => a.step - b.step);
}

/** At most `maxPoints` of a series' points; a shorter series whole. */
function downsamplePoints(points: readonly SeriesPoint[], maxPoints: number): SeriesPoint[] {
  return points.length <= maxPoints
    ? [...points]
    : keepExtremes(
        points.map((p) => ({ first: p, last: p, min: p, max: p })),
        maxPoints,
      );
}

/** Every point of a job's step series, by step. */
export async function rawFullSeries(db: BenchDatabase, jobId: string, name: string): Promise<Answered> {
  const { stats, items } = await descriptorAndPart(db, jobId, name, STEP_PREFIX);
  return { answer: { job: { series: curve(stepPoints(items)) } }, stats };
}

/** At most `maxPoints` of a job's step series, from its block summaries. */
export async function rawDownsampledSeries(db: BenchDatabase, jobId: string, name: string, maxPoints: number): Promise<Answered> {
  const { stats, gw, descriptor, items } = await descriptorAndPart(db, jobId, name, BLOCK_PREFIX);
  if (!blocksServe(descriptor, maxPoints)) {
    const points = stepPoints(await seriesPart(gw, jobId, name, STEP_PREFIX));
    return { answer: { job: { series: curve(downsamplePoints(points, maxPoints)) } }, stats };
  }
  return { answer: { job: { series: curve(keepExtremes(items.map(readBlock).filter(isSome), maxPoints)) } }, stats };
}

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { newCallStats } from '../../src/db/call-stats';
import { queryAll } from '../../src/db/batch';
import type { DynamoGateway } from '../../src/db/gateway';
import type { BenchDatabase } from '../database';
import type { Answered } from '../workloads/workload';
import { pageExtremes, partPoints } from './packed';
import { map, num, PACK_PREFIX, seriesDescriptorKey, seriesPk, STEP_PREFIX, str, SUMMARY_PREFIX, TYPE, whole, type Item } from './table';

/*
 * Raw-SDK baselines of W8, a long step-level series: the descriptor (head) is one GetItem, read in parallel with the
 * series partition's points (full, one item per point as before packing), or with its summary pages (maxPoints, the
 * packed series) or block summaries (maxPoints, per point). Items are decoded, and downsampled, by the baseline's
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
  return { stats, gw, descriptor: { blockSteps, minStep, maxStep, count: whole(d?.count) }, items };
}

/** Points a packed part holds before logging starts the next one (the API's PART_POINTS, docs/storage.md). */
const PART_POINTS = 250;

/**
 * The server's rule (MetricQueryService.series): run summaries serve `maxPoints` when the series' runs could give at
 * least half of it (two extremes a run, plus first and last), else the points are downsampled. A packed series (its
 * head counts its points) has one run per part of ~250 points; one from before packing, one per block it spans.
 */
function summariesServe(d: { blockSteps: number; minStep: number; maxStep: number; count: number | null }, maxPoints: number): boolean {
  const runs =
    d.count !== null ? Math.ceil(d.count / PART_POINTS) : Math.floor(d.maxStep / d.blockSteps) - Math.floor(d.minStep / d.blockSteps) + 1;
  return 2 * (2 * runs + 2) >= maxPoints;
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
  keep(parts.map((b) => b.last).reduce((end, p) => (p.step > end.step ? p : end)));
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

/**
 * At most `maxPoints` of a packed step series (issue 18), from its summary pages, else from its parts: the head read by
 * GetItem in parallel with a Query of the pages (or of the parts), decoded by the baseline's own code (./packed.ts).
 */
export async function rawPackedDownsampledSeries(db: BenchDatabase, jobId: string, name: string, maxPoints: number): Promise<Answered> {
  const { stats, gw, descriptor, items } = await descriptorAndPart(db, jobId, name, SUMMARY_PREFIX);
  if (!summariesServe(descriptor, maxPoints)) {
    const parts = await seriesPart(gw, jobId, name, PACK_PREFIX);
    const points = parts.flatMap((item) => partPoints(item) ?? []).sort((a, b) => a.step - b.step);
    return { answer: { job: { series: curve(downsamplePoints(points, maxPoints)) } }, stats };
  }
  const runs = items.flatMap((item) => pageExtremes(item) ?? []);
  return { answer: { job: { series: curve(keepExtremes(runs, maxPoints)) } }, stats };
}

import type { Item } from '../../db/batch';
import { firstStepOfSortKey, seriesOfPartition, stepPointKey, stepRunKey, STEP_PAGES, STEP_PARTS } from '../../db/schema';
import { readInt } from '../../db/item-values';
import type { BlockPoint, MetricPoint } from './metric-model';
import { decodePoints, decodeUints, encodePoints, encodeUints, type PackedPoint } from './step-codec';

/**
 * Points a packed part is filled to before logging starts a new one (~3.5 KB an item). Chosen by the costs of
 * docs/benchmarks.md: a 1,000-point call rewrites about five parts (~45 WCU in its transaction); a few-point call
 * rewrites the tail part, half full on average (~4 WCU); a 100,000-point read is 400 items, ~180 RCU.
 */
export const PART_POINTS = 250;
/** Hard bound on one part (~300 KB, under DynamoDB's 400 KB item limit): inserts between logged steps can grow a part past PART_POINTS. */
export const MAX_PART_POINTS = 20_000;
/** Part summaries a summary page is filled to before a new page starts (~2.5 KB): a 100,000-point series has 13. */
export const PAGE_PARTS = 32;

/** A packed part: a run of a series' points, by step. Its range runs from `firstStep` to the next part's first step. */
export interface SeriesPart {
  firstStep: number;
  points: PackedPoint[];
}

/** Min/max/first/last of a run of points (a packed part, or a legacy block summary), what downsampling reads. */
export interface RunExtremes {
  unit: string | null;
  first: BlockPoint;
  last: BlockPoint;
  min: BlockPoint;
  max: BlockPoint;
}

/** A part's summary: its first step, its point count and its extremes. */
export interface PartSummary extends RunExtremes {
  firstStep: number;
  count: number;
}

/** A summary page: the summaries of consecutive parts, keyed by the first one's first step. */
export interface SummaryPage {
  firstStep: number;
  parts: PartSummary[];
}

function toBlockPoint(p: PackedPoint): BlockPoint {
  return { step: p.step, value: p.value, timestamp: p.timestamp, epoch: p.epoch };
}

/** The summary of a part (its points by step, at least one): the earliest point wins ties of min and max. */
export function summarize(part: SeriesPart): PartSummary {
  const points = part.points;
  let min = points[0];
  let max = points[0];
  for (const p of points) {
    if (p.value < min.value) min = p;
    if (p.value > max.value) max = p;
  }
  return {
    firstStep: part.firstStep,
    count: points.length,
    unit: points[0].unit,
    first: toBlockPoint(points[0]),
    last: toBlockPoint(points[points.length - 1]),
    min: toBlockPoint(min),
    max: toBlockPoint(max),
  };
}

/** The item of a packed part: keys, the packed points (`points`, B) and their count (`n`). No TYPE: out of GSITYPE. */
export function partToItem(jobId: string, name: string, part: SeriesPart): Item {
  return { ...stepRunKey(STEP_PARTS, jobId, name, part.firstStep), points: encodePoints(part.points), n: part.points.length };
}

/** A packed part from its item; null for anything else. */
export function parsePart(item: Item): SeriesPart | null {
  const firstStep = firstStepOfSortKey(STEP_PARTS, String(item.SK));
  if (firstStep === null || !(item.points instanceof Uint8Array)) return null;
  return { firstStep, points: decodePoints(item.points) };
}

/** The item of a summary page: part first steps and counts (`parts`, B) and the parts' extremes (`extremes`, B). */
export function pageToItem(jobId: string, name: string, page: SummaryPage): Item {
  const heads = page.parts.flatMap((s) => [s.firstStep, s.count]);
  const extremes = page.parts.flatMap((s) => [s.first, s.last, s.min, s.max].map((p): PackedPoint => ({ ...p, unit: s.unit })));
  return {
    ...stepRunKey(STEP_PAGES, jobId, name, page.firstStep),
    parts: encodeUints(heads),
    extremes: encodePoints(extremes),
    n: page.parts.length,
  };
}

/** A summary page from its item; null for anything else. */
export function parsePage(item: Item): SummaryPage | null {
  const firstStep = firstStepOfSortKey(STEP_PAGES, String(item.SK));
  if (firstStep === null || !(item.parts instanceof Uint8Array) || !(item.extremes instanceof Uint8Array)) return null;
  const heads = decodeUints(item.parts);
  const extremes = decodePoints(item.extremes);
  const parts: PartSummary[] = [];
  for (let i = 0; 2 * i + 1 < heads.length && 4 * i + 3 < extremes.length; i++) {
    const [first, last, min, max] = extremes.slice(4 * i, 4 * i + 4);
    parts.push({
      firstStep: heads[2 * i],
      count: heads[2 * i + 1],
      unit: first.unit,
      first: toBlockPoint(first),
      last: toBlockPoint(last),
      min: toBlockPoint(min),
      max: toBlockPoint(max),
    });
  }
  return readInt(item.n) === parts.length ? { firstStep, parts } : null;
}

/** A packed point as a metric point of the series. */
export function packedToMetric(jobId: string, name: string, p: PackedPoint): MetricPoint {
  return {
    jobId,
    name,
    value: p.value,
    data: null,
    unit: p.unit,
    epoch: p.epoch,
    step: p.step,
    timestamp: p.timestamp,
    sortKey: stepPointKey(jobId, name, p.step).SK,
    epochToken: null,
  };
}

/** Index of the run (part or page) with the largest first step at or below `step`, or -1 (runs ordered by first step). */
export function runAt(runs: readonly { firstStep: number }[], step: number): number {
  let lo = 0;
  let hi = runs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (runs[mid].firstStep <= step) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Two streams of point batches, each by step, as one stream by step (the first's point wins a shared step). */
export async function* mergeByStep(a: AsyncGenerator<MetricPoint[]>, b: AsyncGenerator<MetricPoint[]>): AsyncGenerator<MetricPoint[]> {
  const pending: [MetricPoint[], MetricPoint[]] = [[], []];
  const done = [false, false];
  const sources = [a, b];
  const fill = async (i: 0 | 1) => {
    while (!done[i] && pending[i].length === 0) {
      const next = await sources[i].next();
      if (next.done) done[i] = true;
      else pending[i] = next.value;
    }
  };
  for (;;) {
    await Promise.all([fill(0), fill(1)]);
    if (done[0] && done[1] && !pending[0].length && !pending[1].length) return;
    if (!pending[1].length) {
      yield pending[0];
      pending[0] = [];
      continue;
    }
    if (!pending[0].length) {
      yield pending[1];
      pending[1] = [];
      continue;
    }
    // Emit everything up to the lower of the two batches' last steps; the rest waits for the next batch.
    const bound = Math.min(pending[0][pending[0].length - 1].step as number, pending[1][pending[1].length - 1].step as number);
    const out: MetricPoint[] = [];
    let [i, j] = [0, 0];
    const [x, y] = pending;
    while ((i < x.length && (x[i].step as number) <= bound) || (j < y.length && (y[j].step as number) <= bound)) {
      const takeX = j >= y.length || (y[j].step as number) > bound || (i < x.length && (x[i].step as number) <= (y[j].step as number));
      if (takeX) {
        if (j < y.length && y[j].step === x[i].step) j++;
        out.push(x[i++]);
      } else out.push(y[j++]);
    }
    pending[0] = x.slice(i);
    pending[1] = y.slice(j);
    yield out;
  }
}

/**
 * The points a change of a packed part added, from the item's images before and after (a write never moves a stored
 * point to another part, so each point is added once); empty for any other item.
 */
export function addedPoints(oldImage: Item | undefined, newImage: Item | undefined): MetricPoint[] {
  if (!newImage) return [];
  const series = seriesOfPartition(String(newImage.PK));
  const after = series ? parsePart(newImage) : null;
  if (!series || !after) return [];
  const before = new Set(oldImage ? (parsePart(oldImage)?.points.map((p) => p.step) ?? []) : []);
  return after.points.filter((p) => !before.has(p.step)).map((p) => packedToMetric(series.jobId, series.name, p));
}

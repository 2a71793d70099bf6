import type { MetricPoint, StepSeriesDescriptor } from './metric-model';
import type { PackedPoint } from './step-codec';
import type { Item } from '../../db/batch';
import {
  MAX_PART_POINTS,
  PAGE_PARTS,
  PART_POINTS,
  pageToItem,
  partToItem,
  runAt,
  summarize,
  type SeriesPart,
  type SummaryPage,
} from './step-packs';
import { chooseBlockSteps } from './step-blocks';
import { descriptorToItem, type NewStepPoint } from './step-items';

/** How full parts and pages are filled before new ones start (the defaults; the bench measures others). */
export interface PackLayout {
  partPoints: number;
  pageParts: number;
}
export const PACK_LAYOUT: PackLayout = { partPoints: PART_POINTS, pageParts: PAGE_PARTS };

/** A point of a logMetrics call, with its position in the call (for errors). */
export type CallPoint = NewStepPoint & { index: number };

/** What a write of one series read: its head, the parts and pages around the call's steps, legacy point items. */
export interface SeriesReadState {
  head: StepSeriesDescriptor | null;
  /** Every part whose range can hold one of the call's steps (see StepRepository.readAround), by first step. */
  parts: SeriesPart[];
  /** Every summary page that holds the summary of one of those parts, or of a part starting at one of the steps. */
  pages: SummaryPage[];
  /** Per-point items (the layout before packing) found at the call's steps. */
  pointItems: Map<number, MetricPoint>;
}

/** What to write for one series: its head (at the version read), and the parts and pages that changed. */
export interface SeriesWrite {
  head: StepSeriesDescriptor;
  parts: SeriesPart[];
  pages: SummaryPage[];
  /** First steps of pages whose key went away (a page now starting lower). */
  removedPages: number[];
}

/** How a series' points of one call fare. */
export interface SeriesPlan {
  fresh: CallPoint[];
  replayed: CallPoint[];
  conflicts: { point: CallPoint; stored: number }[];
  write: SeriesWrite | null;
  /** Set when the call cannot be stored as asked (a part past MAX_PART_POINTS). */
  refused: string | null;
}

function packed(p: NewStepPoint): PackedPoint {
  return { step: p.step, value: p.value, timestamp: p.timestamp, epoch: p.epoch, unit: p.unit };
}

/** Index of `step` in points ordered by step, or where it would go (negative: -(insertion point) - 1). */
function indexOfStep(points: readonly PackedPoint[], step: number): number {
  let lo = 0;
  let hi = points.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = points[mid].step;
    if (at === step) return mid;
    if (at < step) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}

/** The value stored at `step` in the parts read or the legacy point items, if any. */
function storedAt(state: SeriesReadState, step: number): number | null {
  const host = runAt(state.parts, step);
  if (host >= 0) {
    const points = state.parts[host].points;
    const i = indexOfStep(points, step);
    if (i >= 0) return points[i].value;
  }
  return state.pointItems.get(step)?.value ?? null;
}

/**
 * Places new points into parts, never moving a stored point to another item (so the table's stream shows each point
 * once, as an addition to the item that holds it): a point goes into the part whose range holds it; past the end of
 * a part already filled to PART_POINTS it starts a new part; below every part it starts the first one.
 */
function placePoints(
  parts: SeriesPart[],
  fresh: readonly CallPoint[],
  partPoints: number,
): { changed: Set<SeriesPart>; refused: string | null } {
  const changed = new Set<SeriesPart>();
  for (const p of fresh) {
    const at = runAt(parts, p.step);
    const host = at >= 0 ? parts[at] : null;
    const last = host?.points[host.points.length - 1];
    if (!host || (host.points.length >= partPoints && p.step > (last as PackedPoint).step)) {
      const part = { firstStep: p.step, points: [packed(p)] };
      parts.splice(at + 1, 0, part);
      changed.add(part);
      continue;
    }
    const i = indexOfStep(host.points, p.step);
    host.points.splice(-i - 1, 0, packed(p));
    changed.add(host);
    if (host.points.length > MAX_PART_POINTS) {
      return {
        changed,
        refused: `${p.name}: the steps from ${host.firstStep} would hold more than ${MAX_PART_POINTS} points in one stored part; log sparser steps between logged ones`,
      };
    }
  }
  return { changed, refused: null };
}

/** Puts the changed parts' summaries into pages: the page whose range holds the part; a new page past a full one. */
function placeSummaries(
  pages: SummaryPage[],
  parts: Iterable<SeriesPart>,
  pageParts: number,
): { changed: Set<SummaryPage>; removed: number[] } {
  const changed = new Set<SummaryPage>();
  const removed: number[] = [];
  for (const part of parts) {
    const summary = summarize(part);
    const at = runAt(pages, part.firstStep);
    if (at < 0 && pages.length > 0) {
      // Below every page: the first page (pages are read down to the series' first when this happens) starts lower.
      removed.push(pages[0].firstStep);
      pages[0] = { firstStep: part.firstStep, parts: [summary, ...pages[0].parts] };
      changed.add(pages[0]);
      continue;
    }
    const page = at >= 0 ? pages[at] : null;
    const lastOfPage = page?.parts[page.parts.length - 1];
    if (!page || (page.parts.length >= pageParts && part.firstStep > (lastOfPage as { firstStep: number }).firstStep)) {
      const fresh = { firstStep: part.firstStep, parts: [summary] };
      pages.splice(at + 1, 0, fresh);
      changed.add(fresh);
      continue;
    }
    const i = runAt(page.parts, part.firstStep);
    if (i >= 0 && page.parts[i].firstStep === part.firstStep) page.parts[i] = summary;
    else page.parts.splice(i + 1, 0, summary);
    changed.add(page);
  }
  return { changed, removed: removed.filter((step) => !pages.some((p) => p.firstStep === step)) };
}

/**
 * The plan of one series' points of a logMetrics call: each point fresh, a replay (the same value stored at its step)
 * or a conflict (another value stored), and what to write for the fresh ones. Pure: the caller read `state`.
 */
export function planSeries(
  jobId: string,
  name: string,
  state: SeriesReadState,
  points: readonly CallPoint[],
  layout: PackLayout = PACK_LAYOUT,
): SeriesPlan {
  const plan: SeriesPlan = { fresh: [], replayed: [], conflicts: [], write: null, refused: null };
  for (const p of [...points].sort((a, b) => a.step - b.step)) {
    const stored = storedAt(state, p.step);
    if (stored === null) plan.fresh.push(p);
    else if (stored === p.value) plan.replayed.push(p);
    else plan.conflicts.push({ point: p, stored });
  }
  if (plan.fresh.length === 0) return plan;
  const parts = state.parts.map((p) => ({ firstStep: p.firstStep, points: [...p.points] }));
  const placed = placePoints(parts, plan.fresh, layout.partPoints);
  if (placed.refused) return { ...plan, refused: placed.refused };
  const pages = state.pages.map((p) => ({ firstStep: p.firstStep, parts: [...p.parts] }));
  const summaries = placeSummaries(
    pages,
    [...placed.changed].sort((a, b) => a.firstStep - b.firstStep),
    layout.pageParts,
  );
  const steps = plan.fresh.map((p) => p.step);
  const before = state.head;
  const head: StepSeriesDescriptor = {
    jobId,
    name,
    blockSteps: before?.blockSteps ?? chooseBlockSteps(steps),
    minStep: Math.min(before?.minStep ?? Infinity, ...steps),
    maxStep: Math.max(before?.maxStep ?? -Infinity, ...steps),
    count: before ? (before.count === null ? null : before.count + steps.length) : steps.length,
    packed: before ? before.packed : true,
    version: before?.version ?? 0,
  };
  plan.write = { head, parts: [...placed.changed], pages: [...summaries.changed], removedPages: summaries.removed };
  return plan;
}

/** Items a series write puts or deletes (the head included). */
export function writeSize(write: SeriesWrite): number {
  return 1 + write.parts.length + write.pages.length + write.removedPages.length;
}

/**
 * The items a new series of `points` is stored as (head, packed parts, summary pages), as logMetrics calls appending
 * them in step order leave it; `version` is the head's (one per call). For seeding and tests.
 */
export function packSeriesItems(jobId: string, name: string, points: readonly NewStepPoint[], version = 1): Item[] {
  const empty: SeriesReadState = { head: null, parts: [], pages: [], pointItems: new Map() };
  const write = planSeries(
    jobId,
    name,
    empty,
    points.map((p, index) => ({ ...p, index })),
  ).write;
  if (!write) return [];
  return [
    descriptorToItem({ ...write.head, version }),
    ...write.parts.map((part) => partToItem(jobId, name, part)),
    ...write.pages.map((page) => pageToItem(jobId, name, page)),
  ];
}

/**
 * How big a packed part should be, measured: a 100,000-point series logged in 1,000-point calls and in 10-point calls
 * through the server's own write planning (planSeries), for several part sizes, costed by DynamoDB's published rules
 * from the items each call writes and each read returns. Pure computation: no DynamoDB, a few seconds.
 *
 *   npm run bench:sizing
 */
import { itemSize } from '../src/platform/item-size';
import { descriptorToItem } from '../src/modules/metrics/step-items';
import { pageToItem, partToItem, runAt, type SeriesPart, type SummaryPage } from '../src/modules/metrics/step-packs';
import { planSeries, type CallPoint, type PackLayout } from '../src/modules/metrics/step-write-plan';
import type { StepSeriesDescriptor } from '../src/modules/metrics/metric-model';
import { formatMicros } from '../src/platform/time';
import { itemsWriteUnits, queryReadUnits } from '../src/db/capacity-rules';

const JOB = '3f2c1a9e-0000-4000-8000-000000000001';
const NAME = 'train_loss';
const POINTS = 100_000;
/** Small calls reach their steady state (a tail part refilled call after call) long before 100,000 points. */
const SMALL_CALL_POINTS = 20_000;
/** Parts a Query page of a whole-series read asks for (SERIES_PAGE_PARTS). */
const READ_PAGE_PARTS = 100;

interface Costs {
  layout: PackLayout;
  wcuPerCall1000: number;
  wcuPerCall10: number;
  itemsPerCall1000: number;
  fullReadItems: number;
  fullReadRcu: number;
  fullReadBytes: number;
  summaryItems: number;
  bytesPerPoint: number;
}

/** A series held in memory as the table would hold it. */
class Model {
  head: StepSeriesDescriptor | null = null;
  parts: SeriesPart[] = [];
  pages: SummaryPage[] = [];

  around(minStep: number, maxStep: number): { parts: SeriesPart[]; pages: SummaryPage[] } {
    const from = Math.max(0, runAt(this.parts, minStep));
    const to = runAt(this.parts, maxStep);
    const parts = to < 0 ? [] : this.parts.slice(from, to + 1);
    const lowest = Math.min(minStep, parts[0]?.firstStep ?? minStep);
    const pFrom = Math.max(0, runAt(this.pages, lowest));
    const pTo = runAt(this.pages, maxStep);
    return { parts, pages: pTo < 0 ? [] : this.pages.slice(pFrom, pTo + 1) };
  }

  apply(head: StepSeriesDescriptor, parts: SeriesPart[], pages: SummaryPage[], removed: number[]): void {
    this.head = { ...head, version: head.version + 1 };
    const put = <T extends { firstStep: number }>(list: T[], item: T) => {
      const at = runAt(list, item.firstStep);
      if (at >= 0 && list[at].firstStep === item.firstStep) list[at] = item;
      else list.splice(at + 1, 0, item);
    };
    for (const p of parts) put(this.parts, p);
    this.pages = this.pages.filter((p) => !removed.includes(p.firstStep));
    for (const p of pages) put(this.pages, p);
  }
}

function points(from: number, count: number, call: number): CallPoint[] {
  const timestamp = formatMicros(BigInt(Date.UTC(2026, 0, 1)) * 1000n + BigInt(call) * 1_000_000n);
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return {
      jobId: JOB,
      name: NAME,
      step: 10 * (n + 1),
      value: 2 / Math.sqrt(n + 2) + Math.sin(n) * 1e-3,
      epoch: Math.floor(n / 5000),
      unit: 'loss',
      timestamp,
      index: i,
    };
  });
}

/** Logs the whole series in calls of `perCall` points; returns the mean WCU and items of a call. */
function logAll(layout: PackLayout, perCall: number, total: number): { model: Model; wcuPerCall: number; itemsPerCall: number } {
  const model = new Model();
  let wcu = 0;
  let items = 0;
  const calls = total / perCall;
  for (let c = 0; c < calls; c++) {
    const batch = points(c * perCall, perCall, c);
    const around = model.around(batch[0].step, batch[batch.length - 1].step);
    const plan = planSeries(JOB, NAME, { head: model.head, ...around, pointItems: new Map() }, batch, layout);
    const write = plan.write;
    if (!write) throw new Error('nothing to write');
    const written = [
      descriptorToItem({ ...write.head, version: write.head.version + 1 }),
      ...write.parts.map((p) => partToItem(JOB, NAME, p)),
      ...write.pages.map((p) => pageToItem(JOB, NAME, p)),
    ];
    // One TransactWriteItems: each item's size rounded up per KB, twice; no index copies (parts and pages have no TYPE;
    // the head's GSITYPE copy counts once more).
    wcu += itemsWriteUnits(written, { transactional: true }) + write.removedPages.length * 2;
    items += written.length + write.removedPages.length;
    model.apply(write.head, write.parts, write.pages, write.removedPages);
  }
  return { model, wcuPerCall: wcu / calls, itemsPerCall: items / calls };
}

function measure(layout: PackLayout): Costs {
  const big = logAll(layout, 1000, POINTS);
  const small = logAll(layout, 10, SMALL_CALL_POINTS);
  const partItems = big.model.parts.map((p) => partToItem(JOB, NAME, p));
  let rcu = 0;
  for (let i = 0; i < partItems.length; i += READ_PAGE_PARTS)
    rcu += queryReadUnits(partItems.slice(i, i + READ_PAGE_PARTS), { consistent: false });
  const bytes = partItems.reduce((n, item) => n + itemSize(item), 0);
  return {
    layout,
    wcuPerCall1000: big.wcuPerCall,
    wcuPerCall10: small.wcuPerCall,
    itemsPerCall1000: big.itemsPerCall,
    fullReadItems: partItems.length,
    fullReadRcu: rcu,
    fullReadBytes: bytes,
    summaryItems: big.model.pages.length,
    bytesPerPoint: bytes / POINTS,
  };
}

/** The measured table, one row per candidate part size (32 summaries a page). */
export function packSizing(candidates = [100, 250, 500, 1000, 2000]): Costs[] {
  return candidates.map((partPoints) => measure({ partPoints, pageParts: 32 }));
}

export function packSizingReport(rows: Costs[]): string {
  const head =
    'part points  WCU/1000-pt call  WCU/10-pt call  WCU per 1M pts (1000s / 10s)  items/call  full read: items  bytes/pt  RCU  maxPoints items';
  const lines = rows.map((r) =>
    [
      String(r.layout.partPoints).padStart(11),
      r.wcuPerCall1000.toFixed(1).padStart(17),
      r.wcuPerCall10.toFixed(1).padStart(15),
      `${Math.round((r.wcuPerCall1000 * 1e6) / 1000)} / ${Math.round((r.wcuPerCall10 * 1e6) / 10)}`.padStart(29),
      r.itemsPerCall1000.toFixed(1).padStart(11),
      String(r.fullReadItems).padStart(18),
      r.bytesPerPoint.toFixed(1).padStart(9),
      r.fullReadRcu.toFixed(1).padStart(5),
      String(r.summaryItems).padStart(16),
    ].join(''),
  );
  return [head, ...lines].join('\n');
}

if (require.main === module) process.stdout.write(`${packSizingReport(packSizing())}\n`);

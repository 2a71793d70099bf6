import { TRANSACT_WRITE_LIMIT } from '../../db/batch';
import type { MetricPoint, StepSeriesDescriptor } from './metric-model';
import type { StepRepository } from './step-repository';
import { planSeries, type CallPoint, type SeriesWrite } from './step-write-plan';

/** What converting one series did. */
export interface SeriesMigrationResult {
  /** Per-point items folded into packed parts (0 when the series was packed already). */
  folded: number;
  /** Per-point items and block summaries deleted. */
  removed: number;
  /** Points a per-point item held at a step a part already held with another value (the part's value is kept). */
  disagreed: number;
}

const MAX_ATTEMPTS = 20;
/** Items of a fold's transaction besides the head. */
const CHUNK_ITEMS = TRANSACT_WRITE_LIMIT - 1;

function asCallPoint(p: MetricPoint, index: number): CallPoint {
  return {
    jobId: p.jobId,
    name: p.name,
    value: p.value as number,
    step: p.step as number,
    epoch: p.epoch,
    unit: p.unit,
    timestamp: p.timestamp,
    index,
  };
}

/**
 * A series write cut into transactions of at most 99 parts and pages, each with the head at the next version: every
 * one fences off writers that read the series before it (their head condition fails and they read again), so none can
 * write a part without the points folded into it.
 */
function chunks(write: SeriesWrite): SeriesWrite[] {
  const puts: ({ part: SeriesWrite['parts'][number] } | { page: SeriesWrite['pages'][number] })[] = [
    ...write.parts.map((part) => ({ part })),
    ...write.pages.map((page) => ({ page })),
  ];
  const out: SeriesWrite[] = [];
  for (let i = 0; i < puts.length || out.length === 0; i += CHUNK_ITEMS) {
    const slice = puts.slice(i, i + CHUNK_ITEMS);
    out.push({
      head: { ...write.head, version: write.head.version + out.length },
      parts: slice.flatMap((x) => ('part' in x ? [x.part] : [])),
      pages: slice.flatMap((x) => ('page' in x ? [x.page] : [])),
      removedPages: [],
    });
  }
  // A page that moved down loses its old key in the transaction that writes its new one.
  const last = out[out.length - 1];
  if (write.removedPages.length) {
    const withPages = out.find((c) => c.pages.length > 0) ?? last;
    withPages.removedPages = write.removedPages;
  }
  return out;
}

/**
 * Converts a series begun before packing: its per-point items are folded into packed parts (and their summaries into
 * pages), then deleted with the block summaries, then its head says `packed`. Safe beside trainers logging to it
 * (every transaction is conditioned on the head's version; a lost race reads the series again), resumable and
 * idempotent (a run cut anywhere leaves every point readable, in an item, a part or both, and the next run goes on).
 */
export class SeriesMigration {
  constructor(private readonly steps: StepRepository) {}

  async migrate(jobId: string, name: string): Promise<SeriesMigrationResult> {
    const result: SeriesMigrationResult = { folded: 0, removed: 0, disagreed: 0 };
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const head = await this.steps.headConsistent(jobId, name);
      if (!head || head.packed) return result;
      if (await this.attempt(head, result)) return result;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * (attempt + 1)));
    }
    throw new Error(`series ${jobId}/${name}: migration lost ${MAX_ATTEMPTS} races with writers in a row`);
  }

  private async attempt(head: StepSeriesDescriptor, result: SeriesMigrationResult): Promise<boolean> {
    const { jobId, name } = head;
    const whole = await this.steps.wholeSeries(jobId, name);
    const plan = planSeries(
      jobId,
      name,
      { head, parts: whole.parts, pages: whole.pages, pointItems: new Map() },
      whole.points.map(asCallPoint),
    );
    let version = head.version;
    if (plan.write) {
      if (plan.refused) throw new Error(`series ${jobId}/${name}: ${plan.refused}`);
      const write = { ...plan.write, head: { ...plan.write.head, count: null, packed: false } };
      for (const chunk of chunks(write)) {
        if (!(await this.steps.saveWrites([chunk]))) return false;
        version = chunk.head.version + 1;
      }
      result.folded += plan.fresh.length;
    }
    result.disagreed = plan.conflicts.length;
    // Every per-point item is now also in a part, fenced by the head's version: deleting them loses nothing.
    await this.steps.deleteKeys(whole.legacyKeys);
    result.removed += whole.legacyKeys.length;
    const count = whole.parts.reduce((n, p) => n + p.points.length, 0) + plan.fresh.length;
    const done: SeriesWrite = { head: { ...head, count, packed: true, version }, parts: [], pages: [], removedPages: [] };
    if (plan.write) done.head = { ...plan.write.head, count, packed: true, version };
    return this.steps.saveWrites([done]);
  }
}

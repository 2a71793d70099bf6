import type { DynamoGateway } from '../db/gateway';
import { forEachLimited } from '../platform/concurrency';
import type { StepSeriesDescriptor } from '../modules/metrics/metric-model';
import { SeriesMigration } from '../modules/metrics/series-migration';
import { StepRepository } from '../modules/metrics/step-repository';

/** Series converted at once. */
const SERIES_CONCURRENCY = 4;

/** Totals of a migration run, reported as it goes. */
export interface MigrationProgress {
  seriesTotal: number;
  seriesDone: number;
  pointsFolded: number;
  itemsRemoved: number;
  disagreed: number;
}

/**
 * `npm run migrate`: converts every step series stored one item per point (before packing) into packed parts and
 * summary pages. Resumable and idempotent (a packed series is skipped; a run cut short leaves every point readable and
 * the next run goes on), and safe while trainers log (each series' writes are fenced by its head's version).
 */
export async function migrateSeries(
  gw: DynamoGateway,
  onProgress: (p: MigrationProgress) => void = () => undefined,
): Promise<MigrationProgress> {
  const steps = new StepRepository(gw);
  const migration = new SeriesMigration(steps);
  const pending: StepSeriesDescriptor[] = [];
  for await (const page of steps.allHeadPages()) pending.push(...page.filter((h) => !h.packed));
  const progress: MigrationProgress = { seriesTotal: pending.length, seriesDone: 0, pointsFolded: 0, itemsRemoved: 0, disagreed: 0 };
  onProgress({ ...progress });
  await forEachLimited(pending, SERIES_CONCURRENCY, async (head) => {
    const done = await migration.migrate(head.jobId, head.name);
    progress.seriesDone++;
    progress.pointsFolded += done.folded;
    progress.itemsRemoved += done.removed;
    progress.disagreed += done.disagreed;
    onProgress({ ...progress });
  });
  return progress;
}

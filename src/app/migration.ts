import type { DynamoGateway } from '../db/gateway';
import { forEachLimited } from '../platform/concurrency';
import type { StepSeriesDescriptor } from '../modules/metrics/metric-model';
import { SeriesMigration } from '../modules/metrics/series-migration';
import { StepRepository } from '../modules/metrics/step-repository';
import { rebuildJobCard } from '../modules/cards/card-upkeep';
import { JobRepository } from '../modules/jobs/job-repository';

/** Series converted at once. */
const SERIES_CONCURRENCY = 4;
/** Jobs whose cards are built at once (one consistent partition read and at most one put each). */
const CARD_CONCURRENCY = 8;

/** Totals of a migration run, reported as it goes. */
export interface MigrationProgress {
  seriesTotal: number;
  seriesDone: number;
  pointsFolded: number;
  itemsRemoved: number;
  disagreed: number;
  jobsTotal: number;
  jobsDone: number;
  cardsWritten: number;
}

/**
 * `npm run migrate`: converts every step series stored one item per point (before packing) into packed parts and
 * summary pages, then builds (or brings up to date) every job's card. Resumable and idempotent (a packed series is skipped, an unchanged card
 * not written; a run cut short leaves every point readable and the next run goes on), and safe while trainers log (each
 * series' writes are fenced by its head's version, each card put by the card's).
 */
export async function migrateStorage(
  gw: DynamoGateway,
  onProgress: (p: MigrationProgress) => void = () => undefined,
): Promise<MigrationProgress> {
  const steps = new StepRepository(gw);
  const migration = new SeriesMigration(steps);
  const pending: StepSeriesDescriptor[] = [];
  for await (const page of steps.allHeadPages()) pending.push(...page.filter((h) => !h.packed));
  const jobIds = await new JobRepository(gw).allIds();
  const progress: MigrationProgress = {
    seriesTotal: pending.length,
    seriesDone: 0,
    pointsFolded: 0,
    itemsRemoved: 0,
    disagreed: 0,
    jobsTotal: jobIds.length,
    jobsDone: 0,
    cardsWritten: 0,
  };
  onProgress({ ...progress });
  await forEachLimited(pending, SERIES_CONCURRENCY, async (head) => {
    const done = await migration.migrate(head.jobId, head.name);
    progress.seriesDone++;
    progress.pointsFolded += done.folded;
    progress.itemsRemoved += done.removed;
    progress.disagreed += done.disagreed;
    onProgress({ ...progress });
  });
  await forEachLimited(jobIds, CARD_CONCURRENCY, async (jobId) => {
    const rebuilt = await rebuildJobCard(gw, jobId);
    progress.jobsDone++;
    if (rebuilt === 'written') progress.cardsWritten++;
    onProgress({ ...progress });
  });
  return progress;
}

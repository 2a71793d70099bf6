import type { Item } from '../../src/db/batch';
import { jobToItem } from '../../src/modules/jobs/job-item';
import { isTerminal, type JobModel } from '../../src/modules/jobs/job-model';
import { metricPointToItem } from '../../src/modules/metrics/metric-item';
import { STANDARD_UNITS, type StandardMetricName } from '../../src/modules/metrics/metric-rules';
import { epochContent } from '../../src/modules/metrics/recording-content';
import { markedItems, summaryItems } from './job-items';
import { timestampAfter } from './plan';
import { performance } from 'node:perf_hooks';
import type { BenchDatabase } from '../database';
import { planSearchJobs, SEARCH_EPOCH_SPACING_S, type SearchEpoch, type SearchJob } from './search-plan';
import { ItemSink, writtenByTrainer } from './seed';

/*
 * The items of SR's jobs, built with the server's item builders: the job item, each epoch's val_f1 and eval_loss
 * rows (with the epoch's committed write marker for a server-written job; each row its own timestamp,
 * 7 ms apart, for a legacy one) and the val_f1 and eval_loss leaderboard summaries the epochs leave. No labels, logs or
 * status history: the search reads none of them, and seeding 10,000 jobs must stay short.
 */

/** When epoch `e` of a job was recorded. */
const epochAt = (job: SearchJob, e: number) => timestampAfter(job.createdMicros, e * SEARCH_EPOCH_SPACING_S);
/** The legacy writer's rows of an epoch, in its order (val_f1 first, then eval_loss), 7 ms apart. */
const legacyRowAt = (job: SearchJob, e: number, row: number) => timestampAfter(job.createdMicros, e * SEARCH_EPOCH_SPACING_S + 0.007 * row);

function bestEpoch(epochs: readonly SearchEpoch[]): SearchEpoch | null {
  return epochs.reduce<SearchEpoch | null>((b, e) => (b === null || e.valF1 > b.valF1 ? e : b), null);
}

/** The job as its writer stores it; a finished job carries small results. */
export function searchJobModel(job: SearchJob): JobModel {
  const best = bestEpoch(job.epochs);
  return {
    id: job.id,
    name: job.name,
    description: `receipt extraction run ${job.name}`,
    status: job.status,
    priority: 'MEDIUM',
    createdAt: timestampAfter(job.createdMicros, 0),
    createdBy: job.createdBy,
    config: job.config,
    tags: job.tags,
    results:
      isTerminal(job.status) && best
        ? { best_f1: best.valF1, best_epoch: best.epoch, train_runtime: job.epochs.length * SEARCH_EPOCH_SPACING_S }
        : null,
  };
}

/** Every item of one SR job. */
export function searchJobItems(job: SearchJob): Item[] {
  const items: Item[] = [jobToItem(searchJobModel(job))];
  if (job.legacy) {
    for (const e of job.epochs) {
      const rows: [StandardMetricName, number][] = [
        ['val_f1', e.valF1],
        ['eval_loss', e.evalLoss],
      ];
      rows.forEach(([name, value], row) =>
        items.push(
          metricPointToItem({
            jobId: job.id,
            name,
            value,
            unit: STANDARD_UNITS[name],
            timestamp: legacyRowAt(job, e.epoch, row),
            epoch: e.epoch,
            step: e.step,
          }),
        ),
      );
    }
    // `npm run reindex` writes a legacy job's summaries once, timed as their rows.
    items.push(...summaryItems(job.id, job.epochs, (e, metric) => legacyRowAt(job, e.epoch, metric === 'val_f1' ? 0 : 1), true));
    return items;
  }
  job.epochs.forEach((e, i) =>
    items.push(...markedItems(job.id, epochContent({ jobId: job.id, ...e }), epochAt(job, e.epoch), job.tokens[i])),
  );
  items.push(...summaryItems(job.id, job.epochs, (e) => epochAt(job, e.epoch), false));
  return items.map(writtenByTrainer);
}

/** Seeds `count` of the search's planned jobs (planSearchJobs) into `db`: the jobs, and the items and seconds it took. */
export async function seedSearchJobs(db: BenchDatabase, count: number): Promise<{ jobs: SearchJob[]; items: number; seconds: number }> {
  const jobs = planSearchJobs(count);
  const sink = new ItemSink(db.gateway());
  const started = performance.now();
  for (const job of jobs) await sink.add(searchJobItems(job));
  await sink.flush();
  return { jobs, items: sink.written, seconds: (performance.now() - started) / 1000 };
}

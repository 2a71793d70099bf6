import DataLoader from 'dataloader';
import { BATCH_GET_LIMIT } from './db/batch';
import type { JobRepository } from './jobs/job-repository';
import type { JobModel } from './jobs/job-model';
import { JobPartition } from './metrics/job-partition';
import type { MetricRepository } from './metrics/metric-repository';
import type { MetricPoint, StepBlock } from './metrics/metric-model';
import type { StepRepository } from './metrics/step-repository';

/** Per-request loaders: each job and each job partition is read at most once per request, whatever asks for it. */
export interface Loaders {
  /** Jobs by id, batched into BatchGetItem calls of up to 100 keys. */
  job: DataLoader<string, JobModel | null>;
  /** Everything under a job's partition, one Query (paged) per job. */
  partition: DataLoader<string, JobPartition>;
  /** The same with strongly consistent reads, for payloads that must show what the request just wrote. */
  freshPartition: DataLoader<string, JobPartition>;
  /** A step-level series' points ('points') or block summaries ('blocks'), each read once per request. */
  stepSeries: DataLoader<StepSeriesRead, MetricPoint[] | StepBlock[], string>;
}

/** Which part of which step-level series to read. */
export interface StepSeriesRead {
  jobId: string;
  name: string;
  part: 'points' | 'blocks';
}

/** Builds a request's loaders on its repositories. */
export function createLoaders(jobs: JobRepository, metrics: MetricRepository, steps: StepRepository): Loaders {
  const job = new DataLoader<string, JobModel | null>(
    async (ids) => {
      const found = await jobs.getMany(ids);
      return ids.map((id) => found.get(id) ?? null);
    },
    { maxBatchSize: BATCH_GET_LIMIT },
  );
  const partitionLoader = (consistent: boolean) =>
    new DataLoader<string, JobPartition>(async (ids) =>
      Promise.all(
        ids.map(async (id) => {
          const view = new JobPartition(id, await metrics.partitionItems(id, consistent));
          // The partition holds the job item too: later `job` loads of this id cost nothing.
          if (view.job) job.clear(id).prime(id, view.job);
          return view;
        }),
      ),
    );
  const stepSeries = new DataLoader<StepSeriesRead, MetricPoint[] | StepBlock[], string>(
    async (reads) => Promise.all(reads.map((r) => (r.part === 'points' ? steps.points(r.jobId, r.name) : steps.blocks(r.jobId, r.name)))),
    { cacheKeyFn: (r) => `${r.part}\u0000${r.jobId}\u0000${r.name}` },
  );
  return { job, partition: partitionLoader(false), freshPartition: partitionLoader(true), stepSeries };
}

/** Forgets what a request cached about a job after it wrote to it. */
export function forgetJob(loaders: Loaders, jobId: string): void {
  loaders.job.clear(jobId);
  loaders.partition.clear(jobId);
  loaders.freshPartition.clear(jobId);
  loaders.stepSeries.clearAll();
}

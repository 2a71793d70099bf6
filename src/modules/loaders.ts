import DataLoader from 'dataloader';
import { BATCH_GET_LIMIT } from '../db/batch';
import type { JobRepository } from './jobs/job-repository';
import type { JobModel } from './jobs/job-model';
import type { JobPartition } from './partition/job-partition';
import type { PartitionRepository } from './partition/partition-repository';
import type { MetricRepository } from './metrics/metric-repository';
import type { MetricPoint, StepSeriesDescriptor } from './metrics/metric-model';
import type { PartSummary, RunExtremes } from './metrics/step-packs';
import type { StepRepository } from './metrics/step-repository';
import type { StepRange } from './metrics/step-range';
import type { CardRead, CardRepository, CardsFound } from './cards/card-repository';
import type { JobCard } from './cards/job-card';

/** Per-request loaders: each job and each job partition is read at most once per request, whatever asks for it. */
export interface Loaders {
  /** Jobs by id, batched into BatchGetItem calls of up to 100 keys. */
  job: DataLoader<string, JobModel | null>;
  /** Everything under a job's partition, one Query (paged) per job. */
  partition: DataLoader<string, JobPartition>;
  /** The same with strongly consistent reads, for payloads that must show what the request just wrote. */
  freshPartition: DataLoader<string, JobPartition>;
  /**
   * One metric of a job: its epoch-level points and its step-series descriptor. Taken from the job's partition when
   * this request has asked for that partition by the time the read's batch runs (the exact rule: `createLoaders`),
   * else one Query of the metric's sort-key prefix (plus one BatchGetItem of the descriptors for the whole batch), so
   * a page of curves never reads whole partitions.
   */
  metricOfJob: DataLoader<MetricOfJobRead, MetricOfJob, string>;
  /**
   * The step-series head of (job, metric), null when the job logged no step series of that name: one BatchGetItem per
   * 100 for the batch. `metricOfJob` takes its descriptors from here, so asking both costs one read of each head.
   */
  stepHead: DataLoader<MetricOfJobRead, StepSeriesDescriptor | null, string>;
  /** A step-level series' points ('points') or run summaries ('summaries'), whole or over a step range, each read once per request. */
  stepSeries: DataLoader<StepSeriesRead, MetricPoint[] | RunExtremes[] | PartSummary[], string>;
  /**
   * The heads of a job's step-level series (its `SERIES#` items): one Query of that prefix per job, or nothing when this
   * request has asked for the job's partition by the time the batch runs (the rule of `metricOfJob`), which holds them.
   */
  stepHeadsOfJob: DataLoader<string, StepSeriesDescriptor[]>;
  /**
   * Job cards, with the step-series descriptor of the metric a read names (a step series answers Job.series, not the
   * card): one BatchGetItem per 100 keys for the whole batch, so a page of 50 jobs' best epochs and val_f1 curves is
   * one call. A read of a job whose partition this request has asked for by the time the batch runs (the rule of
   * `metricOfJob`) reads nothing and says `fromPartition`: the partition answers it.
   */
  card: DataLoader<CardRead, CardOfJob, string>;
}

/** A job's card (null: none stored, or of another format) and the descriptor asked for with it. */
export interface CardOfJob {
  card: JobCard | null;
  descriptor: StepSeriesDescriptor | null;
  /** Nothing was read: this request has the job's partition, which answers what the card would. */
  fromPartition: boolean;
}

/** Which metric of which job to read. */
export interface MetricOfJobRead {
  jobId: string;
  name: string;
}

/** A job's epoch-level points of one metric (training order), and its step series when it logged one. */
export interface MetricOfJob {
  points: MetricPoint[];
  descriptor: StepSeriesDescriptor | null;
}

/**
 * Which part of which step-level series to read: its points, its run summaries, or (with a range) the summaries of
 * the parts overlapping the range as stored; whole, or over a step range (summaries over a range: packed series only).
 */
export interface StepSeriesRead {
  head: StepSeriesDescriptor;
  part: 'points' | 'summaries' | 'overlapping';
  range?: StepRange | null;
}

/** Parts a Query page of a whole series read asks for (~350 KB), so each page is a short call of its own. */
export const SERIES_PAGE_PARTS = 100;

/**
 * What the loaders read through: the repositories' read methods. Each repository is looked up only when a batch that
 * needs it runs, so a request's repositories can be built on first use.
 */
export interface LoaderSources {
  readonly jobs: Pick<JobRepository, 'getMany'>;
  readonly partitions: Pick<PartitionRepository, 'read'>;
  readonly metrics: Pick<MetricRepository, 'pointsOfJob'>;
  readonly steps: Pick<
    StepRepository,
    'descriptors' | 'seriesPoints' | 'seriesSummaries' | 'summariesOver' | 'withinRange' | 'descriptorsOfJob'
  >;
  readonly cards: Pick<CardRepository, 'forOverview'>;
}

/**
 * Builds a request's loaders, plain DataLoaders on `sources`.
 *
 * Where `metricOfJob` reads from, exactly: a batch of metric reads is dispatched by DataLoader once the promise jobs
 * of the tick that queued its first read have run. At that moment, and only then, each read of the batch is served
 * from the job's partition if this request has asked for that partition (`partition.load` or `partition.loadMany`,
 * whoever asked) and the request has not forgotten it since (`forgetJob`); every other read of the batch costs one
 * Query of the metric's sort-key prefix, and the batch one BatchGetItem of their descriptors. So a partition asked for
 * in the same tick as a metric read, before or after it, serves it; one first asked for after the metric read's batch
 * went out is read as well (the metric read is not repeated). `load` and `loadMany` cost the same.
 */
export function createLoaders(sources: LoaderSources): Loaders {
  const job = new DataLoader<string, JobModel | null>(
    async (ids) => {
      const found = await sources.jobs.getMany(ids);
      return ids.map((id) => found.get(id) ?? null);
    },
    { maxBatchSize: BATCH_GET_LIMIT },
  );
  const partitionLoader = (consistent: boolean, cacheMap?: Map<string, Promise<JobPartition>>) =>
    new DataLoader<string, JobPartition>(
      async (ids) =>
        Promise.all(
          ids.map(async (id) => {
            const view = await sources.partitions.read(id, consistent);
            // The partition holds the job item too: later `job` loads of this id cost nothing.
            if (view.job) job.clear(id).prime(id, view.job);
            return view;
          }),
        ),
      { cacheMap },
    );
  // The partition loader's own cache, kept here: DataLoader puts a job's partition in it when anything asks for it
  // (load, and loadMany through load) and takes it out on clear, so it says which partitions this request asked for.
  const partitionsAsked = new Map<string, Promise<JobPartition>>();
  const partition = partitionLoader(false, partitionsAsked);
  const metricKey = (r: MetricOfJobRead) => `${r.jobId}\u0000${r.name}`;
  const stepHead = new DataLoader<MetricOfJobRead, StepSeriesDescriptor | null, string>(
    async (reads) => {
      // A job whose partition this request asked for has its heads in it (the rule of `metricOfJob`).
      const viaPartition = reads.map((r) => partitionsAsked.has(r.jobId));
      const others = reads.filter((_, i) => !viaPartition[i]);
      const found = others.length ? await sources.steps.descriptors(others) : new Map<string, StepSeriesDescriptor>();
      return Promise.all(
        reads.map(async (r, i) =>
          viaPartition[i] ? ((await partition.load(r.jobId)).stepSeries.get(r.name) ?? null) : (found.get(metricKey(r)) ?? null),
        ),
      );
    },
    { cacheKeyFn: metricKey, maxBatchSize: BATCH_GET_LIMIT },
  );
  const metricOfJob = new DataLoader<MetricOfJobRead, MetricOfJob, string>(
    async (reads) => {
      const fromPartition = reads.map((r) => partitionsAsked.has(r.jobId));
      const targeted = reads.filter((_, i) => !fromPartition[i]);
      // The descriptors' BatchGetItem goes out alongside the metric Queries, not before them.
      const descriptors = targeted.length ? stepHead.loadMany(targeted) : Promise.resolve([]);
      const results = reads.map(async (r, i) => {
        if (fromPartition[i]) {
          const view = await partition.load(r.jobId);
          return { points: view.series(r.name), descriptor: view.stepSeries.get(r.name) ?? null };
        }
        const [points, found] = await Promise.all([sources.metrics.pointsOfJob(r.jobId, r.name), descriptors]);
        const descriptor = found[targeted.indexOf(r)];
        if (descriptor instanceof Error) throw descriptor;
        return { points, descriptor: descriptor ?? null };
      });
      return Promise.all(results);
    },
    { cacheKeyFn: metricKey },
  );
  const stepSeries: DataLoader<StepSeriesRead, MetricPoint[] | RunExtremes[] | PartSummary[], string> = new DataLoader(
    async (reads) =>
      Promise.all(
        reads.map(async (r) => {
          const range = r.range ?? null;
          if (r.part === 'points') return sources.steps.seriesPoints(r.head, SERIES_PAGE_PARTS, range);
          if (!range) return sources.steps.seriesSummaries(r.head);
          if (r.part === 'overlapping') return sources.steps.summariesOver(r.head, range);
          // The pages over a range are read once a request, whether it asked for them as stored or narrowed.
          const overlapping = (await stepSeries.load({ head: r.head, part: 'overlapping', range })) as PartSummary[];
          return sources.steps.withinRange(r.head, range, overlapping);
        }),
      ),
    {
      cacheKeyFn: (r) => `${r.part}\u0000${r.head.jobId}\u0000${r.head.name}\u0000${r.range ? `${r.range.from}-${r.range.to}` : ''}`,
    },
  );
  const stepHeadsOfJob = new DataLoader<string, StepSeriesDescriptor[]>(async (ids) =>
    Promise.all(
      ids.map(async (id) => {
        if (partitionsAsked.has(id)) return [...(await partition.load(id)).stepSeries.values()];
        const heads = await sources.steps.descriptorsOfJob(id);
        // A series of this job asked for later in the request costs nothing more.
        for (const d of heads) stepHead.prime({ jobId: id, name: d.name }, d);
        return heads;
      }),
    ),
  );
  const card = new DataLoader<CardRead, CardOfJob, string>(
    async (reads) => {
      const fromPartition = reads.map((r) => partitionsAsked.has(r.jobId));
      const targeted = reads.filter((_, i) => !fromPartition[i]);
      const found: CardsFound = targeted.length ? await sources.cards.forOverview(targeted) : { cards: new Map(), descriptors: new Map() };
      return reads.map((r, i) =>
        fromPartition[i]
          ? { card: null, descriptor: null, fromPartition: true }
          : {
              card: found.cards.get(r.jobId)?.card ?? null,
              descriptor: r.series === undefined ? null : (found.descriptors.get(`${r.jobId}\u0000${r.series}`) ?? null),
              fromPartition: false,
            },
      );
    },
    { cacheKeyFn: (r) => `${r.jobId}\u0000${r.series ?? ''}` },
  );
  return { job, partition, freshPartition: partitionLoader(true), metricOfJob, stepHead, stepSeries, stepHeadsOfJob, card };
}

/** Forgets what a request cached about a job after it wrote to it. */
export function forgetJob(loaders: Loaders, jobId: string): void {
  loaders.job.clear(jobId);
  loaders.partition.clear(jobId);
  loaders.freshPartition.clear(jobId);
  loaders.metricOfJob.clearAll();
  loaders.stepHead.clearAll();
  loaders.stepSeries.clearAll();
  loaders.stepHeadsOfJob.clear(jobId);
  loaders.card.clearAll();
}

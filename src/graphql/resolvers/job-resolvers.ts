import type { Resolvers } from '../generated/resolvers-types';
import type { RequestContext } from '../context';
import { isJobRef, type JobNode } from '../../modules/jobs/job-model';
import { isSearch } from '../../modules/catalog/search-service';
import { selectsOnly } from '../selection';
import { readInt, readNumber, readString } from '../../db/item-values';

const JOB_ITEM_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'name',
  'description',
  'status',
  'priority',
  'createdAt',
  'createdBy',
  'config',
  'tags',
  'results',
  'series',
  'metricNames',
  'bestEpoch',
  '__typename',
]);
/** The job item behind a Job node (read through the loader for a search result). */
const model = (ctx: RequestContext, job: JobNode) => ctx.search.model(job);

const VAL_F1_FIELDS: ReadonlySet<string> = new Set(['epoch', 'step', 'valF1', 'isBest', '__typename']);
/** What a job's card holds of its best epoch. */
const CARD_EPOCH_FIELDS: ReadonlySet<string> = new Set([...VAL_F1_FIELDS, 'recordedAt']);

/** Jobs: thin adapters from GraphQL arguments to the job, finalize and query services. */
export const jobResolvers: Resolvers = {
  Query: {
    // A job whose partition the request needs anyway comes from that one Query, not a BatchGetItem before it.
    job: (_, { id }, ctx, info) => (selectsOnly(info, JOB_ITEM_FIELDS) ? ctx.jobs.get(id) : ctx.jobs.getFromPartition(id)),
    // A filter, query or order runs on the job catalog; so does the plain listing when the catalog is ready (else GSI1).
    jobs: (_, args, ctx) => (isSearch(args) ? ctx.search.search(args) : ctx.jobs.list(args.status, args.first, args.after, ctx.search)),
    jobGroups: (_, args, ctx) => ctx.search.groups(args),
    groupSeries: (_, args, ctx) => ctx.search.groupSeries(args),
    jobFields: (_, args, ctx) => ctx.search.fields(args),
  },
  Mutation: {
    // A job this instance wrote is in its own searches at once, before the change comes round through the stream.
    createJob: async (_, { input }, ctx) => ctx.search.noteWritten(await ctx.jobs.create(input)),
    updateJobStatus: async (_, { input }, ctx) => ctx.search.noteWritten(await ctx.jobs.updateStatus(input)),
    finalizeJob: async (_, { input }, ctx) => ctx.search.noteWritten(await ctx.finalizing.finalize(input)),
    deleteJob: async (_, { input }, ctx) => ctx.search.noteDeleted(await ctx.jobs.delete(input)),
    setJobTags: async (_, { input }, ctx) => ctx.search.noteWritten(await ctx.jobEdits.setTags(input)),
    updateJob: async (_, { input }, ctx) => ctx.search.noteWritten(await ctx.jobEdits.update(input)),
    heartbeat: async (_, { input }, ctx) => ctx.search.noteWritten(await ctx.jobEdits.heartbeat(input)),
  },
  Job: {
    // A search result is a reference: the catalog answers what it holds, the job item (one BatchGetItem a page) the rest.
    name: (job, _, ctx) => (isJobRef(job) ? (ctx.search.catalogEntry(job.id)?.name ?? model(ctx, job).then((j) => j.name)) : job.name),
    status: (job, _, ctx) =>
      isJobRef(job) ? (ctx.search.catalogEntry(job.id)?.status ?? model(ctx, job).then((j) => j.status)) : job.status,
    createdAt: (job, _, ctx) =>
      isJobRef(job) ? (ctx.search.catalogEntry(job.id)?.createdAt ?? model(ctx, job).then((j) => j.createdAt)) : job.createdAt,
    createdBy: (job, _, ctx) =>
      isJobRef(job) ? (ctx.search.catalogEntry(job.id)?.createdBy ?? model(ctx, job).then((j) => j.createdBy)) : job.createdBy,
    description: async (job, _, ctx) => (await model(ctx, job)).description,
    priority: async (job, _, ctx) => (await model(ctx, job)).priority,
    config: async (job, _, ctx) => (await model(ctx, job)).config,
    tags: async (job, _, ctx) => (await model(ctx, job)).tags,
    results: async (job, _, ctx) => (await model(ctx, job)).results,
    notes: async (job, _, ctx) => (await model(ctx, job)).notes ?? null,
    summary: (job, { metric }, ctx) => ctx.search.summary(job, metric),
    configValue: (job, { path }, ctx) => ctx.search.configValue(job, path),
    summaries: (job, { metrics }, ctx) => ctx.search.summaries(job, metrics),
    configValues: (job, { paths }, ctx) => ctx.search.configValues(job, paths),
    lastSeenAt: (job, _, ctx) => ctx.search.lastSeenAt(job),
    stale: (job, _, ctx) => ctx.search.stale(job),
    metrics: (job, { name, first, after }, ctx) => ctx.queries.jobMetrics(job.id, name, first, after),
    series: (job, { name, maxPoints, fromStep, toStep }, ctx) => ctx.queries.series(job.id, name, maxPoints, { fromStep, toStep }),
    metricNames: (job, _, ctx) => ctx.search.metricNames(job),
    epochs: (job, _, ctx) => ctx.queries.epochs(job.id),
    // Only what the job's card (or its val_f1 rows) holds asked for: not the whole partition.
    bestEpoch: (job, _, ctx, info) =>
      selectsOnly(info, VAL_F1_FIELDS)
        ? ctx.queries.bestEpochFromValF1(job.id)
        : selectsOnly(info, CARD_EPOCH_FIELDS)
          ? ctx.queries.bestEpochOfCard(job.id)
          : ctx.queries.bestEpoch(job.id),
    labelMetrics: (job, { epoch, label }, ctx) => ctx.queries.labelMetrics(job.id, epoch, label),
    datasetMetrics: (job, _, ctx) => ctx.queries.datasetMetrics(job.id),
    logs: (job, { first, after }, ctx) => ctx.logs.jobLogs(job.id, first, after),
    statusHistory: async (job, _, ctx) => (await ctx.loaders.partition.load(job.id)).statusHistory,
  },
  JobResults: {
    bestF1: (raw) => readNumber(raw.best_f1),
    bestEpoch: (raw) => readInt(raw.best_epoch),
    trainRuntime: (raw) => readNumber(raw.train_runtime),
    totalFlos: (raw) => readNumber(raw.total_flos),
    earlyStoppingTriggered: (raw) => (typeof raw.early_stopping_triggered === 'boolean' ? raw.early_stopping_triggered : null),
    // Older legacy runs stored a local path under another key.
    bestCheckpointS3Path: (raw) => readString(raw.best_checkpoint_s3_path) ?? readString(raw.best_checkpoint_path),
    raw: (raw) => raw,
  },
};

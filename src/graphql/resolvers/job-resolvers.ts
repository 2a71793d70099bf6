import type { Resolvers } from '../generated/resolvers-types';
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
  'bestEpoch',
  '__typename',
]);
const VAL_F1_FIELDS: ReadonlySet<string> = new Set(['epoch', 'step', 'valF1', 'isBest', '__typename']);

/** Jobs: thin adapters from GraphQL arguments to the job, finalize and query services. */
export const jobResolvers: Resolvers = {
  Query: {
    // A job whose partition the request needs anyway comes from that one Query, not a BatchGetItem before it.
    job: (_, { id }, ctx, info) => (selectsOnly(info, JOB_ITEM_FIELDS) ? ctx.jobs.get(id) : ctx.jobs.getFromPartition(id)),
    jobs: (_, { status, first, after }, ctx) => ctx.jobs.list(status, first, after),
  },
  Mutation: {
    createJob: (_, { input }, ctx) => ctx.jobs.create(input),
    updateJobStatus: (_, { input }, ctx) => ctx.jobs.updateStatus(input),
    finalizeJob: (_, { input }, ctx) => ctx.finalizing.finalize(input),
    deleteJob: (_, { input }, ctx) => ctx.jobs.delete(input),
    setJobTags: (_, { input }, ctx) => ctx.jobEdits.setTags(input),
    updateJob: (_, { input }, ctx) => ctx.jobEdits.update(input),
    heartbeat: (_, { input }, ctx) => ctx.jobEdits.heartbeat(input),
  },
  Job: {
    metrics: (job, { name, first, after }, ctx) => ctx.queries.jobMetrics(job.id, name, first, after),
    series: (job, { name, maxPoints }, ctx) => ctx.queries.series(job.id, name, maxPoints),
    epochs: (job, _, ctx) => ctx.queries.epochs(job.id),
    // Only the number and score asked for: read val_f1 alone instead of the whole partition.
    bestEpoch: (job, _, ctx, info) =>
      selectsOnly(info, VAL_F1_FIELDS) ? ctx.queries.bestEpochFromValF1(job.id) : ctx.queries.bestEpoch(job.id),
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

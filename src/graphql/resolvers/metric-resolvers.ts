import type { Resolvers } from '../generated/resolvers-types';

/** Metrics: histories, comparisons, leaderboards and the recording mutations, delegated to the services. */
export const metricResolvers: Resolvers = {
  Query: {
    metricHistory: (_, { name, first, after }, ctx) => ctx.queries.history(name, first, after),
    compareMetric: (_, { name, jobIds, maxPoints, fromStep, toStep }, ctx) =>
      ctx.queries.compare(name, jobIds, maxPoints, { fromStep, toStep }),
    labelHistory: (_, { label, first, after }, ctx) => ctx.queries.labelHistory(label, first, after),
    leaderboard: (_, { metric, direction, first }, ctx) => ctx.queries.leaderboard(metric, direction, first),
  },
  Mutation: {
    // A job the epoch started is RUNNING in this instance's listings at once, before the stream brings the change.
    recordEpoch: async (_, { input }, ctx) => ctx.search.noteStarted(await ctx.recording.recordEpoch(input)),
    recordDatasetMetrics: (_, { input }, ctx) => ctx.recording.recordDatasetMetrics(input),
    logMetrics: (_, { input }, ctx) => ctx.stepLogging.logMetrics(input),
  },
  RecordEpochPayload: {
    epoch: async (result, _, ctx) =>
      result.jobId === null
        ? null
        : ((await ctx.loaders.freshPartition.load(result.jobId)).epochs().find((e) => e.epoch === result.epoch) ?? null),
    job: async (result, _, ctx) => (result.jobId === null ? null : (await ctx.loaders.freshPartition.load(result.jobId)).job),
  },
  RecordDatasetMetricsPayload: {
    metrics: async (result, _, ctx) =>
      result.jobId === null ? [] : (await ctx.loaders.freshPartition.load(result.jobId)).datasetMetrics(),
  },
  JobMetric: { job: (point, _, ctx) => ctx.loaders.job.load(point.jobId) },
  LabelMetric: { job: (row, _, ctx) => ctx.loaders.job.load(row.jobId) },
  MetricSeries: { job: (series, _, ctx) => ctx.loaders.job.load(series.jobId) },
  LeaderboardEntry: { job: (entry, _, ctx) => ctx.loaders.job.load(entry.jobId) },
};

import { rawDownsampledSeries, rawFullSeries } from '../raw/series';
import { STEP_METRIC } from '../seed/step-series';
import type { BenchContext, Workload } from './workload';

/** W8: a long step-level series read downsampled (maxPoints: 500) and whole, each next to its raw baseline. */

const SERIES = `query Series($id: ID!, $name: String!, $maxPoints: Int) {
  job(id: $id) { series(name: $name, maxPoints: $maxPoints) { epoch step value } }
}`;

/**
 * W8's target compares the time of one read: a full read of 100,000 points takes DynamoDB Local many seconds, and
 * several at once on 2 cores would measure queueing. Both W8 workloads run one request at a time.
 */
const SERIES_CONCURRENCY = 1;

/** The two W8 workloads over the seeded step-series jobs (one job per request, in turn). */
export function seriesWorkloads(ctx: BenchContext): Workload[] {
  const { gql, db } = ctx;
  const maxPoints = ctx.opts.seriesMaxPoints;
  const ids = ctx.jobs.filter((j) => j.stepPoints > 0).map((j) => j.id);
  const jobOf = (i: number) => ids[i % ids.length];
  const points = ctx.jobs.find((j) => j.stepPoints > 0)?.stepPoints ?? 0;
  const read = async (id: string, limit: number | null) => {
    const { data: answer, stats } = await gql.request(SERIES, { id, name: STEP_METRIC, maxPoints: limit });
    return { answer, stats };
  };
  return [
    {
      id: 'W8',
      title: `long series: series("${STEP_METRIC}", maxPoints: ${maxPoints}) of ${points.toLocaleString('en-US')} points`,
      graphql: (i) => read(jobOf(i), maxPoints),
      raw: (i) => rawDownsampledSeries(db, jobOf(i), STEP_METRIC, maxPoints),
      checkIterations: ids.map((_, i) => i),
      concurrency: Math.min(SERIES_CONCURRENCY, ctx.opts.concurrency),
    },
    {
      id: 'W8-full',
      title: `long series: the full series("${STEP_METRIC}") of ${points.toLocaleString('en-US')} points`,
      graphql: (i) => read(jobOf(i), null),
      raw: (i) => rawFullSeries(db, jobOf(i), STEP_METRIC),
      checkIterations: [0],
      concurrency: Math.min(SERIES_CONCURRENCY, ctx.opts.concurrency),
    },
  ];
}

import { rawFullSeries, rawPackedDownsampledSeries } from '../raw/series';
import { STEP_METRIC } from '../seed/step-series';
import type { BenchContext, Workload } from './workload';

/**
 * W8: a long step-level series read downsampled (maxPoints: 500) and whole. The GraphQL side reads the packed copies
 * (the series as logMetrics stores it now). The full read's baseline reads the per-point originals (one item per point,
 * the layout before packing: the same points under another job id, so the answers must be equal); the downsampled
 * read's reads the packed copy's summary pages, decoded by its own code: the per-point layout's block summaries cover
 * other runs of steps (~100 points, not a part's ~250), so they give other extremes.
 */

const SERIES = `query Series($id: ID!, $name: String!, $maxPoints: Int) {
  job(id: $id) { series(name: $name, maxPoints: $maxPoints) { epoch step value } }
}`;

/**
 * W8's targets compare the time of one read: a full read of 100,000 per-point items takes DynamoDB Local many seconds,
 * and several at once on 2 cores would measure queueing. Both W8 workloads run one request at a time.
 */
const SERIES_CONCURRENCY = 1;

/** The seeded step-series pairs: each per-point job and its packed copy. */
export function seriesPairs(ctx: BenchContext): { packed: string; perPoint: string }[] {
  return ctx.jobs.flatMap((j) => (j.seriesOf ? [{ packed: j.id, perPoint: j.seriesOf.id }] : []));
}

/** The two W8 workloads over the seeded step-series jobs (one pair per request, in turn). */
export function seriesWorkloads(ctx: BenchContext): Workload[] {
  const { gql, db } = ctx;
  const maxPoints = ctx.opts.seriesMaxPoints;
  const pairs = seriesPairs(ctx);
  const pairOf = (i: number) => pairs[i % pairs.length];
  const points = ctx.jobs.find((j) => j.stepPoints > 0)?.stepPoints ?? 0;
  const read = async (id: string, limit: number | null) => {
    const { data: answer, stats } = await gql.request(SERIES, { id, name: STEP_METRIC, maxPoints: limit });
    return { answer, stats };
  };
  const of = `of ${points.toLocaleString('en-US')} points`;
  return [
    {
      id: 'W8',
      title: `long series: series("${STEP_METRIC}", maxPoints: ${maxPoints}) ${of} (both sides: packed)`,
      graphql: (i) => read(pairOf(i).packed, maxPoints),
      raw: (i) => rawPackedDownsampledSeries(db, pairOf(i).packed, STEP_METRIC, maxPoints),
      checkIterations: pairs.map((_, i) => i),
      concurrency: Math.min(SERIES_CONCURRENCY, ctx.opts.concurrency),
    },
    {
      id: 'W8-full',
      title: `long series: the full series("${STEP_METRIC}") ${of} (GraphQL: packed; raw: one item per point)`,
      graphql: (i) => read(pairOf(i).packed, null),
      raw: (i) => rawFullSeries(db, pairOf(i).perPoint, STEP_METRIC),
      checkIterations: [0],
      concurrency: Math.min(SERIES_CONCURRENCY, ctx.opts.concurrency),
    },
  ];
}

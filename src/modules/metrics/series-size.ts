import { apiError } from '../../platform/errors';

/**
 * Most points one answer of `Job.series` or `compareMetric` holds (all its series together), with or without
 * `maxPoints`; more is refused with BAD_USER_INPUT naming this limit, `maxPoints` and the CSV export, which streams a
 * series of any length. Twice the 100,000-point series a user reads whole. Measured on that read (2-core machine
 * under load, per-point storage): the server's RSS grew by 116 MB at the peak (the points, their GraphQL result and
 * its 3.5 MB of JSON), so an answer at the limit costs about a quarter of a GB; ten times the limit, as an unbounded
 * answer of a 2,000,000-point series would, is more than a small container holds. MAX_SERIES_POINTS sets it.
 */
export const MAX_SERIES_POINTS = 200_000;

/** Where the CSV export of metric `name` of `jobIds` is served (the route of http/export-routes). */
export function seriesExportPath(name: string, jobIds: readonly string[] | null): string {
  const query = jobIds && jobIds.length > 0 ? `?jobIds=${jobIds.join(',')}` : '';
  return `/export/metrics/${encodeURIComponent(name)}.csv${query}`;
}

function counted(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * Refuses an answer of `count` points of metric `name` (one job's series, or a comparison of `jobIds`; every job with
 * it when null) when it passes `limit`. Call it with the series' stored count before reading its points when the
 * count is known, else with what was read.
 */
export function checkSeriesSize(name: string, jobIds: readonly string[] | null, count: number, limit = MAX_SERIES_POINTS): void {
  if (count <= limit) return;
  const what =
    jobIds?.length === 1
      ? `series ${name} of job ${jobIds[0]} has`
      : `compareMetric ${name} has, across ${jobIds ? `${jobIds.length} jobs` : 'every job with it'},`;
  throw apiError(
    'BAD_USER_INPUT',
    `${what} ${counted(count)} points, more than the ${counted(limit)} one answer holds; ask with maxPoints ` +
      `(at most ${counted(limit)} in all) or export it as CSV: GET ${seriesExportPath(name, jobIds)}`,
    { argument: 'maxPoints', limit, points: count },
  );
}

/** Refuses a `maxPoints` above `limit`: such an answer could pass the limit on its own. */
export function checkMaxPointsBound(maxPoints: number, limit = MAX_SERIES_POINTS): void {
  if (maxPoints > limit)
    throw apiError(
      'BAD_USER_INPUT',
      `maxPoints may be at most ${counted(limit)}, the points one answer holds (${counted(maxPoints)} asked)`,
      {
        argument: 'maxPoints',
        limit,
      },
    );
}

/*
 * The raw baseline's own reading of the table: key formats and item types written out from docs/storage.md (and, for the
 * server's own items, from what it stores), and readers of the attribute values the SDK's document client unmarshalls.
 * Nothing here comes from src/: an answer the server decodes or keys wrongly differs from the baseline's.
 */

export type Item = Record<string, unknown>;

/** TYPE of each kind of item the baseline reads or writes. */
export const TYPE = {
  job: 'JOB',
  metric: 'JOB_METRIC',
  log: 'JOB_LOG',
  status: 'JOB_STATUS',
  marker: 'JOB_WRITE_MARKER',
  leaderboard: 'JOB_LEADERBOARD',
  stepSeries: 'JOB_STEP_SERIES',
  stepPoint: 'JOB_STEP_METRIC',
  stepBlock: 'JOB_STEP_BLOCK',
} as const;

/** `JOB#{id}`: everything of one job. */
export const jobPk = (jobId: string) => `JOB#${jobId}`;

/** The job id of a `JOB#{id}` key, or null. */
export function jobIdOf(pk: unknown): string | null {
  return typeof pk === 'string' && pk.startsWith('JOB#') && pk.length > 4 ? pk.slice(4) : null;
}

/** A job card's sort key, in the job partition (issue 18). */
export const CARD_SK = 'CARD';

/** The job item's sort key, and its whole key. */
export const JOB_SK = 'JOB';
export const jobKey = (jobId: string) => ({ PK: jobPk(jobId), SK: JOB_SK });

/** GSI1 and GSI2 partition of one metric over all jobs. */
export const metricPk = (name: string) => `METRIC#${name}`;

/** Sort-key prefix of one metric's points in a job partition: the trailing `#` keeps `val_f1` from meeting `val_f1_x`. */
export const metricSkPrefix = (name: string) => `METRIC#${name}#`;

/** GSI1 partition of the jobs (and status changes) of one lower-case status. */
export const statusPk = (status: string) => `STATUS#${status}`;

/** GSI3 partition of one metric's leaderboard summaries. */
export const leaderboardPk = (metric: string) => `LEADERBOARD#${metric}`;

/** The step-series descriptor's key, in the job partition. */
export const seriesDescriptorKey = (jobId: string, name: string) => ({ PK: jobPk(jobId), SK: `SERIES#${name}` });

/** A step series' own partition, and the sort-key prefixes of its items (numbers zero-padded to 12). */
export const seriesPk = (jobId: string, name: string) => `JOB_SERIES#${jobId}#${name}`;
export const STEP_PREFIX = 'STEP#';
/** A packed series' parts and summary pages (since issue 18), by their first step zero-padded to 12. */
export const PACK_PREFIX = 'PACK#';
export const SUMMARY_PREFIX = 'SUMMARY#';
export const padded = (n: number, digits: number) => String(n).padStart(digits, '0');

/** The job statuses, stored lower-case, answered upper-case. */
export const STATUSES = ['pending', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;

/** A stored N (the document client gives JS numbers), else null. */
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A stored whole number such as an epoch, a step or a support count (the legacy writer stores 156.0), else null. */
export const whole = (v: unknown): number | null => (num(v) === null ? null : Math.round(v as number));

/** A stored S, else null. */
export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A stored M, else null. */
export const map = (v: unknown): Record<string, unknown> | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Set) ? (v as Record<string, unknown>) : null;

/** The JobMetric item (legacy kind): one metric point of a job (docs/storage.md, "JobMetric"). */
import { Index, jobPartition, ofJobPrefix } from './shared';

export const METRIC_TYPE = 'JOB_METRIC';
/** Sort-key prefix of every metric point inside a job partition, and GSI1/GSI2 partition prefix of one metric. */
export const ALL_METRIC_POINTS = 'METRIC#';

/** One metric across all jobs over time: GSI1 `METRIC#{name}` / `{ts}`. */
export const METRIC_OVER_TIME_INDEX = Index.gsi1;
/** One metric across all jobs, grouped by job: GSI2 `METRIC#{name}` / `JOB#{id}#{ts}`. */
export const METRIC_BY_JOB_INDEX = Index.gsi2;

/** The keys the legacy library requires on a JobMetric item. */
export const METRIC_REQUIRED_KEYS = ['PK', 'SK', 'job_id', 'metric_name', 'timestamp', 'value'] as const;

/** Sort-key prefix of one metric's points inside a job partition; the trailing `#` keeps names exact. */
export function metricPointsOfJob(name: string): string {
  return `${ALL_METRIC_POINTS}${name}#`;
}

/** GSI1 and GSI2 partition of one metric across all jobs. */
export function metricOverTime(name: string): string {
  return `${ALL_METRIC_POINTS}${name}`;
}

/** Full keys of one metric point: base table, GSI1 (one metric over time) and GSI2 (one metric by job). */
export function metricPointKeys(jobId: string, name: string, timestamp: string) {
  return {
    PK: jobPartition(jobId),
    SK: `${metricPointsOfJob(name)}${timestamp}`,
    GSI1PK: metricOverTime(name),
    GSI1SK: timestamp,
    GSI2PK: metricOverTime(name),
    GSI2SK: `${ofJobPrefix(jobId)}${timestamp}`,
  };
}

/** The GSI1 key of a stored point (its table key and GSI1 attributes), for resuming a query after it. */
export function metricOverTimeKey(name: string, point: { jobId: string; sortKey: string; timestamp: string }): Record<string, string> {
  return { PK: jobPartition(point.jobId), SK: point.sortKey, GSI1PK: metricOverTime(name), GSI1SK: point.timestamp };
}

/** The timestamp at the end of a metric point's sort key (`METRIC#{name}#{ts}`). */
export function metricTimestampOf(sk: string): string {
  return sk.slice(sk.lastIndexOf('#') + 1);
}

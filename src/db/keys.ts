/** Every key template of the table, named after the access pattern it serves (storage.md). */

export const ItemType = {
  job: 'JOB',
  metric: 'JOB_METRIC',
  log: 'JOB_LOG',
  status: 'JOB_STATUS',
  /** The server's own marker of a written epoch or dataset-metrics call. */
  writeMarker: 'JOB_WRITE_MARKER',
} as const;

export type TableKey = { PK: string; SK: string };

const JOB_PREFIX = 'JOB#';

/** Partition of everything recorded for one job. */
export function jobPartition(jobId: string): string {
  return `${JOB_PREFIX}${jobId}`;
}

/** The job id of a `JOB#{id}` partition key, or null for a foreign key. */
export function jobIdOfPartition(pk: string): string | null {
  return pk.startsWith(JOB_PREFIX) && pk.length > JOB_PREFIX.length ? pk.slice(JOB_PREFIX.length) : null;
}

/** The job item itself. */
export function jobKey(jobId: string): TableKey {
  return { PK: jobPartition(jobId), SK: 'JOB' };
}

/** GSI1 (jobs by status, newest first) and GSI2 (jobs by name) keys of a job item. */
export function jobIndexKeys(status: string, name: string, createdAt: string) {
  return {
    GSI1PK: jobsByStatus(status),
    GSI1SK: `${CREATED_PREFIX}${createdAt}`,
    GSI2PK: `JOB_NAME#${name}`,
    GSI2SK: `${CREATED_PREFIX}${createdAt}`,
  };
}

export const CREATED_PREFIX = 'CREATED#';

/** GSI1 partition of jobs (and status-history items) of one status; status stored lower-case. */
export function jobsByStatus(status: string): string {
  return `STATUS#${status.toLowerCase()}`;
}

/** Sort-key prefix of one metric's points inside a job partition; the trailing `#` keeps names exact. */
export function metricPointsOfJob(name: string): string {
  return `METRIC#${name}#`;
}

/** Sort-key prefix of every metric point inside a job partition. */
export const ALL_METRIC_POINTS = 'METRIC#';

/** Full keys of one metric point: base table, GSI1 (one metric over time) and GSI2 (one metric by job). */
export function metricPointKeys(jobId: string, name: string, timestamp: string) {
  return {
    PK: jobPartition(jobId),
    SK: `${metricPointsOfJob(name)}${timestamp}`,
    GSI1PK: metricOverTime(name),
    GSI1SK: timestamp,
    GSI2PK: metricOverTime(name),
    GSI2SK: `${metricOfJobPrefix(jobId)}${timestamp}`,
  };
}

/** GSI1 and GSI2 partition of one metric across all jobs. */
export function metricOverTime(name: string): string {
  return `METRIC#${name}`;
}

/** GSI2 sort-key prefix of one job's points of a metric. */
export function metricOfJobPrefix(jobId: string): string {
  return `${JOB_PREFIX}${jobId}#`;
}

/** Sort-key prefix of a job's log lines. */
export const LOGS_OF_JOB = 'LOG#';

/** Keys of one log line. */
export function logKeys(jobId: string, timestamp: string) {
  return {
    PK: jobPartition(jobId),
    SK: `${LOGS_OF_JOB}${timestamp}`,
    GSI1PK: 'LOG',
    GSI1SK: `${metricOfJobPrefix(jobId)}${timestamp}`,
  };
}

/** Sort-key prefix of a job's status history. */
export const STATUS_HISTORY_OF_JOB = 'STATUS#';

/** Keys of one status-history item. */
export function statusHistoryKeys(jobId: string, status: string, timestamp: string) {
  return {
    PK: jobPartition(jobId),
    SK: `${STATUS_HISTORY_OF_JOB}${timestamp}`,
    GSI1PK: jobsByStatus(status),
    GSI1SK: `UPDATED#${timestamp}`,
  };
}

/** Sort-key prefix of the server's write markers. */
export const WRITE_MARKERS_OF_JOB = 'WRITE#';

/** Key of the marker of one epoch (zero-padded so markers sort by epoch) or of the dataset metrics (epoch null). */
export function writeMarkerKey(jobId: string, epoch: number | null): TableKey {
  const which = epoch === null ? 'DATASET' : `EPOCH#${String(epoch).padStart(10, '0')}`;
  return { PK: jobPartition(jobId), SK: `${WRITE_MARKERS_OF_JOB}${which}` };
}

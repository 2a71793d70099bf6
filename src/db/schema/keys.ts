/** Every key template of the table, named after the access pattern it serves (docs/storage.md). */

export const ItemType = {
  job: 'JOB',
  metric: 'JOB_METRIC',
  log: 'JOB_LOG',
  status: 'JOB_STATUS',
  /** The server's own marker of a written epoch or dataset-metrics call. */
  writeMarker: 'JOB_WRITE_MARKER',
  /** Descriptor of a step-level series (block size, step range), in the job partition. */
  stepSeries: 'JOB_STEP_SERIES',
  /** One step-level point, in its series partition. */
  stepPoint: 'JOB_STEP_METRIC',
  /** Min/max/first/last of one block of steps of a series. */
  stepBlock: 'JOB_STEP_BLOCK',
  /** A job's best value of a ranked metric, indexed in GSI3 for leaderboards. */
  leaderboard: 'JOB_LEADERBOARD',
  /** An API key (its hash, name and role). */
  apiKey: 'API_KEY',
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

/** Sort-key prefix of the descriptors of a job's step-level series (one per metric name, in the job partition). */
export const STEP_SERIES_OF_JOB = 'SERIES#';

/** Key of the descriptor of one step-level series of a job. */
export function stepSeriesDescriptorKey(jobId: string, name: string): TableKey {
  return { PK: jobPartition(jobId), SK: `${STEP_SERIES_OF_JOB}${name}` };
}

/**
 * Partition of one step-level series: its own partition, so 100,000 step points never weigh on a job's other
 * reads, and many trainers logging at once spread over many partitions.
 */
export function stepSeriesPartition(jobId: string, name: string): string {
  return `JOB_SERIES#${jobId}#${name}`;
}

/** Sort-key prefix of the points of a step-level series. */
export const STEP_POINTS = 'STEP#';
/** Sort-key prefix of the block summaries of a step-level series. */
export const STEP_BLOCKS = 'BLOCK#';

/** Key of one step point: the step, zero-padded so points sort by step. */
export function stepPointKey(jobId: string, name: string, step: number): TableKey {
  return { PK: stepSeriesPartition(jobId, name), SK: `${STEP_POINTS}${String(step).padStart(12, '0')}` };
}

/** Key of the summary of one block of steps. */
export function stepBlockKey(jobId: string, name: string, block: number): TableKey {
  return { PK: stepSeriesPartition(jobId, name), SK: `${STEP_BLOCKS}${String(block).padStart(12, '0')}` };
}

/** Sort-key prefix of a job's leaderboard summaries (its best value per ranked metric). */
export const LEADERBOARD_SUMMARIES_OF_JOB = 'LEADERBOARD#';

/** Key of a job's leaderboard summary of one metric. */
export function leaderboardSummaryKey(jobId: string, metric: string): TableKey {
  return { PK: jobPartition(jobId), SK: `${LEADERBOARD_SUMMARIES_OF_JOB}${metric}` };
}

/** GSI3 partition of one metric's leaderboard: every job's best value, best first. */
export function leaderboardOf(metric: string): string {
  return `LEADERBOARD#${metric}`;
}

/** Partition of every API key: all instances load the whole set with one Query. */
export const API_KEYS_PARTITION = 'APIKEYS';

/** Key of one API key item, by its public id. */
export function apiKeyItemKey(keyId: string): TableKey {
  return { PK: API_KEYS_PARTITION, SK: `KEY#${keyId}` };
}

/**
 * What several item kinds share (docs/storage.md, "Table" and "Item kinds"): the table's index names, the job
 * partition, and the GSI1 partition of one status (jobs and status-history items both live there).
 */

/** The table's secondary indexes: GSI1 and GSI2 keep the legacy layouts, GSI3 holds leaderboards, GSI4 is free. */
export const Index = {
  gsi1: 'GSI1',
  gsi2: 'GSI2',
  gsi3: 'GSI3',
  gsi4: 'GSI4',
  /** Hash key `TYPE` only. */
  byType: 'GSITYPE',
} as const;

/** The GSIn indexes, each with hash `GSInPK` and range `GSInSK`. */
export const KEYED_INDEXES = [Index.gsi1, Index.gsi2, Index.gsi3, Index.gsi4] as const;

export type TableKey = { PK: string; SK: string };

/** Prefix of a job partition key, and of the GSI sort keys that group one job's items (metric GSI2SK, log GSI1SK). */
export const JOB_PREFIX = 'JOB#';

/** Partition of everything recorded for one job. */
export function jobPartition(jobId: string): string {
  return `${JOB_PREFIX}${jobId}`;
}

/** The job id of a `JOB#{id}` partition key, or null for a foreign key. */
export function jobIdOfPartition(pk: string): string | null {
  return pk.startsWith(JOB_PREFIX) && pk.length > JOB_PREFIX.length ? pk.slice(JOB_PREFIX.length) : null;
}

/** GSI sort-key prefix of one job's items in an all-jobs index: `JOB#{id}#`. */
export function ofJobPrefix(jobId: string): string {
  return `${jobPartition(jobId)}#`;
}

/** Prefix of the GSI1 partitions by status, and of the sort keys of status-history items. */
export const STATUS_PREFIX = 'STATUS#';

/** GSI1 partition of jobs (and status-history items) of one status; status stored lower-case. */
export function jobsByStatus(status: string): string {
  return `${STATUS_PREFIX}${status.toLowerCase()}`;
}

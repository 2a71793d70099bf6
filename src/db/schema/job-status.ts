/** The JobStatus item (legacy kind): one entry of a job's status history (docs/storage.md, "JobStatus"). */
import { jobPartition, jobsByStatus, STATUS_PREFIX, type TableKey } from './shared';

export const STATUS_TYPE = 'JOB_STATUS';
/** Sort-key prefix of a job's status history. */
export const STATUS_HISTORY_OF_JOB = STATUS_PREFIX;
/** GSI1 sort-key prefix of status-history items (outside the `CREATED#` range of the jobs in the same partition). */
export const UPDATED_PREFIX = 'UPDATED#';

/** The keys the legacy library requires on a JobStatus item (list_job_statuses refuses an item without one). */
export const STATUS_REQUIRED_KEYS = ['PK', 'SK', 'TYPE', 'status', 'updated_at'] as const;

/** Primary key of one status-history item. */
export function statusHistoryKey(jobId: string, timestamp: string): TableKey {
  return { PK: jobPartition(jobId), SK: `${STATUS_HISTORY_OF_JOB}${timestamp}` };
}

/** Keys of one status-history item. */
export function statusHistoryKeys(jobId: string, status: string, timestamp: string) {
  return {
    ...statusHistoryKey(jobId, timestamp),
    GSI1PK: jobsByStatus(status),
    GSI1SK: `${UPDATED_PREFIX}${timestamp}`,
  };
}

/** The timestamp of a status-history sort key (`STATUS#{ts}`), or null for another sort key. */
export function statusTimestampOf(sk: string): string | null {
  return sk.startsWith(STATUS_HISTORY_OF_JOB) ? sk.slice(STATUS_HISTORY_OF_JOB.length) : null;
}

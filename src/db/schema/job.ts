/** The Job item (legacy kind): one per job, in its partition (docs/storage.md, "Job"). */
import { Index, jobPartition, jobsByStatus, type TableKey } from './shared';

export const JOB_TYPE = 'JOB';
/** The sort key of the job item inside its partition. */
export const JOB_SORT_KEY = 'JOB';
/** GSI1 (by status) and GSI2 (by name) sort-key prefix of job items. */
export const CREATED_PREFIX = 'CREATED#';
/** GSI2 partition prefix of jobs by name. */
export const JOB_NAME_PREFIX = 'JOB_NAME#';

/** Jobs by status, newest first: GSI1 `STATUS#{status}` / `CREATED#{created_at}`. */
export const JOBS_BY_STATUS_INDEX = Index.gsi1;

/** The keys the legacy library requires on a Job item. */
export const JOB_REQUIRED_KEYS = [
  'PK',
  'SK',
  'TYPE',
  'name',
  'description',
  'created_at',
  'created_by',
  'status',
  'priority',
  'job_config',
] as const;

/** The job item itself. */
export function jobKey(jobId: string): TableKey {
  return { PK: jobPartition(jobId), SK: JOB_SORT_KEY };
}

/** Whether an item is a job item by its TYPE and sort key (its attributes are the codec's to check). */
export function isJobItem(item: Record<string, unknown>): boolean {
  return item.TYPE === JOB_TYPE && item.SK === JOB_SORT_KEY;
}

/** GSI1 and GSI2 sort key of a job created at `createdAt`; also the bounds of a range of creation times. */
export function createdSortKey(createdAt: string): string {
  return `${CREATED_PREFIX}${createdAt}`;
}

/** GSI1 (jobs by status, newest first) and GSI2 (jobs by name) keys of a job item. */
export function jobIndexKeys(status: string, name: string, createdAt: string) {
  return {
    GSI1PK: jobsByStatus(status),
    GSI1SK: createdSortKey(createdAt),
    GSI2PK: `${JOB_NAME_PREFIX}${name}`,
    GSI2SK: createdSortKey(createdAt),
  };
}

import type { JsonObject } from '../../platform/json-values';

/** Domain types of jobs, free of DynamoDB keys. */

export const JOB_STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'INTERRUPTED'] as const;
export type JobStatusValue = (typeof JOB_STATUSES)[number];
export const TERMINAL_STATUSES: ReadonlySet<JobStatusValue> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'INTERRUPTED']);

export const JOB_PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type JobPriorityValue = (typeof JOB_PRIORITIES)[number];

/** A training run as stored in its `JOB` item. */
export interface JobModel {
  id: string;
  name: string;
  description: string;
  status: JobStatusValue;
  priority: JobPriorityValue;
  createdAt: string;
  createdBy: string;
  config: JsonObject;
  tags: JsonObject;
  results: JsonObject | null;
  /** When the status last changed through the server (`status_changed_at`); absent on jobs never moved since. */
  statusChangedAt?: string | null;
}

/** One recorded change of status (a `STATUS#` history item). */
export interface StatusChangeModel {
  jobId: string;
  status: JobStatusValue;
  timestamp: string;
  message: string | null;
}

/** True for a status that cannot be left. */
export function isTerminal(status: JobStatusValue): boolean {
  return TERMINAL_STATUSES.has(status);
}

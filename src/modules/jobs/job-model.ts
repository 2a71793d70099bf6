import type { JsonObject } from '../../platform/json-values';
import type { Page } from '../../platform/pagination/connections';

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
  /** Free-form notes (`notes`, editable after the run); absent when none were written. */
  notes?: string | null;
  /** The last write the server stored for the job (`last_seen_at`, kept at most once a minute); absent when none. */
  lastSeenAt?: string | null;
}

/** A job found by a search: its id only; its fields are read (from the catalog or the table) when asked for. */
export interface JobRef {
  id: string;
  ref: true;
}

/** What a GraphQL `Job` resolves from: a job read from the table, or a search result's reference to one. */
export type JobNode = JobModel | JobRef;

/** Whether a Job node is a search result's reference (its fields not read yet). */
export function isJobRef(job: JobNode): job is JobRef {
  return (job as JobRef).ref === true;
}

/**
 * When the job was last seen written, as the job item tells: its `last_seen_at`, or its latest status change or creation
 * when those are later (jobs the legacy writer keeps have neither of the first two).
 */
export function lastSeenOf(job: Pick<JobModel, 'createdAt' | 'statusChangedAt' | 'lastSeenAt'>): string {
  let seen = job.createdAt;
  for (const t of [job.statusChangedAt, job.lastSeenAt]) if (t && t > seen) seen = t;
  return seen;
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

/** A page of jobs with the number of matches over every page, counted only when asked for. */
export interface JobPage extends Page<JobNode> {
  totalCount: () => Promise<number> | number;
}

import { isJobItem, ItemType, jobIdOfPartition, jobIndexKeys, jobKey, statusHistoryKeys, statusTimestampOf } from '../../db/schema';
import { nextTimestamp } from '../../platform/time';
import type { Item } from '../../db/batch';
import { readMap, readString } from '../../db/item-values';
import { toJsonObject } from '../../platform/json-values';
import {
  JOB_PRIORITIES,
  JOB_STATUSES,
  type JobModel,
  type JobPriorityValue,
  type JobStatusValue,
  type StatusChangeModel,
} from './job-model';

/** Upper-case enum value of a stored lower-case status, or null for a value the API does not know. */
export function parseStatus(value: unknown): JobStatusValue | null {
  const upper = typeof value === 'string' ? value.toUpperCase() : '';
  return (JOB_STATUSES as readonly string[]).includes(upper) ? (upper as JobStatusValue) : null;
}

function parsePriority(value: unknown): JobPriorityValue {
  const upper = typeof value === 'string' ? value.toUpperCase() : '';
  return (JOB_PRIORITIES as readonly string[]).includes(upper) ? (upper as JobPriorityValue) : 'MEDIUM';
}

/** Parses a `JOB` item; null for anything that is not a job of this API (foreign items share the table). */
export function parseJobItem(item: Item): JobModel | null {
  if (!isJobItem(item)) return null;
  const id = jobIdOfPartition(String(item.PK));
  const status = parseStatus(item.status);
  const createdAt = readString(item.created_at);
  if (!id || !status || !createdAt) return null;
  const results = readMap(item.results);
  return {
    id,
    name: readString(item.name) ?? '',
    description: readString(item.description) ?? '',
    status,
    priority: parsePriority(item.priority),
    createdAt,
    createdBy: readString(item.created_by) ?? 'system',
    config: toJsonObject(item.job_config),
    tags: toJsonObject(item.tags),
    results: results ? toJsonObject(results) : null,
    ...(item.status_changed_at !== undefined ? { statusChangedAt: readString(item.status_changed_at) } : {}),
    ...(item.notes !== undefined ? { notes: readString(item.notes) } : {}),
    ...(item.last_seen_at !== undefined ? { lastSeenAt: readString(item.last_seen_at) } : {}),
  };
}

/**
 * The timestamp of a job's next status change: `now`, or just after its last change when `now` is not later (another
 * instance's clock, or the same microsecond), so the history stays in the order the changes were applied.
 */
export function nextStatusTimestamp(job: Pick<JobModel, 'statusChangedAt'>, now: string): string {
  const last = job.statusChangedAt;
  return !last || now > last ? now : nextTimestamp(last);
}

/**
 * The parts of a conditional Update that moves a job to `to`: it applies only while the job still has the status and
 * the last change it was read with. The status alone is not enough: a job read as running may have gone to pending and
 * back meanwhile, and the stale move would then be written with an earlier timestamp than the changes it follows.
 */
export function statusMove(job: Pick<JobModel, 'status' | 'name' | 'createdAt' | 'statusChangedAt'>, to: string, timestamp: string) {
  const names: Record<string, string> = { '#status': 'status', '#changed': 'status_changed_at' };
  const values: Record<string, unknown> = {
    ':from': job.status.toLowerCase(),
    ':to': to.toLowerCase(),
    ':gsi1pk': jobIndexKeys(to.toLowerCase(), job.name, job.createdAt).GSI1PK,
    ':changed': timestamp,
  };
  if (job.statusChangedAt) values[':lastChanged'] = job.statusChangedAt;
  return {
    set: 'SET #status = :to, GSI1PK = :gsi1pk, #changed = :changed',
    condition: `#status = :from AND ${job.statusChangedAt ? '#changed = :lastChanged' : 'attribute_not_exists(#changed)'}`,
    names,
    values,
  };
}

/** The stored `JOB` item of a job, in the legacy writer's attribute names and encodings. */
export function jobToItem(job: JobModel): Item {
  const status = job.status.toLowerCase();
  return {
    ...jobKey(job.id),
    TYPE: ItemType.job,
    ...jobIndexKeys(status, job.name, job.createdAt),
    name: job.name,
    description: job.description,
    created_at: job.createdAt,
    created_by: job.createdBy,
    status,
    priority: job.priority.toLowerCase(),
    job_config: job.config,
    tags: job.tags,
    ...(job.results ? { results: job.results } : {}),
    ...(job.notes ? { notes: job.notes } : {}),
    ...(job.lastSeenAt ? { last_seen_at: job.lastSeenAt } : {}),
  };
}

/**
 * A `STATUS#` history item, with the legacy library's `updated_at` (the SK's timestamp) and `updated_by` (the API key
 * that made the change, when the request had one).
 */
export function statusChangeToItem(change: StatusChangeModel, updatedBy?: string): Item {
  const status = change.status.toLowerCase();
  return {
    ...statusHistoryKeys(change.jobId, status, change.timestamp),
    TYPE: ItemType.status,
    status,
    updated_at: change.timestamp,
    ...(updatedBy ? { updated_by: updatedBy } : {}),
    ...(change.message ? { message: change.message } : {}),
  };
}

/**
 * The SK timestamp of a `STATUS#` history item stored without `updated_at` (written before it was added, or by an older
 * legacy writer), which the legacy library refuses; null for any other item.
 */
export function statusTimestampMissingUpdatedAt(item: Item): string | null {
  if (item.TYPE !== ItemType.status || item.updated_at !== undefined) return null;
  return statusTimestampOf(String(item.SK));
}

/** Parses a `STATUS#` history item (the timestamp from the SK: legacy items may lack `updated_at`); null when it is not one. */
export function parseStatusChange(item: Item): StatusChangeModel | null {
  if (item.TYPE !== ItemType.status) return null;
  const jobId = jobIdOfPartition(String(item.PK));
  const status = parseStatus(item.status);
  const timestamp = statusTimestampOf(String(item.SK));
  if (!jobId || !status || timestamp === null) return null;
  return { jobId, status, timestamp, message: readString(item.message) };
}

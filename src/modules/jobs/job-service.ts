import { z } from 'zod';
import { userError, type UserError } from '../../platform/errors';
import { decodeCursor, encodeCursor } from '../../platform/pagination/cursors';
import { clampFirst, toPage } from '../../platform/pagination/connections';
import { forgetJob, type Loaders } from '../loaders';
import { newJobId } from '../../platform/ids';
import { checkJobId, jobIdRule } from '../../platform/names';
import { itemSize, MAX_ITEM_BYTES } from '../../platform/item-size';
import { jsonEqual } from '../../platform/json-values';
import { nowTimestamp } from '../../platform/time';
import { validateInput } from '../../platform/validation';
import { createJobInput, deleteJobInput, updateJobStatusInput } from './job-inputs';
import { jobToItem, nextStatusTimestamp } from './job-item';
import { isTerminal, JOB_STATUSES, type JobModel, type JobPage, type JobStatusValue } from './job-model';
import type { JobRepository } from './job-repository';
import type { CatalogListing, JobPosition } from './job-listing';

/** Room kept in a new job item for the results that finalizeJob adds later. */
export const RESULTS_RESERVE_BYTES = 32 * 1024;
const MAX_TRANSITION_ATTEMPTS = 10;

const jobPosition = z.object({ createdAt: z.string().max(64), id: jobIdRule });

/** Rules of jobs: creation, status moves, listing and deletion. */
export class JobService {
  constructor(
    private readonly jobs: JobRepository,
    private readonly loaders: Loaders,
  ) {}

  /** One job, or null when there is none. */
  get(id: string): Promise<JobModel | null> {
    return this.loaders.job.load(checkJobId(id));
  }

  /** One job read with its whole partition (for requests that need its epochs, labels or logs too). */
  async getFromPartition(id: string): Promise<JobModel | null> {
    return (await this.loaders.partition.load(checkJobId(id))).job;
  }

  /**
   * A page of jobs, newest first, one status or all merged: from the job catalog when the server has a ready one (no
   * DynamoDB call; the page holds references, whose other fields are read in one BatchGetItem), else one GSI1 Query per
   * status. Both give the same order and cursors, so a cursor of one continues on the other. The matches are counted
   * by the catalog when it can, else by COUNT queries.
   */
  async list(
    status: JobStatusValue | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
    catalog?: CatalogListing,
  ): Promise<JobPage> {
    const size = clampFirst(first, 20);
    const scope = status ?? '*';
    const position = decodeCursor(after, 'jobs', scope, jobPosition);
    const statuses = status ? [status] : JOB_STATUSES;
    const cursorOf = (job: JobPosition) => encodeCursor('jobs', scope, { createdAt: job.createdAt, id: job.id });
    const totalCount = () => catalog?.countFromCatalog(statuses) ?? this.jobs.count(statuses);
    const listed = catalog?.listFromCatalog(statuses, position, size + 1);
    if (listed) {
      const page = toPage(listed, size, cursorOf);
      const edges = page.edges.map((edge) => ({
        node: { id: edge.node.id, ref: true as const },
        get cursor() {
          return edge.cursor;
        },
      }));
      return { edges, pageInfo: page.pageInfo, totalCount };
    }
    const jobs = await this.jobs.list(statuses, position, size + 1);
    for (const job of jobs) this.loaders.job.prime(job.id, job);
    return { ...toPage(jobs, size, cursorOf), totalCount };
  }

  /** Creates a job; the same job again is a replay, the same id with other content ALREADY_EXISTS. */
  async create(raw: unknown): Promise<{ job: JobModel | null; replayed: boolean; userErrors: UserError[] }> {
    const checked = validateInput(createJobInput, raw);
    if (!checked.ok) return { job: null, replayed: false, userErrors: checked.errors };
    const input = checked.value;
    const job: JobModel = {
      id: (input.id ?? newJobId()).toLowerCase(),
      name: input.name,
      description: input.description ?? '',
      status: input.status ?? 'PENDING',
      priority: input.priority ?? 'MEDIUM',
      createdAt: nowTimestamp(),
      createdBy: input.createdBy ?? 'system',
      config: (input.config ?? {}) as JobModel['config'],
      tags: (input.tags ?? {}) as JobModel['tags'],
      results: null,
    };
    if (itemSize(jobToItem(job)) > MAX_ITEM_BYTES - RESULTS_RESERVE_BYTES) {
      const limitKb = (MAX_ITEM_BYTES - RESULTS_RESERVE_BYTES) / 1024;
      return {
        job: null,
        replayed: false,
        userErrors: [userError('INVALID', `config and tags make the job larger than ${limitKb} KB`, ['input', 'config'])],
      };
    }
    if (await this.jobs.create(job)) {
      this.loaders.job.prime(job.id, job);
      return { job, replayed: false, userErrors: [] };
    }
    const existing = await this.jobs.getConsistent(job.id);
    if (existing && sameCreation(existing, job)) return { job: existing, replayed: true, userErrors: [] };
    return {
      job: null,
      replayed: false,
      userErrors: [userError('ALREADY_EXISTS', `a different job with id ${job.id} already exists`, ['input', 'id'])],
    };
  }

  /** Moves a job to a new status; leaving a terminal status is CONFLICT. Concurrent moves are applied one by one. */
  async updateStatus(raw: unknown): Promise<{ job: JobModel | null; userErrors: UserError[] }> {
    const checked = validateInput(updateJobStatusInput, raw);
    if (!checked.ok) return { job: null, userErrors: checked.errors };
    const { jobId, status } = checked.value;
    for (let attempt = 0; attempt < MAX_TRANSITION_ATTEMPTS; attempt++) {
      const job = await this.jobs.getConsistent(jobId);
      if (!job) return { job: null, userErrors: [userError('NOT_FOUND', `no job ${jobId}`, ['input', 'jobId'])] };
      if (job.status === status) return { job, userErrors: [] };
      if (isTerminal(job.status)) {
        return { job: null, userErrors: [userError('CONFLICT', `job ${jobId} is ${job.status}, a final status`, ['input', 'status'])] };
      }
      const change = { jobId, status, timestamp: nextStatusTimestamp(job, nowTimestamp()), message: null };
      if (await this.jobs.transition(job, change)) {
        forgetJob(this.loaders, jobId);
        return { job: { ...job, status, statusChangedAt: change.timestamp }, userErrors: [] };
      }
    }
    throw new Error(`job ${jobId}: status update lost ${MAX_TRANSITION_ATTEMPTS} races in a row`);
  }

  /** Deletes a job's whole partition; NOT_FOUND when nothing is stored under it. */
  async delete(raw: unknown): Promise<{ deletedJobId: string | null; deletedItems: number; userErrors: UserError[] }> {
    const checked = validateInput(deleteJobInput, raw);
    if (!checked.ok) return { deletedJobId: null, deletedItems: 0, userErrors: checked.errors };
    const { jobId } = checked.value;
    const deletedItems = await this.jobs.deletePartition(jobId);
    forgetJob(this.loaders, jobId);
    if (deletedItems === 0)
      return { deletedJobId: null, deletedItems: 0, userErrors: [userError('NOT_FOUND', `no job ${jobId}`, ['input', 'jobId'])] };
    return { deletedJobId: jobId, deletedItems, userErrors: [] };
  }
}

/** Whether a stored job matches a createJob request; status and timestamps move on after creation, so they do not count. */
function sameCreation(stored: JobModel, requested: JobModel): boolean {
  return (
    stored.name === requested.name &&
    stored.description === requested.description &&
    stored.createdBy === requested.createdBy &&
    stored.priority === requested.priority &&
    jsonEqual(stored.config, requested.config) &&
    jsonEqual(stored.tags, requested.tags)
  );
}

import type { Item } from '../../db/batch';
import { userError, type UserError } from '../../platform/errors';
import { itemSize, MAX_ITEM_BYTES } from '../../platform/item-size';
import { nowTimestamp } from '../../platform/time';
import { validateInput } from '../../platform/validation';
import { forgetJob, type Loaders } from '../loaders';
import { fieldsUpdate, itemAfterFields, itemAfterTags, seenUpdate, tagsUpdate, type JobItemUpdate } from './job-edits';
import { heartbeatInput, setJobTagsInput, updateJobInput } from './job-inputs';
import { parseJobItem } from './job-item';
import { isTerminal, type JobModel } from './job-model';
import type { JobRepository } from './job-repository';
import { RESULTS_RESERVE_BYTES } from './job-service';

/** Attempts of an edit whose condition keeps failing (its item changed between the read and the write). */
const MAX_ATTEMPTS = 5;

type EditResult = { job: JobModel | null; userErrors: UserError[] };

const notFound = (jobId: string): EditResult => ({
  job: null,
  userErrors: [userError('NOT_FOUND', `no job ${jobId}`, ['input', 'jobId'])],
});

/**
 * Changes to a job after its creation: tags, name, description and notes (setJobTags, updateJob), and heartbeats.
 * Each edit reads the job item consistently, writes nothing when it already holds what was asked (so a repeat costs
 * one read and no write), else applies one conditional UpdateItem to the item's own attributes and returns the job as
 * the update left it (ALL_NEW, no read after).
 */
export class JobEditService {
  constructor(
    private readonly jobs: JobRepository,
    private readonly loaders: Loaders,
  ) {}

  /** Sets and removes tags; keys not named keep their values. */
  async setTags(raw: unknown): Promise<EditResult> {
    const checked = validateInput(setJobTagsInput, raw);
    if (!checked.ok) return { job: null, userErrors: checked.errors };
    const { jobId } = checked.value;
    const set = checked.value.set ?? [];
    const remove = checked.value.remove ?? [];
    return this.edit(jobId, ['input', 'set'], (item) => ({
      update: tagsUpdate(item, set, remove),
      after: itemAfterTags(item, set, remove),
    }));
  }

  /** Changes the name (and the job's place in the by-name index with it), the description or the notes. */
  async update(raw: unknown): Promise<EditResult> {
    const checked = validateInput(updateJobInput, raw);
    if (!checked.ok) return { job: null, userErrors: checked.errors };
    const { jobId, ...changes } = checked.value;
    return this.edit(jobId, ['input'], (item, job) => ({ update: fieldsUpdate(job, changes), after: itemAfterFields(item, changes) }));
  }

  /** Marks a job seen now (any status); a job already seen later (another instance's clock) keeps its mark. */
  async heartbeat(raw: unknown): Promise<EditResult> {
    const checked = validateInput(heartbeatInput, raw);
    if (!checked.ok) return { job: null, userErrors: checked.errors };
    const { jobId } = checked.value;
    const stored = await this.jobs.update(jobId, seenUpdate(nowTimestamp()));
    forgetJob(this.loaders, jobId);
    const job = stored ? parseJobItem(stored) : await this.jobs.getConsistent(jobId);
    return job ? { job, userErrors: [] } : notFound(jobId);
  }

  /**
   * Reads the job item, plans the update against it and applies it. A failed condition (the item changed in a way the
   * plan depends on, or is gone) reads again. `sizeField` names the input that grew an item past DynamoDB's limit.
   */
  private async edit(
    jobId: string,
    sizeField: (string | number)[],
    plan: (item: Item, job: JobModel) => { update: JobItemUpdate | null; after: Item },
  ): Promise<EditResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const item = await this.jobs.getItemConsistent(jobId);
      const job = item && parseJobItem(item);
      if (!item || !job) return notFound(jobId);
      const { update, after } = plan(item, job);
      if (!update) return { job, userErrors: [] };
      const tooLarge = sizeProblem(job, item, after);
      if (tooLarge) return { job: null, userErrors: [userError('INVALID', tooLarge, sizeField)] };
      const stored = await this.jobs.update(jobId, update);
      if (stored) {
        forgetJob(this.loaders, jobId);
        const updated = parseJobItem(stored);
        return updated ? { job: updated, userErrors: [] } : notFound(jobId);
      }
    }
    throw new Error(`job ${jobId}: edit lost ${MAX_ATTEMPTS} races in a row`);
  }
}

/**
 * Why an edited item would be too large, or null. A job still running keeps room for the results finalizeJob adds (as
 * createJob does); an edit that does not grow the item is always allowed, so an item already past the limit can shrink.
 */
function sizeProblem(job: JobModel, before: Item, after: Item): string | null {
  const size = itemSize(after);
  const limit = isTerminal(job.status) ? MAX_ITEM_BYTES : MAX_ITEM_BYTES - RESULTS_RESERVE_BYTES;
  if (size <= limit || size <= itemSize(before)) return null;
  return `the job would be larger than ${limit / 1024} KB`;
}

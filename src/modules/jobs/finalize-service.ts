import { z } from 'zod';
import { userError, type UserError } from '../../platform/errors';
import { forgetJob, type Loaders } from '../loaders';
import { bestEpochValue } from '../metrics/epoch-rules';
import { nextStatusTimestamp } from './job-item';
import type { JobPartition } from '../partition/job-partition';
import type { PartitionRepository } from '../partition/partition-repository';
import { itemSize, MAX_ITEM_BYTES } from '../../platform/item-size';
import { jsonEqual } from '../../platform/json-values';
import { nowTimestamp } from '../../platform/time';
import { nonNegative, storableObject, validateInput } from '../../platform/validation';
import { jobIdRule } from '../../platform/names';
import { jobToItem } from './job-item';
import { isTerminal, JOB_STATUSES, type JobModel } from './job-model';
import type { JsonObject } from '../../platform/json-values';
import type { JobRepository } from './job-repository';

const finalizeJobInput = z.object({
  jobId: jobIdRule,
  status: z.enum(JOB_STATUSES).refine((s) => isTerminal(s), 'must be a terminal status: SUCCEEDED, FAILED, CANCELLED or INTERRUPTED'),
  trainRuntime: nonNegative.nullish(),
  totalFlos: nonNegative.nullish(),
  earlyStoppingTriggered: z.boolean().nullish(),
  bestCheckpointS3Path: z.string().max(2048, 'must be at most 2048 characters').nullish(),
  extra: storableObject.nullish(),
});
type FinalizeJobInput = z.infer<typeof finalizeJobInput>;

const MAX_ATTEMPTS = 10;

/** The result keys a finalize call sets, with the legacy writer's names; best_f1/best_epoch come from the best epoch. */
export function requestedResults(input: FinalizeJobInput, partition: JobPartition): JsonObject {
  const results: JsonObject = { ...((input.extra ?? {}) as JsonObject) };
  const best = bestEpochValue(partition.points, 'val_f1');
  if (best) {
    results.best_f1 = best.value;
    results.best_epoch = best.epoch;
  }
  if (input.trainRuntime != null) results.train_runtime = input.trainRuntime;
  if (input.totalFlos != null) results.total_flos = input.totalFlos;
  if (input.earlyStoppingTriggered != null) results.early_stopping_triggered = input.earlyStoppingTriggered;
  if (input.bestCheckpointS3Path != null) results.best_checkpoint_s3_path = input.bestCheckpointS3Path;
  return results;
}

/** Ends runs: a terminal status and results merged into the job's `results`, keeping keys already there. */
export class FinalizeService {
  constructor(
    private readonly jobs: JobRepository,
    private readonly partitions: PartitionRepository,
    private readonly loaders: Loaders,
  ) {}

  /** Finalizes a job; repeating the same finalize is a no-op, a different one on a finished job is CONFLICT. */
  async finalize(raw: unknown): Promise<{ job: JobModel | null; userErrors: UserError[] }> {
    const checked = validateInput(finalizeJobInput, raw);
    if (!checked.ok) return { job: null, userErrors: checked.errors };
    const input = checked.value;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const partition = await this.partitions.read(input.jobId, true);
      const job = partition.job;
      if (!job) return { job: null, userErrors: [userError('NOT_FOUND', `no job ${input.jobId}`, ['input', 'jobId'])] };
      const wanted = requestedResults(input, partition);
      if (isTerminal(job.status)) {
        const same = job.status === input.status && Object.entries(wanted).every(([k, v]) => jsonEqual(job.results?.[k] ?? null, v));
        if (same) return { job, userErrors: [] };
        return {
          job: null,
          userErrors: [
            userError('CONFLICT', `job ${input.jobId} was already finalized as ${job.status} with other results`, ['input', 'status']),
          ],
        };
      }
      const results = { ...(job.results ?? {}), ...wanted };
      const finished: JobModel = { ...job, status: input.status, results };
      if (itemSize(jobToItem(finished)) > MAX_ITEM_BYTES) {
        return { job: null, userErrors: [userError('INVALID', 'results would make the job larger than 400 KB', ['input', 'extra'])] };
      }
      const change = { jobId: job.id, status: input.status, timestamp: nextStatusTimestamp(job, nowTimestamp()), message: 'finalized' };
      if (await this.jobs.transition(job, change, results)) {
        forgetJob(this.loaders, job.id);
        return { job: { ...finished, statusChangedAt: change.timestamp }, userErrors: [] };
      }
    }
    throw new Error(`job ${input.jobId}: finalize lost ${MAX_ATTEMPTS} races in a row`);
  }
}

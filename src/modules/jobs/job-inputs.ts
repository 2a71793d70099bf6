import { z } from 'zod';
import { isJobId } from '../../platform/ids';
import { nameRule, storableObject } from '../../platform/validation';
import { JOB_PRIORITIES, JOB_STATUSES } from './job-model';

/** A job id argument: UUID v4 or v5. */
export const jobIdRule = z.string().refine(isJobId, 'must be a UUID (version 4 or 5)');

const tagsRule = storableObject.refine(
  (tags) => Object.values(tags).every((v) => typeof v === 'string'),
  'must be an object of string values',
);

/** createJob's input. */
export const createJobInput = z.object({
  id: jobIdRule.nullish(),
  name: nameRule(200),
  description: z.string().max(2000, 'must be at most 2000 characters').nullish(),
  createdBy: nameRule(200).nullish(),
  priority: z.enum(JOB_PRIORITIES).nullish(),
  status: z.enum(JOB_STATUSES).nullish(),
  config: storableObject.nullish(),
  tags: tagsRule.nullish(),
});
export type CreateJobInput = z.infer<typeof createJobInput>;

/** updateJobStatus's input. */
export const updateJobStatusInput = z.object({ jobId: jobIdRule, status: z.enum(JOB_STATUSES) });

/** deleteJob's input. */
export const deleteJobInput = z.object({ jobId: jobIdRule });

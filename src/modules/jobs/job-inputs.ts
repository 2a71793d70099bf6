import { z } from 'zod';
import { jobIdRule, jobNameRule } from '../../platform/names';
import { storableObject } from '../../platform/validation';
import { JOB_PRIORITIES, JOB_STATUSES } from './job-model';

const tagsRule = storableObject.refine(
  (tags) => Object.values(tags).every((v) => typeof v === 'string'),
  'must be an object of string values',
);

/** createJob's input. */
export const createJobInput = z.object({
  id: jobIdRule.nullish(),
  name: jobNameRule,
  description: z.string().max(2000, 'must be at most 2000 characters').nullish(),
  createdBy: jobNameRule.nullish(),
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

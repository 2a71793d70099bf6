import { z } from 'zod';
import { jobIdRule, jobNameRule } from '../../platform/names';
import { storableObject, uniqueBy } from '../../platform/validation';
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

/** Longest tag key, tag value and notes; most tags one setJobTags call may set and remove together. */
export const MAX_TAG_KEY_LENGTH = 200;
export const MAX_TAG_VALUE_LENGTH = 2000;
export const MAX_TAG_CHANGES = 100;
export const MAX_NOTES_LENGTH = 100_000;

const tagKeyRule = z.string().min(1, 'must not be empty').max(MAX_TAG_KEY_LENGTH, `must be at most ${MAX_TAG_KEY_LENGTH} characters`);

/** setJobTags's input: at most 100 keys set and removed in all, each key once, none both set and removed. */
export const setJobTagsInput = z
  .object({
    jobId: jobIdRule,
    set: z
      .array(
        z.object({
          key: tagKeyRule,
          value: z.string().max(MAX_TAG_VALUE_LENGTH, `must be at most ${MAX_TAG_VALUE_LENGTH} characters`),
        }),
      )
      .max(MAX_TAG_CHANGES, `must hold at most ${MAX_TAG_CHANGES} tags`)
      .superRefine(uniqueBy((t) => t.key, 'tag key'))
      .nullish(),
    remove: z
      .array(tagKeyRule)
      .max(MAX_TAG_CHANGES, `must hold at most ${MAX_TAG_CHANGES} keys`)
      .superRefine(uniqueBy((k) => k, 'tag key'))
      .nullish(),
  })
  .superRefine((input, ctx) => {
    const set = input.set ?? [];
    const remove = input.remove ?? [];
    if (set.length + remove.length === 0)
      ctx.addIssue({ code: 'custom', message: 'nothing to change: give tags to set or keys to remove' });
    else if (set.length + remove.length > MAX_TAG_CHANGES)
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_TAG_CHANGES} tags may be set and removed in one call`, path: ['remove'] });
    const setKeys = new Set(set.map((t) => t.key));
    remove.forEach((key, index) => {
      if (setKeys.has(key)) ctx.addIssue({ code: 'custom', message: `tag key ${key} is both set and removed`, path: ['remove', index] });
    });
  });
export type SetJobTagsInput = z.infer<typeof setJobTagsInput>;

/** updateJob's input: fields left out (or null) stay as they are; empty notes clear them; at least one field. */
export const updateJobInput = z
  .object({
    jobId: jobIdRule,
    name: jobNameRule.nullish(),
    description: z.string().max(2000, 'must be at most 2000 characters').nullish(),
    notes: z.string().max(MAX_NOTES_LENGTH, `must be at most ${MAX_NOTES_LENGTH} characters`).nullish(),
  })
  .refine((input) => input.name != null || input.description != null || input.notes != null, {
    message: 'nothing to change: give a name, a description or notes',
  });
export type UpdateJobInput = z.infer<typeof updateJobInput>;

/** heartbeat's input. */
export const heartbeatInput = z.object({ jobId: jobIdRule });

import { z } from 'zod';
import { userError, type UserError } from '../../platform/errors';
import { clampFirst, pageInMemory, type Page } from '../../platform/pagination/connections';
import { decodeCursor, encodeCursor, sortKeyPosition } from '../../platform/pagination/cursors';
import { jobIdRule, logSourceRule } from '../../platform/names';
import { forgetJob, type Loaders } from '../loaders';
import { markSeen, type JobActivity } from '../jobs/job-activity';
import type { JobRepository } from '../jobs/job-repository';
import { nowTimestamp } from '../../platform/time';
import { storedTimestamp, validateInput } from '../../platform/validation';
import { logEntryOf } from './log-item';
import { LOG_LEVELS, type LogEntry } from './log-model';
import type { LogRepository } from './log-repository';

/** Longest message accepted: well inside DynamoDB's 400 KB item limit. */
export const MAX_LOG_MESSAGE = 100_000;

const appendJobLogInput = z.object({
  jobId: jobIdRule,
  level: z.enum(LOG_LEVELS),
  message: z.string().max(MAX_LOG_MESSAGE, `must be at most ${MAX_LOG_MESSAGE} characters`),
  source: logSourceRule.nullish(),
  timestamp: storedTimestamp.nullish(),
});

/** Rules of job logs: appending, and reading a job's lines. */
export class LogService {
  constructor(
    private readonly logs: LogRepository,
    private readonly loaders: Loaders,
    private readonly activity: JobActivity,
    private readonly jobs: Pick<JobRepository, 'touch'>,
  ) {}

  /**
   * Appends a log line; NOT_FOUND for an unknown job. With the client's `timestamp`, a resend of the same line is a
   * no-op (`replayed`); without it the server's clock stamps the line and every call stores one. A stored line marks the
   * job seen (at most one UpdateItem a minute per job and server: `markSeen`).
   */
  async append(raw: unknown): Promise<{ log: LogEntry | null; replayed: boolean; userErrors: UserError[] }> {
    const checked = validateInput(appendJobLogInput, raw);
    if (!checked.ok) return { log: null, replayed: false, userErrors: checked.errors };
    const { jobId, level, message } = checked.value;
    const source = checked.value.source ?? null;
    const stored = await this.logs.append(
      { jobId, timestamp: checked.value.timestamp ?? nowTimestamp(), level, message, source },
      Boolean(checked.value.timestamp),
    );
    if (!stored) return { log: null, replayed: false, userErrors: [userError('NOT_FOUND', `no job ${jobId}`, ['input', 'jobId'])] };
    forgetJob(this.loaders, jobId);
    const { timestamp, replayed } = stored;
    if (!replayed) await markSeen(this.activity, this.jobs, jobId);
    return { log: logEntryOf({ jobId, timestamp, level, message, source }), replayed, userErrors: [] };
  }

  /** A job's log lines, oldest first, paged in memory over the job's partition read (its read model holds them). */
  async jobLogs(jobId: string, first: number | null | undefined, after: string | null | undefined): Promise<Page<LogEntry>> {
    const size = clampFirst(first, 100);
    const position = decodeCursor(after, 'jobLogs', jobId, sortKeyPosition);
    const { logs } = await this.loaders.partition.load(jobId);
    return pageInMemory(logs, size, position === null ? null : (l) => l.sortKey > position, (l) =>
      encodeCursor('jobLogs', jobId, l.sortKey),
    );
  }
}

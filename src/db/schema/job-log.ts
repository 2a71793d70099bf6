/** The JobLog item (legacy kind): one log line of a job (docs/storage.md, "JobLog"). */
import { jobPartition, ofJobPrefix } from './shared';

export const LOG_TYPE = 'JOB_LOG';
/** Sort-key prefix of a job's log lines. */
export const LOGS_OF_JOB = 'LOG#';
/** GSI1 partition of every log line (written, never read by the server). */
export const ALL_LOGS = 'LOG';

/** The keys the legacy library requires on a JobLog item. */
export const LOG_REQUIRED_KEYS = ['PK', 'SK', 'TYPE', 'log_level', 'message'] as const;

/** Keys of one log line. */
export function logKeys(jobId: string, timestamp: string) {
  return {
    PK: jobPartition(jobId),
    SK: `${LOGS_OF_JOB}${timestamp}`,
    GSI1PK: ALL_LOGS,
    GSI1SK: `${ofJobPrefix(jobId)}${timestamp}`,
  };
}

/** The timestamp of a log line's sort key (`LOG#{ts}`), or null for another sort key. */
export function logTimestampOf(sk: string): string | null {
  return sk.startsWith(LOGS_OF_JOB) ? sk.slice(LOGS_OF_JOB.length) : null;
}

import type { JsonValue } from '../../platform/json-values';

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export type LogLevelValue = (typeof LOG_LEVELS)[number];

/** One log line of a job (`LOG#` item). */
export interface LogEntry {
  jobId: string;
  timestamp: string;
  level: LogLevelValue;
  message: string;
  source: string | null;
  data: JsonValue | null;
  sortKey: string;
}

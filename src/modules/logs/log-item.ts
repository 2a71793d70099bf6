import type { Item } from '../../db/batch';
import { ItemType, jobIdOfPartition, logKeys, logTimestampOf } from '../../db/schema';
import { readString } from '../../db/item-values';
import { LOG_LEVELS, type LogEntry, type LogLevelValue } from './log-model';

/** The message parsed as JSON when it is a JSON object or array; null otherwise. */
export function parseLogData(message: string): LogEntry['data'] {
  const trimmed = message.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return null;
  try {
    return JSON.parse(trimmed) as LogEntry['data'];
  } catch {
    return null;
  }
}

function parseLevel(value: unknown): LogLevelValue {
  const upper = typeof value === 'string' ? value.toUpperCase() : '';
  if (upper === 'WARN') return 'WARNING';
  return (LOG_LEVELS as readonly string[]).includes(upper) ? (upper as LogLevelValue) : 'INFO';
}

/** Parses a `JOB_LOG` item (the timestamp is the sort key's suffix); null for anything else. */
export function parseLogItem(item: Item): LogEntry | null {
  const sk = String(item.SK ?? '');
  const jobId = jobIdOfPartition(String(item.PK ?? ''));
  const timestamp = logTimestampOf(sk);
  if (item.TYPE !== ItemType.log || !jobId || timestamp === null) return null;
  const message = readString(item.message) ?? '';
  return {
    jobId,
    timestamp,
    level: parseLevel(item.log_level),
    message,
    source: readString(item.source),
    data: parseLogData(message),
    sortKey: sk,
  };
}

/** A log line to store. */
export type NewLog = { jobId: string; timestamp: string; level: LogLevelValue; message: string; source: string | null };

/** The entry of a line stored at its timestamp, as a read would give it back. */
export function logEntryOf(log: NewLog): LogEntry {
  return { ...log, data: parseLogData(log.message), sortKey: logKeys(log.jobId, log.timestamp).SK };
}

/** The stored item of a log line, with the legacy writer's attribute names. */
export function logToItem(log: NewLog): Item {
  return {
    ...logKeys(log.jobId, log.timestamp),
    TYPE: ItemType.log,
    log_level: log.level,
    message: log.message,
    ...(log.source ? { source: log.source } : {}),
  };
}

import type { Item } from '../../db/batch';
import { ItemType, jobIdOfPartition, logKeys, LOGS_OF_JOB } from '../../db/schema/keys';
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
  if (item.TYPE !== ItemType.log || !jobId || !sk.startsWith(LOGS_OF_JOB)) return null;
  const message = readString(item.message) ?? '';
  return {
    jobId,
    timestamp: sk.slice(LOGS_OF_JOB.length),
    level: parseLevel(item.log_level),
    message,
    source: readString(item.source),
    data: parseLogData(message),
    sortKey: sk,
  };
}

/** The stored item of a log line, with the legacy writer's attribute names. */
export function logToItem(log: { jobId: string; timestamp: string; level: LogLevelValue; message: string; source: string | null }): Item {
  return {
    ...logKeys(log.jobId, log.timestamp),
    TYPE: ItemType.log,
    log_level: log.level,
    message: log.message,
    ...(log.source ? { source: log.source } : {}),
  };
}

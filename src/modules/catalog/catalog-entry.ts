import type { JsonValue } from '../../platform/json-values';
import { parseTimestampMicros } from '../../platform/time';
import { isTerminal, lastSeenOf, type JobModel, type JobStatusValue } from '../jobs/job-model';
import type { SummaryState } from './metric-summary';
import type { ConfigScalar, ConfigStore, ConfigValue, PackedConfig } from './config-store';

export type { ConfigScalar, ConfigValue } from './config-store';

/** What the catalog knows of a job from its `JOB` item; plain JSON, so it crosses Redis from the stream worker. */
export interface JobFacts {
  id: string;
  name: string;
  status: JobStatusValue;
  createdAt: string;
  createdBy: string;
  /** When the job reached its final status (`status_changed_at`); null while it runs or when the writer kept none. */
  finishedAt: string | null;
  tags: Record<string, string>;
  /** The config's scalars (and lists of scalars) by dotted path: `optimizer.lr`. */
  config: Record<string, ConfigValue>;
  /** The job item's own last-seen time (lastSeenOf). */
  seenAt: string;
}

/** One job in the catalog: its facts (config packed), each metric's summary, and the last write seen for it. */
export interface CatalogEntry extends Omit<JobFacts, 'config' | 'seenAt'> {
  config: PackedConfig;
  nameLower: string;
  summaries: Map<string, SummaryState>;
  /** Creation time in ms since the epoch. */
  createdMs: number;
  /** The latest of `seenAt` and the times of the job's rows, logs and points seen, and the same in ms. */
  lastSeenAt: string;
  lastSeenMs: number;
  /** Whether the job was stale when the catalog last looked (jobUpdated announces a change). */
  staleAnnounced: boolean;
}

/** The most config paths kept per job, and the deepest path: configs are small in practice; past these, paths are left out. */
const MAX_CONFIG_PATHS = 2000;
const MAX_CONFIG_DEPTH = 16;

function isScalar(v: unknown): v is ConfigScalar {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** A config's scalars by dotted path (objects walked, lists of scalars kept whole, lists of objects left out). */
export function flattenConfig(config: Record<string, JsonValue> | null | undefined): Record<string, ConfigValue> {
  const out: Record<string, ConfigValue> = {};
  let count = 0;
  const walk = (value: unknown, path: string, depth: number) => {
    if (count >= MAX_CONFIG_PATHS) return;
    if (isScalar(value)) {
      out[path] = value;
      count++;
    } else if (Array.isArray(value)) {
      if (value.every(isScalar)) {
        out[path] = value as ConfigScalar[];
        count++;
      }
    } else if (value && typeof value === 'object' && depth < MAX_CONFIG_DEPTH) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k, depth + 1);
    }
  };
  walk(config ?? {}, '', 0);
  return out;
}

/** Tags as strings (the legacy writer stores a map of strings; anything else is shown as JSON). */
function stringTags(tags: Record<string, JsonValue> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags ?? {})) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

/** The catalog's facts of a job read from its item. */
export function factsOf(job: JobModel): JobFacts {
  return {
    id: job.id,
    name: job.name,
    status: job.status,
    createdAt: job.createdAt,
    createdBy: job.createdBy,
    finishedAt: isTerminal(job.status) ? (job.statusChangedAt ?? null) : null,
    tags: stringTags(job.tags),
    config: flattenConfig(job.config),
    seenAt: lastSeenOf(job),
  };
}

/** A new entry for a job the catalog had not seen, or `previous` with the job item's new facts; `store` packs its config. */
export function entryOf(facts: JobFacts, store: ConfigStore, previous?: CatalogEntry): CatalogEntry {
  const seenMs = timeMs(facts.seenAt);
  const keepSeen = previous !== undefined && previous.lastSeenMs > seenMs;
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(facts.tags)) tags[k] = store.intern(v);
  return {
    id: facts.id,
    name: facts.name,
    status: facts.status,
    createdAt: facts.createdAt,
    createdBy: store.intern(facts.createdBy),
    finishedAt: facts.finishedAt,
    tags,
    config: store.pack(facts.config),
    nameLower: facts.name.toLowerCase(),
    summaries: previous?.summaries ?? new Map(),
    createdMs: timeMs(facts.createdAt),
    lastSeenAt: keepSeen ? previous.lastSeenAt : facts.seenAt,
    lastSeenMs: keepSeen ? previous.lastSeenMs : seenMs,
    staleAnnounced: previous?.staleAnnounced ?? false,
  };
}

/** A stored timestamp (offset or naive UTC) in ms since the epoch; 0 when it cannot be read. */
export function timeMs(ts: string): number {
  const micros = parseTimestampMicros(ts);
  return micros === null ? 0 : Number(micros / 1000n);
}

/** Moves an entry's last-seen time on to `ts` when that is later (never past `nowMs`: a client's clock may run ahead). */
export function noteSeen(entry: CatalogEntry, ts: string, nowMs: number): void {
  const ms = Math.min(timeMs(ts), nowMs);
  if (ms > entry.lastSeenMs) {
    entry.lastSeenMs = ms;
    entry.lastSeenAt = ms === timeMs(ts) ? ts : new Date(ms).toISOString();
  }
}

/** Whether a job is stale at `nowMs`: RUNNING and not seen for longer than `staleAfterMs`. */
export function isStale(entry: Pick<CatalogEntry, 'status' | 'lastSeenMs'>, nowMs: number, staleAfterMs: number): boolean {
  return entry.status === 'RUNNING' && nowMs - entry.lastSeenMs > staleAfterMs;
}

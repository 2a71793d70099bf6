/**
 * The key schema of the table (docs/storage.md): one file per item kind with its key templates, the indexes it is
 * read through, its TYPE and, for the legacy kinds, the keys the legacy library requires. Only this folder spells a
 * key, a prefix, an index name or a TYPE; everything else takes them from here.
 */
import { API_KEY_TYPE } from './api-key';
import { JOB_REQUIRED_KEYS, JOB_TYPE } from './job';
import { LOG_REQUIRED_KEYS, LOG_TYPE } from './job-log';
import { METRIC_REQUIRED_KEYS, METRIC_TYPE } from './job-metric';
import { STATUS_REQUIRED_KEYS, STATUS_TYPE } from './job-status';
import { LEADERBOARD_TYPE } from './leaderboard';
import { STEP_BLOCK_TYPE, STEP_POINT_TYPE, STEP_SERIES_TYPE } from './step-series';
import { WRITE_MARKER_TYPE } from './write-marker';

export * from './shared';
export * from './job';
export * from './job-metric';
export * from './job-log';
export * from './job-status';
export * from './write-marker';
export * from './step-series';
export * from './leaderboard';
export * from './job-card';
export * from './api-key';

/**
 * The TYPE of every item kind the server reads or writes, but the job card (job-card.ts), which has none: it is known
 * by its sort key, so it stays out of GSITYPE.
 */
export const ItemType = {
  job: JOB_TYPE,
  metric: METRIC_TYPE,
  log: LOG_TYPE,
  status: STATUS_TYPE,
  /** The server's own marker of a written epoch or dataset-metrics call. */
  writeMarker: WRITE_MARKER_TYPE,
  /** Descriptor of a step-level series (block size, step range), in the job partition. */
  stepSeries: STEP_SERIES_TYPE,
  /** One step-level point, in its series partition. */
  stepPoint: STEP_POINT_TYPE,
  /** Min/max/first/last of one block of steps of a series. */
  stepBlock: STEP_BLOCK_TYPE,
  /** A job's best value of a ranked metric, indexed in GSI3 for leaderboards. */
  leaderboard: LEADERBOARD_TYPE,
  /** An API key (its hash, name and role). */
  apiKey: API_KEY_TYPE,
} as const;

/** The keys the legacy library requires, by the TYPE of each legacy kind. */
export const LEGACY_REQUIRED_KEYS: Readonly<Record<string, readonly string[]>> = {
  [JOB_TYPE]: JOB_REQUIRED_KEYS,
  [METRIC_TYPE]: METRIC_REQUIRED_KEYS,
  [LOG_TYPE]: LOG_REQUIRED_KEYS,
  [STATUS_TYPE]: STATUS_REQUIRED_KEYS,
};

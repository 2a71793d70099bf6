/**
 * Step-level series (server kinds, docs/storage.md): a head (descriptor) per series in the job partition, and the
 * series' packed parts and summary pages in a partition of its own (per-point items and block summaries in series
 * written before packing, until `npm run migrate` folds them into parts).
 */
import { Index, jobPartition, type TableKey } from './shared';

/** Descriptor of a step-level series (block size, step range), in the job partition. */
export const STEP_SERIES_TYPE = 'JOB_STEP_SERIES';
/** One step-level point, in its series partition. */
export const STEP_POINT_TYPE = 'JOB_STEP_METRIC';
/** Min/max/first/last of one block of steps of a series. */
export const STEP_BLOCK_TYPE = 'JOB_STEP_BLOCK';

/** Sort-key prefix of the descriptors of a job's step-level series (one per metric name, in the job partition). */
export const STEP_SERIES_OF_JOB = 'SERIES#';
/** Partition-key prefix of a step-level series. Not `JOB#...`: a step partition is never taken for a job's. */
export const STEP_SERIES_PREFIX = 'JOB_SERIES#';
/** Sort-key prefix of the points of a step-level series. */
export const STEP_POINTS = 'STEP#';
/** Sort-key prefix of the block summaries of a step-level series. */
export const STEP_BLOCKS = 'BLOCK#';
/** Sort-key prefix of the packed parts of a step-level series: `PACK#{first step:12}`, each a run of steps. */
export const STEP_PARTS = 'PACK#';
/** Sort-key prefix of the summary pages of a step-level series: `SUMMARY#{first part's first step:12}`. */
export const STEP_PAGES = 'SUMMARY#';

/** A step as it sorts in keys: 12 digits, zero-padded. */
function stepKey(step: number): string {
  return String(step).padStart(12, '0');
}

/** Every descriptor of every job: GSITYPE `TYPE = JOB_STEP_SERIES`. */
export const STEP_SERIES_BY_TYPE_INDEX = Index.byType;

/** Sort key of the descriptor of a job's series `name`. */
export function stepSeriesSortKey(name: string): string {
  return `${STEP_SERIES_OF_JOB}${name}`;
}

/** The metric name of a descriptor's sort key (`SERIES#{name}`), or null for another sort key. */
export function seriesNameOfSortKey(sk: string): string | null {
  return sk.startsWith(STEP_SERIES_OF_JOB) ? sk.slice(STEP_SERIES_OF_JOB.length) : null;
}

/** Key of the descriptor of one step-level series of a job. */
export function stepSeriesDescriptorKey(jobId: string, name: string): TableKey {
  return { PK: jobPartition(jobId), SK: stepSeriesSortKey(name) };
}

/**
 * Partition of one step-level series: its own partition, so 100,000 step points never weigh on a job's other
 * reads, and many trainers logging at once spread over many partitions.
 */
export function stepSeriesPartition(jobId: string, name: string): string {
  return `${STEP_SERIES_PREFIX}${jobId}#${name}`;
}

/** The job and metric of a step-level series' partition key, or null for another partition. */
export function seriesOfPartition(pk: string): { jobId: string; name: string } | null {
  if (!pk.startsWith(STEP_SERIES_PREFIX)) return null;
  const rest = pk.slice(STEP_SERIES_PREFIX.length);
  const cut = rest.indexOf('#');
  return cut > 0 ? { jobId: rest.slice(0, cut), name: rest.slice(cut + 1) } : null;
}

/** Key of one step point: the step, zero-padded so points sort by step. */
export function stepPointKey(jobId: string, name: string, step: number): TableKey {
  return { PK: stepSeriesPartition(jobId, name), SK: `${STEP_POINTS}${stepKey(step)}` };
}

/** Sort key of the packed part (prefix STEP_PARTS) or summary page (STEP_PAGES) that starts at `step`. */
export function stepRunSortKey(prefix: typeof STEP_PARTS | typeof STEP_PAGES, step: number): string {
  return `${prefix}${stepKey(step)}`;
}

/** The first step of a part's or page's sort key, or null when `sk` does not start with `prefix`. */
export function firstStepOfSortKey(prefix: typeof STEP_PARTS | typeof STEP_PAGES, sk: string): number | null {
  if (!sk.startsWith(prefix)) return null;
  const step = Number(sk.slice(prefix.length));
  return Number.isSafeInteger(step) ? step : null;
}

/** Key of a packed part or a summary page of a series, by its first step. */
export function stepRunKey(prefix: typeof STEP_PARTS | typeof STEP_PAGES, jobId: string, name: string, step: number): TableKey {
  return { PK: stepSeriesPartition(jobId, name), SK: stepRunSortKey(prefix, step) };
}

/** Key of the summary of one block of steps. */
export function stepBlockKey(jobId: string, name: string, block: number): TableKey {
  return { PK: stepSeriesPartition(jobId, name), SK: `${STEP_BLOCKS}${stepKey(block)}` };
}

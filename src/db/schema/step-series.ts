/**
 * Step-level series (server kinds, docs/storage.md): a descriptor per series in the job partition, and the series'
 * points and block summaries in a partition of its own.
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

/** Key of one step point: the step, zero-padded so points sort by step. */
export function stepPointKey(jobId: string, name: string, step: number): TableKey {
  return { PK: stepSeriesPartition(jobId, name), SK: `${STEP_POINTS}${String(step).padStart(12, '0')}` };
}

/** Key of the summary of one block of steps. */
export function stepBlockKey(jobId: string, name: string, block: number): TableKey {
  return { PK: stepSeriesPartition(jobId, name), SK: `${STEP_BLOCKS}${String(block).padStart(12, '0')}` };
}

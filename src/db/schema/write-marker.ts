/** The server's write marker of an epoch or of the dataset metrics, in the job partition (docs/storage.md). */
import { jobPartition, type TableKey } from './shared';

export const WRITE_MARKER_TYPE = 'JOB_WRITE_MARKER';
/** Sort-key prefix of the server's write markers. */
export const WRITE_MARKERS_OF_JOB = 'WRITE#';
const EPOCH_MARKER_PREFIX = 'EPOCH#';
const DATASET_MARKER = 'DATASET';

/** Key of the marker of one epoch (zero-padded so markers sort by epoch) or of the dataset metrics (epoch null). */
export function writeMarkerKey(jobId: string, epoch: number | null): TableKey {
  const which = epoch === null ? DATASET_MARKER : `${EPOCH_MARKER_PREFIX}${String(epoch).padStart(10, '0')}`;
  return { PK: jobPartition(jobId), SK: `${WRITE_MARKERS_OF_JOB}${which}` };
}

/** Whether a sort key is a write marker's. */
export function isWriteMarkerSortKey(sk: string): boolean {
  return sk.startsWith(WRITE_MARKERS_OF_JOB);
}

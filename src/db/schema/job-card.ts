/**
 * A job's card (server kind, docs/storage.md): what an overview shows of a job (each standard metric's best and last,
 * the val_f1 and eval_loss rows packed), one small item in the job partition. It has no `TYPE`, so it stays out of
 * GSITYPE (nothing reads cards by kind); `card_version` names the format of its attributes.
 */
import { jobIdOfPartition, jobPartition, type TableKey } from './shared';

/** The sort key of a job's card: no legacy `begins_with` (METRIC#, LOG#, STATUS#) matches it. */
export const JOB_CARD_SORT_KEY = 'CARD';

/** The format of a card's attributes; a card of another format reads as no card (and is rebuilt). */
export const JOB_CARD_FORMAT = 1;

/** Key of a job's card. */
export function jobCardKey(jobId: string): TableKey {
  return { PK: jobPartition(jobId), SK: JOB_CARD_SORT_KEY };
}

/** The job id of a card item by its keys; null for any other item. */
export function jobIdOfCard(item: Record<string, unknown>): string | null {
  return item.SK === JOB_CARD_SORT_KEY && typeof item.PK === 'string' ? jobIdOfPartition(item.PK) : null;
}

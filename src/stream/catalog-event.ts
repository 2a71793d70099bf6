import type { LiveEvent } from '../live/live-events';
import { catalogChanges } from '../modules/catalog/catalog-changes';
import type { ItemChange } from './table-stream-reader';

/** The job catalogs' event of a batch of changes (every change, announced or read through); none when it holds nothing for them. */
export function catalogEvent(batch: readonly ItemChange[]): LiveEvent | null {
  const changes = catalogChanges(batch);
  if (changes.length === 0) return null;
  return { kind: 'catalog', id: `catalog:${batch[0].shardId}:${batch[0].sequenceNumber}`, changes };
}

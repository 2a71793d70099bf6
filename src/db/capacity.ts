import { itemSize } from '../platform/item-size';

/**
 * Capacity units by DynamoDB's published rules, from the items themselves (DynamoDB Local's ConsumedCapacity
 * under-reports transactions). Writes: each item's size rounded up to 1 KB, once for the table and once more for each
 * index it is copied into (its GSI1..GSI4 key, its `TYPE` for GSITYPE: every index projects ALL), twice in a
 * transaction. Reads: a Query's items summed and rounded up to 4 KB, half for an eventually consistent read.
 */

const INDEX_KEYS = ['GSI1PK', 'GSI2PK', 'GSI3PK', 'GSI4PK', 'TYPE'] as const;

/** How many indexes an item is copied into. */
export function indexCopies(item: Record<string, unknown>): number {
  return INDEX_KEYS.filter((k) => item[k] !== undefined).length;
}

/** Write units of putting `items`. */
export function writeUnits(items: readonly Record<string, unknown>[], opts: { transactional: boolean }): number {
  const factor = opts.transactional ? 2 : 1;
  return items.reduce((n, item) => n + factor * Math.ceil(itemSize(item) / 1024) * (1 + indexCopies(item)), 0);
}

/** Read units of one Query (or Scan) page that returned `items`. */
export function queryReadUnits(items: readonly Record<string, unknown>[], opts: { consistent: boolean }): number {
  const bytes = items.reduce((n, item) => n + itemSize(item), 0);
  const units = Math.max(1, Math.ceil(bytes / 4096));
  return opts.consistent ? units : units / 2;
}

import type { Item } from './batch';

/**
 * A Put of `item` at `version + 1`, allowed only if the stored item is still at `version` (0: not stored yet):
 * optimistic concurrency for summaries that several writers update.
 */
export function versionedPut(tableName: string, item: Item, version: number) {
  return {
    TableName: tableName,
    Item: { ...item, version: version + 1 },
    ConditionExpression: version === 0 ? 'attribute_not_exists(PK)' : 'version = :v',
    ...(version === 0 ? {} : { ExpressionAttributeValues: { ':v': version } }),
  };
}

/** An API key item (server kind, docs/storage.md): its hash, name and role, all keys in one partition. */
import type { TableKey } from './shared';

export const API_KEY_TYPE = 'API_KEY';
/** Partition of every API key: all instances load the whole set with one Query. */
export const API_KEYS_PARTITION = 'APIKEYS';
/** Sort-key prefix of an API key item. */
export const API_KEY_PREFIX = 'KEY#';

/** Key of one API key item, by its public id. */
export function apiKeyItemKey(keyId: string): TableKey {
  return { PK: API_KEYS_PARTITION, SK: `${API_KEY_PREFIX}${keyId}` };
}

import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll, type Item } from '../../db/batch';
import type { DynamoGateway } from '../../db/gateway';
import { apiKeyItemKey, API_KEYS_PARTITION, ItemType } from '../../db/schema';
import { readString } from '../../db/item-values';
import { ROLES, type ApiKeyRecord, type Role } from './api-key';

function parseKey(item: Item): ApiKeyRecord | null {
  const role = readString(item.role) as Role | null;
  const keyId = readString(item.key_id);
  const name = readString(item.name);
  const hash = readString(item.key_hash);
  if (item.TYPE !== ItemType.apiKey || !keyId || !name || !hash || !role || !ROLES.includes(role)) return null;
  return { keyId, name, role, hash, createdAt: readString(item.created_at) ?? '', revokedAt: readString(item.revoked_at) };
}

/** Owns API key items: one partition, so every server instance loads all keys with one Query. */
export class ApiKeyRepository {
  constructor(private readonly gw: DynamoGateway) {}

  /** Every key, revoked ones included. */
  async all(): Promise<ApiKeyRecord[]> {
    const items = await queryAll(this.gw, {
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': API_KEYS_PARTITION },
      ConsistentRead: true,
    });
    return items.map(parseKey).filter((k): k is ApiKeyRecord => k !== null);
  }

  /** Stores a new key (its hash only). */
  async create(record: ApiKeyRecord): Promise<void> {
    await this.gw.send(
      new PutCommand({
        TableName: this.gw.tableName,
        Item: {
          ...apiKeyItemKey(record.keyId),
          TYPE: ItemType.apiKey,
          key_id: record.keyId,
          name: record.name,
          role: record.role,
          key_hash: record.hash,
          created_at: record.createdAt,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  /** Marks a key revoked (kept, so its name still explains past writes). */
  async revoke(keyId: string, at: string): Promise<void> {
    await this.gw.send(
      new UpdateCommand({
        TableName: this.gw.tableName,
        Key: apiKeyItemKey(keyId),
        UpdateExpression: 'SET revoked_at = :at',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }
}

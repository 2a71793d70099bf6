import { newApiKey, type Role } from '../src/modules/auth/api-key';
import { ApiKeyRepository } from '../src/modules/auth/api-key-repository';
import type { DynamoGateway } from '../src/db/gateway';
import { nowTimestamp } from '../src/platform/time';

/** Names of the bench's keys: the server stamps the writer's name as `written_by` on every item it writes. */
export const DASHBOARD_KEY = 'bench-dashboard';
export const TRAINER_KEY = 'bench-trainer';

/**
 * API keys for the bench's clients, stored as `npm run apikey -- create` stores them: dashboards read with a reader
 * key and trainers write with a writer key, so every request pays the server's real key check.
 */
export async function createApiKey(gw: DynamoGateway, role: Role, name: string): Promise<string> {
  const { key, keyId, hash } = newApiKey();
  await new ApiKeyRepository(gw).create({ keyId, name, role, hash, createdAt: nowTimestamp(), revokedAt: null });
  return key;
}

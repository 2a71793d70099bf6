import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../src/dev/embedded-dynamodb';

/** Shared across Jest's setup and teardown, which run in the same parent process. */
export interface EmbeddedDynamoGlobal {
  __embeddedDynamo?: EmbeddedDynamo;
}

/**
 * Integration tests run the compiled server (`npm start`, the scripts, the Python client's server): under a bare
 * `npx jest` they would run whatever dist/ was built last. The same step as before `npm start` builds it when its
 * sources changed (a no-op otherwise).
 */
function buildIfChanged(): void {
  const root = resolve(__dirname, '../..');
  const result = spawnSync(process.execPath, ['scripts/build-if-changed.mjs'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`building dist/ failed (exit ${result.status}): the integration tests would run a stale server`);
}

/** Builds dist/ if stale; starts one in-memory DynamoDB Local for all integration tests, unless an endpoint is already given. */
export default async function globalSetup(): Promise<void> {
  buildIfChanged();
  if (process.env.DYNAMODB_ENDPOINT) return;
  const ddb = await startEmbeddedDynamo();
  // Workers inherit the parent's env, so this is how tests find the database.
  process.env.DYNAMODB_ENDPOINT = ddb.endpoint;
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  (globalThis as EmbeddedDynamoGlobal).__embeddedDynamo = ddb;
}

import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../src/db/embedded-dynamodb';

/** Shared across Jest's setup and teardown, which run in the same parent process. */
export interface EmbeddedDynamoGlobal {
  __embeddedDynamo?: EmbeddedDynamo;
}

/** Starts one in-memory DynamoDB Local for all integration tests, unless an endpoint is already given. */
export default async function globalSetup(): Promise<void> {
  if (process.env.DYNAMODB_ENDPOINT) return;
  const ddb = await startEmbeddedDynamo();
  // Workers inherit the parent's env, so this is how tests find the database.
  process.env.DYNAMODB_ENDPOINT = ddb.endpoint;
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  (globalThis as EmbeddedDynamoGlobal).__embeddedDynamo = ddb;
}

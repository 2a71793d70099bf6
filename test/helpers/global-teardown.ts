import type { EmbeddedDynamoGlobal } from './global-setup';

/** Stops the DynamoDB Local started by globalSetup, if it started one. */
export default async function globalTeardown(): Promise<void> {
  const g = globalThis as EmbeddedDynamoGlobal;
  const ddb = g.__embeddedDynamo;
  g.__embeddedDynamo = undefined;
  await ddb?.stop();
}

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/**
 * The raw side's document client: the server's settings (src/db/client.ts: 3 attempts, the SDK's 50 keep-alive
 * sockets, every N as a JS number) except the connection timeout, which there is capped at 1 s and, in the SDK,
 * also runs while a call waits for a free socket. The baseline must not fail where only that wait is long.
 */
export function createRawClient(endpoint: string, timeoutMs: number): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
    requestHandler: new NodeHttpHandler({ connectionTimeout: timeoutMs, requestTimeout: timeoutMs }),
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false, allowImpreciseNumbers: true },
    unmarshallOptions: { wrapNumbers: (value: string) => Number(value) },
  });
}

import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { EmbeddedDynamo } from '../src/dev/embedded-dynamodb';
import type { TcpProxy } from './tcp-proxy';

/**
 * kill -9 of a DynamoDB Local, right after one read of its own. DynamoDB Local makes the last TransactWriteItems it
 * acknowledged durable only when another request follows (a probe: 20 transactions then kill -9, 8 rounds: the last
 * one lost 7 times; with a GetItem in between, 0 of 160 lost). DynamoDB itself is durable when it answers; the read
 * stands in for that, so the fault tests and the soak run judge the server, not DynamoDB Local's deferred commit.
 * The server reaches DynamoDB Local through `proxy`, which first swallows every byte (its mode stays `blackhole`; the
 * caller passes traffic again after the restart): no write is acknowledged after the read, so none the server
 * acknowledged can sit in DynamoDB Local's deferred commit at the kill (a CI run once lost one in that window).
 */
export async function killDynamo(dynamo: EmbeddedDynamo, tableName: string, proxy: TcpProxy): Promise<void> {
  proxy.setMode('blackhole');
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: dynamo.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await client.send(
      new GetItemCommand({ TableName: tableName, Key: { PK: { S: 'KILL#PROBE' }, SK: { S: 'KILL#PROBE' } }, ConsistentRead: true }),
    );
  } finally {
    process.kill(dynamo.pid, 'SIGKILL');
    client.destroy();
  }
  await dynamo.stop();
}

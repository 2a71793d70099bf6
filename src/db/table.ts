import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  waitUntilTableExists,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { Index, KEYED_INDEXES } from './schema';

const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK', 'GSI4PK', 'GSI4SK', 'TYPE'];

/** The exact table definition of docs/storage.md (streams, PITR and TTL are production extras set outside CreateTable). */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  const gsi = (name: string) => ({
    IndexName: name,
    KeySchema: [
      { AttributeName: `${name}PK`, KeyType: 'HASH' as const },
      { AttributeName: `${name}SK`, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: KEY_ATTRIBUTES.map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      ...KEYED_INDEXES.map(gsi),
      { IndexName: Index.byType, KeySchema: [{ AttributeName: 'TYPE', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
    ],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  };
}

/**
 * Per-attempt time-out of the DescribeTable calls made at start-up, whatever DYNAMODB_TIMEOUT_MS says. DynamoDB Local
 * counts the table's items for every DescribeTable (its ItemCount): with 106,000 items (100,000 step points) it took
 * 6 to 7.5 s a call on a loaded 2-core machine, so with the default 2 s a server restarted after logging them failed
 * to start ("failed to start: TimeoutError") and its stream consumer could not find the stream.
 */
export const DESCRIBE_TABLE_TIMEOUT_MS = 30_000;

/** DescribeTable with at least DESCRIBE_TABLE_TIMEOUT_MS per attempt (see there). */
export function describeTable(client: DynamoDBClient, tableName: string) {
  return client.send(new DescribeTableCommand({ TableName: tableName }), { requestTimeout: DESCRIBE_TABLE_TIMEOUT_MS });
}

/** Whether the table exists (DescribeTable). */
export async function tableExists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await describeTable(client, tableName);
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

/** Creates the table unless it exists; returns true when it created it. Waits until it is ACTIVE. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  if (await tableExists(client, tableName)) return false;
  try {
    await client.send(new CreateTableCommand(tableDefinition(tableName)));
  } catch (error) {
    // Another process created it between our check and our create: same outcome.
    if ((error as { name?: string }).name !== 'ResourceInUseException') throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: 300, minDelay: 1 }, { TableName: tableName });
  return true;
}

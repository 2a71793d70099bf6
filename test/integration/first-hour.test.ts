import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDocumentClient } from '../../src/db/client';
import { readHolder } from '../../src/dev/data-dir-lock';
import { startEmbeddedDynamo } from '../../src/dev/embedded-dynamodb';
import { startRedis } from '../helpers/redis-server';
import { embeddedEnv, npmStart, ROOT, runNpm, type NpmStart } from '../helpers/npm-scripts';
import { startProcess } from '../helpers/child-process';

/*
 * The README's first hour, as a newcomer walks it: `npm start` in one terminal and, beside it, the scripts in another
 * (seed:demo, apikey, reindex, db:create-table, the stream worker), a second `npm start` on the same directory, a
 * kill -9 of the server and a fresh start. One DynamoDB Local per data directory: nothing lost, no database error.
 */

const DEMO = {
  'layoutlm-receipts-v19': 10,
  'layoutlm-receipts-v20': 10,
  'layoutlm-receipts-v21': 10,
  'layoutlm-receipts-v22-lr1e-4': 10,
  'layoutlm-receipts-v23': 10,
  'layoutlm-receipts-v24-long': 10,
};
/** What DynamoDB Local prints when two of them share files, and what the server answered then. */
const DATABASE_TROUBLE =
  /SQLiteException|UNIQUE constraint|database is locked|SQLiteBusy|Internal server error|INTERNAL_SERVER_ERROR|exited unexpectedly/;

/** The server runs with API keys on; this bootstrap admin key reads what the tests check. */
const ADMIN_KEY = 'first-hour-admin-key-0123456789abcdefghij';

async function gql(server: NpmStart, query: string, variables?: Record<string, unknown>, key = ADMIN_KEY) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] };
}

/**
 * Every demo job by name with its recorded epochs, read through the server once it lists them all: the listing comes
 * from the server's job catalog, which hears of what the seed wrote through the table's stream, a moment later.
 */
async function demoEpochs(server: NpmStart): Promise<Record<string, number[]>> {
  for (const end = Date.now() + 30_000; ; await new Promise((r) => setTimeout(r, 100))) {
    const res = await gql(server, '{ jobs(first: 100) { edges { node { name epochs { epoch } } } } }');
    const out: Record<string, number[]> = {};
    for (const { node } of res.data?.jobs.edges ?? [])
      if (node.name in DEMO) out[node.name] = node.epochs.map((e: { epoch: number }) => e.epoch);
    if (Object.keys(out).length === Object.keys(DEMO).length || Date.now() > end) return out;
  }
}

/** How many job cards the table holds (reached through the endpoint the lock file publishes). */
async function cardCount(dataDir: string): Promise<number> {
  const endpoint = readHolder(dataDir)?.endpoint as string;
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    let count = 0;
    let start: Record<string, any> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: 'training-metrics',
          FilterExpression: 'SK = :card',
          ExpressionAttributeValues: { ':card': { S: 'CARD' } },
          Select: 'COUNT',
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return count;
  } finally {
    client.destroy();
  }
}

/** Every item of the table, as DynamoDB Local holds it (reached through the endpoint the lock file publishes). */
async function tableItems(dataDir: string): Promise<string[]> {
  const endpoint = readHolder(dataDir)?.endpoint as string;
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const items: string[] = [];
    let start: Record<string, any> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: 'training-metrics', ExclusiveStartKey: start, ConsistentRead: true }));
      for (const item of page.Items ?? []) items.push(JSON.stringify(item, Object.keys(item).sort()));
      start = page.LastEvaluatedKey;
    } while (start);
    return items.sort();
  } finally {
    client.destroy();
  }
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('the first hour: npm start, and the scripts beside it on the same data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'first-hour-'));
  let server: NpmStart;
  const apiKeyCacheMs = '300';

  beforeAll(async () => {
    server = await npmStart(dataDir, { AUTH: 'on', API_KEY_CACHE_MS: apiKeyCacheMs, ADMIN_API_KEY: ADMIN_KEY });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('seed:demo beside the server uses its DynamoDB Local: every demo epoch is there, and the server stays healthy', async () => {
    const seed = await runNpm(['run', 'seed:demo'], embeddedEnv(dataDir));
    expect(seed.stderr).not.toMatch(DATABASE_TROUBLE);
    // On a failure the run's own words say why.
    expect({ code: seed.code, stdout: seed.stdout.slice(-3000), stderr: seed.stderr.slice(-3000) }).toMatchObject({ code: 0 });
    expect(seed.stdout).toMatch(/using the DynamoDB Local of `npm start`, pid \d+ \(serving http:\/\/127\.0\.0\.1:\d+\/graphql\)/);
    expect(seed.stdout).not.toMatch(/starting DynamoDB Local/);
    expect(seed.stdout).toContain(`the running server serves them now: ${server.url}`);

    const epochs = await demoEpochs(server);
    expect(Object.keys(epochs).sort()).toEqual(Object.keys(DEMO).sort());
    for (const [name, count] of Object.entries(DEMO)) expect([name, [...epochs[name]].sort((a, b) => a - b)]).toEqual([name, range(count)]);
    // Every demo job has its card: the five recorded through the API with their epochs, the legacy-shaped one from the
    // server's stream consumer, a moment after the seed put its rows (later tests compare the table's items).
    const cards = () => cardCount(dataDir);
    for (const end = Date.now() + 30_000; (await cards()) < Object.keys(DEMO).length && Date.now() < end;)
      await new Promise((r) => setTimeout(r, 200));
    expect(await cards()).toBe(Object.keys(DEMO).length);
    // The server goes on writing after the seed.
    const created = await gql(server, 'mutation { createJob(input: { name: "after-the-seed" }) { job { name } userErrors { message } } }');
    expect(created.data?.createJob).toEqual({ job: { name: 'after-the-seed' }, userErrors: [] });
    expect((await fetch(server.url.replace('/graphql', '/readyz'))).status).toBe(200);
    expect(server.output()).not.toMatch(DATABASE_TROUBLE);
  }, 180_000);

  test('seed:demo run again is a no-op: it says so and the table holds exactly the same items', async () => {
    const before = await tableItems(dataDir);
    const again = await runNpm(['run', 'seed:demo'], embeddedEnv(dataDir));
    expect({ code: again.code, stdout: again.stdout.slice(-3000), stderr: again.stderr.slice(-3000) }).toMatchObject({ code: 0 });
    expect(again.stdout).toMatch(/nothing to do: the demo is complete \(\d+ writes were already there\)/);
    expect(await tableItems(dataDir)).toEqual(before);
  }, 180_000);

  test('apikey create, use and revoke beside the server: the key works against it, then is refused; no database error', async () => {
    const created = await runNpm(
      ['run', '--silent', 'apikey', '--', 'create', '--role', 'writer', '--name', 'trainer-1'],
      embeddedEnv(dataDir),
    );
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^tm_[0-9a-f]{12}_[\w-]{43}$/); // stdout holds the key alone
    expect(created.stderr).toMatch(/using the DynamoDB Local of `npm start`/);
    await new Promise((r) => setTimeout(r, Number(apiKeyCacheMs) + 200));
    const job = await gql(
      server,
      'mutation { createJob(input: { name: "with-a-key" }) { job { name } userErrors { message } } }',
      undefined,
      key,
    );
    expect(job.data?.createJob).toEqual({ job: { name: 'with-a-key' }, userErrors: [] });

    const listed = await runNpm(['run', '--silent', 'apikey', '--', 'list'], embeddedEnv(dataDir));
    expect(listed.stdout).toMatch(/^trainer-1\twriter\t[0-9a-f]{12}\tcreated /m);
    const revoked = await runNpm(['run', '--silent', 'apikey', '--', 'revoke', 'trainer-1'], embeddedEnv(dataDir));
    expect(revoked.code).toBe(0);
    await new Promise((r) => setTimeout(r, Number(apiKeyCacheMs) + 200));
    const refused = await gql(server, 'mutation { createJob(input: { name: "after-revoke" }) { job { name } } }', undefined, key);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(server.output()).not.toMatch(DATABASE_TROUBLE);
  }, 120_000);

  test('reindex and db:create-table beside the server use its DynamoDB Local', async () => {
    const table = await runNpm(['run', 'db:create-table'], embeddedEnv(dataDir));
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/table training-metrics exists \(the DynamoDB Local of `npm start`\)/);
    const reindex = await runNpm(['run', 'reindex'], embeddedEnv(dataDir));
    expect(reindex.code).toBe(0);
    expect(reindex.stdout).toMatch(/using the DynamoDB Local of `npm start`/);
    expect(reindex.stdout).toMatch(/reindex done in [\d.]+ s: \d+ jobs/);
    expect(server.output()).not.toMatch(DATABASE_TROUBLE);
  }, 120_000);

  test('the stream worker beside the server reads its DynamoDB Local (its own checkpoint file, not the server’s)', async () => {
    const redis = await startRedis();
    try {
      const worker = await startProcess(
        'npm',
        ['run', 'stream-worker'],
        embeddedEnv(dataDir, { REDIS_URL: redis.url }),
        'stream worker: table',
      );
      try {
        expect(worker.output()).toMatch(/using the DynamoDB Local of `npm start`/);
        expect(worker.output()).toContain(join(dataDir, 'stream-worker-checkpoints-training-metrics.json'));
      } finally {
        await worker.stop();
      }
      // A SIGTERM to npm is not passed on: the worker notices its launcher is gone and stops.
      const left = () => spawnSync('pgrep', ['-f', '^node dist/app/stream-worker.js'], { encoding: 'utf8' }).stdout.trim();
      for (const end = Date.now() + 15_000; left() && Date.now() < end;) await new Promise((r) => setTimeout(r, 200));
      expect(left()).toBe('');
    } finally {
      await redis.stop();
    }
    expect(server.output()).not.toMatch(DATABASE_TROUBLE);
  }, 120_000);

  test('a second npm start on the same directory is refused at once, naming the directory, the holder and what to do; the first still serves', async () => {
    const second = await runNpm(['start'], embeddedEnv(dataDir, { PORT: String(server.port + 1) }), 60_000);
    expect(second.code).not.toBe(0);
    const holder = readHolder(dataDir);
    expect(second.stderr).toContain(
      `DATA_DIR ${dataDir} is in use by another process: \`npm start\` (pid ${holder?.pid}, serving ${server.url}`,
    );
    expect(second.stderr).toMatch(
      /stop that process \(Ctrl-C in its terminal, or `kill \d+`\), or give this one its own directory, e\.g\. `DATA_DIR=\.\/data-2 PORT=4001 npm start`/,
    );
    expect(second.stdout + second.stderr).not.toMatch(/DynamoDB Local ready/);
    expect((await fetch(server.url.replace('/graphql', '/readyz'))).status).toBe(200);
  }, 90_000);

  test('kill -9 of the server, then a fresh npm start: the stale lock is recovered and every demo epoch is still there', async () => {
    const holder = readHolder(dataDir);
    expect(holder?.command).toBe('npm start');
    process.kill(holder?.pid as number, 'SIGKILL');
    await server.stop();
    server = await npmStart(dataDir, { AUTH: 'on', ADMIN_API_KEY: ADMIN_KEY });
    expect(server.output()).toMatch(/data dir: taking over .*dynamodb-local\.lock from pid \d+ \(`npm start`\), which is gone/);
    const epochs = await demoEpochs(server);
    for (const [name, count] of Object.entries(DEMO)) expect([name, [...epochs[name]].sort((a, b) => a - b)]).toEqual([name, range(count)]);
    expect(server.output()).not.toMatch(DATABASE_TROUBLE);
  }, 120_000);
});

describe('seed:demo on a table where the demo is partly there', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'seed-partial-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** The epochs column of the summary the seed prints, by job name. */
  const summary = (stdout: string): Record<string, number> =>
    Object.fromEntries([...stdout.matchAll(/^(layoutlm-receipts-\S+)\s+[A-Z]+\s+(\d+)\s/gm)].map((m) => [m[1], Number(m[2])]));

  test('cut off by Ctrl-C half way, a second run completes what is missing', async () => {
    const seed = spawn(process.execPath, ['dist/app/scripts/seed-demo.js'], { cwd: ROOT, env: embeddedEnv(dataDir) });
    let out = '';
    seed.stdout.on('data', (d) => (out += d));
    seed.stderr.on('data', (d) => (out += d));
    for (const end = Date.now() + 90_000; !out.includes('layoutlm-receipts-v20: 10 epochs') && Date.now() < end;)
      await new Promise((r) => setTimeout(r, 20));
    seed.kill('SIGINT');
    const code = await new Promise<number | null>((r) => seed.once('exit', (c) => r(c)));
    expect(code).toBe(130);
    expect(out).not.toContain('layoutlm-receipts-v24-long: 10 epochs');
    expect(readHolder(dataDir)).toBeNull(); // its DynamoDB Local stopped and the directory was let go

    const again = await runNpm(['run', 'seed:demo'], embeddedEnv(dataDir));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/writes: \d+ new, \d+ already there/);
    expect(summary(again.stdout)).toEqual(DEMO);
  }, 240_000);

  test('a finished demo job that lost an epoch: the run names the job and --reset, and --reset writes the demo again', async () => {
    // An epoch of the FAILED demo run disappears (what two DynamoDB Locals on one directory used to do).
    const dynamo = await startEmbeddedDynamo({ dataDir });
    const doc = createDocumentClient({ region: 'us-east-1', endpoint: dynamo.endpoint, timeoutMs: 5000 });
    try {
      const pk = 'JOB#5eed0022-1a7e-4c3b-9d2e-6f8a0b1c2d22';
      const items =
        (
          await doc.send(
            new QueryCommand({
              TableName: 'training-metrics',
              KeyConditionExpression: 'PK = :pk',
              ExpressionAttributeValues: { ':pk': pk },
            }),
          )
        ).Items ?? [];
      const lost = items.filter((i) => i.epoch === 5 || i.SK === 'WRITE#EPOCH#0000000005');
      expect(lost.length).toBeGreaterThan(10);
      for (const item of lost) await doc.send(new DeleteCommand({ TableName: 'training-metrics', Key: { PK: item.PK, SK: item.SK } }));
      await doc.send(
        new QueryCommand({
          TableName: 'training-metrics',
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          Limit: 1,
        }),
      );
    } finally {
      doc.destroy();
      await dynamo.stop();
    }
    const refused = await runNpm(['run', 'seed:demo'], embeddedEnv(dataDir));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'demo job layoutlm-receipts-v22-lr1e-4 (5eed0022-1a7e-4c3b-9d2e-6f8a0b1c2d22) is in the table but cannot be completed',
    );
    expect(refused.stderr).toMatch(/CONFLICT/);
    expect(refused.stderr).toContain('npm run seed:demo -- --reset');

    const reset = await runNpm(['run', 'seed:demo', '--', '--reset'], embeddedEnv(dataDir));
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/reset: deleted the 6 demo jobs \(\d+ items\); other jobs are untouched/);
    expect(summary(reset.stdout)).toEqual(DEMO);
  }, 240_000);
});

describe('npm start in a terminal', () => {
  test('one log line per request (health checks at debug); Ctrl-C finishes cleanly: a shutdown line, no connection errors, no Java left', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ctrl-c-'));
    let group = 0;
    try {
      // Its own process group, as a terminal's foreground job: Ctrl-C sends SIGINT to the whole group.
      const npm = spawn('npm', ['start'], { cwd: ROOT, env: embeddedEnv(dataDir, { PORT: '0' }), detached: true });
      group = npm.pid as number;
      let out = '';
      npm.stdout.on('data', (d) => (out += d));
      npm.stderr.on('data', (d) => (out += d));
      // 'close': npm and the server it started (which shares its output pipes) have both finished.
      const exited = new Promise<number | null>((r) => npm.once('close', (code) => r(code)));
      for (const end = Date.now() + 90_000; !out.includes('training metrics API on') && Date.now() < end;)
        await new Promise((r) => setTimeout(r, 50));
      const url = /training metrics API on (\S+)/.exec(out)?.[1] as string;
      const port = Number(new URL(url).port);
      expect(port).toBeGreaterThan(0);
      const base = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 3; i++) await fetch(`${base}/healthz`);
      await fetch(`${base}/readyz`);
      const answered = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ jobs { edges { node { id } } } }"}',
      });
      expect(answered.status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      const requestLines = out.split('\n').filter((l) => l.includes('"msg":"request"'));
      // (the requests below come after this count)
      expect(requestLines).toHaveLength(1);
      expect(JSON.parse(requestLines[0])).toMatchObject({
        method: 'POST',
        url: '/graphql',
        statusCode: 200,
        reqId: expect.any(String),
        ms: expect.any(Number),
      });
      expect(out).not.toMatch(/incoming request|request completed/);
      // Let the stream consumer poll a few times, so a Java dying under it would show.
      await new Promise((r) => setTimeout(r, 1500));

      // A call that takes a while is in flight when Ctrl-C comes: it must finish, DynamoDB Local must not die under it.
      const gqlAt = async (query: string, variables: Record<string, unknown>) =>
        (await (
          await fetch(`${base}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query, variables }),
          })
        ).json()) as { data?: any; errors?: unknown[] };
      const job = await gqlAt('mutation { createJob(input: { name: "ctrl-c" }) { job { id } } }', {});
      const points = Array.from({ length: 1000 }, (_, i) => ({ name: 'train_loss', step: i, value: 1 / (i + 1) }));
      const inFlight = gqlAt('mutation($input: LogMetricsInput!) { logMetrics(input: $input) { written replayed } }', {
        input: { jobId: job.data.createJob.job.id, points },
      });
      await new Promise((r) => setTimeout(r, 30));
      process.kill(-(npm.pid as number), 'SIGINT');
      expect(await inFlight).toEqual({ data: { logMetrics: { written: 1000, replayed: 0 } } });
      await exited;
      expect(out).toMatch(/shutting down \(Ctrl-C\): finishing requests in flight\n/);
      expect(out).toContain(`stopped; data kept in ${dataDir}`);
      expect(out).not.toMatch(/ECONNREFUSED|stream: shard/);
      const java = spawnSync('pgrep', ['-f', `DynamoDBLocal.jar.*${dataDir}`], { encoding: 'utf8' }).stdout.trim();
      expect(java).toBe('');
      expect(readHolder(dataDir)).toBeNull();
      group = 0;
    } finally {
      // A failed check must not leave the server running (it would hold Jest's pipes open).
      if (group) spawnSync('kill', ['-KILL', `-${group}`]);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

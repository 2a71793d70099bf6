import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDocumentClient } from '../../src/db/client';
import { findFreePort } from '../../src/dev/dynamodb-local-process';
import { startEmbeddedDynamo } from '../../src/dev/embedded-dynamodb';
import { DynamoGateway } from '../../src/db/gateway';
import { auditWrites } from '../../soak/audit';
import { ApiClient } from '../../soak/client';
import { Ledger } from '../../soak/ledger';
import { Trainer } from '../../soak/trainer';
import { acknowledgedEpochs, until } from '../helpers/until';

// `npm start` as a newcomer runs it: the compiled server with its embedded DynamoDB Local (npm test builds dist/ first).
const ENTRY = resolve(__dirname, '../../dist/app/index.js');

interface Running {
  child: ChildProcess;
  output: () => string;
  url: string;
}

function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra, LOG_LEVEL: 'warn' };
  delete env.DYNAMODB_ENDPOINT; // the embedded default, not the test suite's shared instance
  return env;
}

const started: ChildProcess[] = [];
afterAll(async () => {
  // A failed assertion must not leave a server (and its Java) running past the suite.
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await Promise.all(started.map(exited));
});

async function startServer(dataDir: string, viaNpm = false, extra: Record<string, string> = {}): Promise<Running> {
  const port = await findFreePort();
  const env = serverEnv({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ...extra });
  const child = viaNpm ? spawn('npm', ['start'], { env, cwd: resolve(__dirname, '../..') }) : spawn(process.execPath, [ENTRY], { env });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const deadline = Date.now() + 60_000;
  while (!output.includes('training metrics API on')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => output, url: `http://127.0.0.1:${port}/graphql` };
}

/** Pids of DynamoDB Local Java processes using this data directory. */
function javaPids(dataDir: string): string[] {
  const out = spawnSync('pgrep', ['-f', `^java .*DynamoDBLocal.jar.*${dataDir}`], { encoding: 'utf8' }).stdout.trim();
  return out ? out.split('\n') : [];
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return check();
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((r) => child.once('exit', (code) => r(code)));
}

const gql = async (url: string, query: string, variables?: Record<string, unknown>) =>
  (await (
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })
  ).json()) as {
    data?: Record<string, any>;
  };

describe('the server process (npm start)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'metrics-data-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('built before the tests', () => {
    expect(existsSync(ENTRY)).toBe(true);
  });

  test('serves with its own DynamoDB Local, keeps data across a restart, and leaves no Java behind on SIGTERM or a crash', async () => {
    const first = await startServer(dataDir);
    expect(javaPids(dataDir)).toHaveLength(1);
    const created = await gql(first.url, `mutation { createJob(input: { name: "survives-restart" }) { job { id } } }`);
    const id = created.data?.createJob.job.id as string;
    const ide = await fetch(first.url, { headers: { accept: 'text/html' } });
    expect(ide.headers.get('content-type')).toMatch(/text\/html/);
    expect(await ide.text()).toContain('graphiql');

    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    expect(javaPids(dataDir)).toEqual([]);

    const second = await startServer(dataDir);
    const read = await gql(second.url, `query($id: ID!) { job(id: $id) { name } }`, { id });
    expect(read.data?.job).toEqual({ name: 'survives-restart' });
    second.child.kill('SIGKILL'); // a crash: no handler runs, the watchdog must stop Java
    await exited(second.child);
    expect(await waitFor(() => javaPids(dataDir).length === 0, 15_000)).toBe(true);
  });

  test('SIGTERM while trainers write: in-flight requests finish, it exits 0 without Java, and every acknowledged write is stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'metrics-drain-'));
    // Declared out here so that a failed check still stops the trainers (left running, they keep jest from exiting).
    let running = true;
    let trainers: Promise<void>[] = [];
    try {
      // What is judged is the shutdown, not DynamoDB Local's speed: on a loaded 2-core machine a 1,000-point call among six
      // trainers can pass the default 2 s per-attempt time-out (a run saw SERVICE_UNAVAILABLE), so it gets 10 s here.
      const server = await startServer(dir, false, { DYNAMODB_TIMEOUT_MS: '10000' });
      const ledger = new Ledger();
      const api = new ApiClient(server.url);
      trainers = Array.from({ length: 6 }, (_, i) =>
        new Trainer(
          api,
          ledger,
          { name: `drain-${i}`, labels: 6, epochsPerJob: 3, pointsPerEpoch: 20, retryPauseMs: 50 },
          () => running,
        ).run(),
      );
      await until(() => acknowledgedEpochs(ledger) >= 2, 'two epochs acknowledged before SIGTERM');
      // A call that takes a while (1,000 points) is in flight when SIGTERM arrives: it must finish, not be cut.
      const jobId = ledger.jobIds[0];
      const steps = Array.from({ length: 1000 }, (_, i) => 100_000 + i);
      const slow = api.call(`mutation($input: LogMetricsInput!) { logMetrics(input: $input) { written replayed } }`, {
        input: { jobId, points: steps.map((step) => ({ name: 'train_loss', step, value: 0.5 })) },
      });
      await new Promise((r) => setTimeout(r, 30));
      server.child.kill('SIGTERM');
      const inFlight = await slow;
      // With its output, so that a failed shutdown says why.
      expect({ code: await exited(server.child), output: server.output() }).toEqual({
        code: 0,
        output: expect.stringContaining('stopped; data kept in'),
      });
      running = false;
      await Promise.all(trainers);
      expect(inFlight.code).toBeNull();
      expect(inFlight.data?.logMetrics).toEqual({ written: 1000, replayed: 0 });
      ledger.points.push({ jobId, name: 'train_loss', steps, acknowledged: true });
      expect(javaPids(dir)).toEqual([]);
      // After the server stopped: refused connections, or 503 from a keep-alive connection while it was closing.
      expect(ledger.unexpected.filter((k) => !k.endsWith('HTTP_503'))).toEqual([]);

      // What the server acknowledged is on disk: read the data directory with a DynamoDB Local of our own.
      const dynamo = await startEmbeddedDynamo({ dataDir: dir });
      const doc = createDocumentClient({ region: 'us-east-1', endpoint: dynamo.endpoint, timeoutMs: 5000 });
      try {
        const gw = new DynamoGateway(doc, 'training-metrics');
        const report = await auditWrites(gw, ledger);
        expect(report).toMatchObject({ missing: [], duplicates: [], partial: [] });
        expect(ledger.epochs.filter((e) => e.acknowledged).length).toBeGreaterThan(0);
      } finally {
        doc.destroy();
        await dynamo.stop();
      }
    } finally {
      running = false;
      await Promise.all(trainers);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a SIGTERM to `npm start` stops the server and its DynamoDB Local too', async () => {
    const viaNpm = await startServer(dataDir, true);
    expect(javaPids(dataDir)).toHaveLength(1);
    viaNpm.child.kill('SIGTERM');
    await exited(viaNpm.child);
    expect(await waitFor(() => javaPids(dataDir).length === 0, 15_000)).toBe(true);
    const left = spawnSync('pgrep', ['-f', `^node .*${ENTRY}`], { encoding: 'utf8' }).stdout.trim();
    expect(left).toBe('');
  });

  test('without Java it says how to install it or where to point DYNAMODB_ENDPOINT', async () => {
    const child = spawn(process.execPath, [ENTRY], { env: serverEnv({ PATH: '/nonexistent', DATA_DIR: dataDir }) });
    let output = '';
    child.stderr?.on('data', (d) => (output += d));
    expect(await exited(child)).toBe(1);
    expect(output).toMatch(/Install Java 17/);
    expect(output).toMatch(/DYNAMODB_ENDPOINT/);
  });

  test('a bad configuration stops it with a message naming the variable', async () => {
    const child = spawn(process.execPath, [ENTRY], { env: serverEnv({ PORT: 'eighty', TABLE_NAME: 'x' }) });
    let output = '';
    child.stderr?.on('data', (d) => (output += d));
    expect(await exited(child)).toBe(1);
    expect(output).toMatch(/PORT/);
    expect(output).toMatch(/TABLE_NAME/);
  });
});

describe('the server survives what it cannot prevent', () => {
  const readyz = async (url: string) => {
    const res = await fetch(url.replace('/graphql', '/readyz'));
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  };
  /** Ready once the job catalog has loaded: it loads after the server listens (503 `loading` meanwhile). */
  const readyAfterStart = async (url: string) => {
    let state = await readyz(url);
    for (const end = Date.now() + 30_000; state.status === 503 && state.body.status === 'loading' && Date.now() < end;) {
      await new Promise((r) => setTimeout(r, 100));
      state = await readyz(url);
    }
    return state;
  };
  // A read of the table (the plain job listing comes from the in-memory job catalog, which needs no database).
  const listJobs = (url: string) =>
    gql(url, '{ leaderboard(metric: "val_f1", first: 1) { rank } }') as Promise<{
      data?: unknown;
      errors?: { message: string; extensions: { code: string } }[];
    }>;

  test('its DynamoDB Local killed: /readyz says so, requests answer SERVICE_UNAVAILABLE, the log says what happened, and it restarts it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'metrics-javakill-'));
    try {
      const server = await startServer(dir);
      const { pid, javaPid } = JSON.parse(readFileSync(join(dir, 'dynamodb-local.lock'), 'utf8')) as { javaPid: number; pid: number };
      expect(pid).toBe(server.child.pid);
      process.kill(javaPid, 'SIGKILL');
      await waitFor(() => server.output().includes('exited unexpectedly'), 5000);
      const down = await readyz(server.url);
      expect(down).toEqual({
        status: 503,
        body: expect.objectContaining({
          status: 'unavailable',
          reason: `DynamoDB Local (java pid ${javaPid}) exited unexpectedly (killed by SIGKILL)`,
        }),
      });
      const failed = await listJobs(server.url);
      expect(failed.errors?.[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      // The log line travels through a pipe, the answer through a socket: either may arrive first.
      await waitFor(() => /database unavailable: DynamoDB Local/.test(server.output()), 5000);
      expect(server.output()).toMatch(/database unavailable: DynamoDB Local \(java pid \d+\) exited unexpectedly/);
      // Restarted on the same port and files: ready again, and requests answer.
      let up = down;
      for (const end = Date.now() + 30_000; up.status !== 200 && Date.now() < end; await new Promise((r) => setTimeout(r, 300)))
        up = await readyz(server.url);
      expect(up.status).toBe(200);
      expect((await listJobs(server.url)).errors).toBeUndefined();
      expect(server.output()).toMatch(/DynamoDB Local restarted at http:\/\/127\.0\.0\.1:\d+ \(java pid \d+\)/);
      expect(server.output()).not.toMatch(/Internal server error|INTERNAL_SERVER_ERROR/);
      server.child.kill('SIGTERM');
      expect(await exited(server.child)).toBe(0);
      expect(javaPids(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  test('its database files damaged: /readyz and the log say the files are damaged, requests answer SERVICE_UNAVAILABLE, never Internal server error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'metrics-damaged-'));
    try {
      const server = await startServer(dir);
      expect((await readyAfterStart(server.url)).status).toBe(200);
      const file = join(dir, 'shared-local-instance.db');
      writeFileSync(file, randomBytes(statSync(file).size));
      for (let i = 0; i < 3; i++) {
        const res = await listJobs(server.url);
        expect(res.errors?.[0]).toMatchObject({
          message: 'The database is unavailable right now; retry shortly.',
          extensions: { code: 'SERVICE_UNAVAILABLE' },
        });
      }
      const mutation = (await gql(server.url, 'mutation { createJob(input: { name: "x" }) { job { id } } }')) as {
        errors?: { extensions: { code: string } }[];
      };
      expect(mutation.errors?.[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      const down = await readyz(server.url);
      expect(down.status).toBe(503);
      expect(down.body.reason).toMatch(
        new RegExp(
          `^the database files in ${dir} are damaged \\(SQLite \\[26\\] file is encrypted or is not a database\\); stop the server, move`,
        ),
      );
      await waitFor(() => /database unavailable: the database files/.test(server.output()), 5000);
      expect(server.output()).toMatch(/database unavailable: the database files in .* are damaged/);
      expect(server.output()).not.toMatch(/Internal server error|INTERNAL_SERVER_ERROR|\tat com\.almworks/);
      server.child.kill('SIGTERM');
      await exited(server.child);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

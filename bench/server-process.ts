import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findFreePort } from '../src/dev/dynamodb-local-process';
import { stopAtShutdown } from './cleanup';
import { BENCH_DYNAMO_TIMEOUT_MS } from './database';

/** A child process of the bench (server, stream worker, redis-server), stopped at the end of the run at the latest. */
export interface StartedProcess {
  pid: number;
  /** The tail of its stdout and stderr, for error messages. */
  output(): string;
  /** SIGTERM, SIGKILL after a grace period; resolves once it has exited (and its temporary files are gone). */
  stop(): Promise<void>;
}

/** The real server (`node dist/app/index.js`) as a child process, on a free port, reporting DynamoDB stats. */
export interface ServerProcess extends StartedProcess {
  url: string;
  /** Resident set size now, in bytes (VmRSS of /proc/<pid>/status). */
  rss(): number;
}

const ROOT = resolve(__dirname, '../..');
const ENTRY = resolve(ROOT, 'dist/app/index.js');
const WORKER = resolve(ROOT, 'dist/app/stream-worker.js');

/**
 * The node flags of `npm start` (package.json), so the bench measures the server as it is run; BENCH_SERVER_NODE_FLAGS
 * adds more (for example `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the server under a workload).
 */
export function serverNodeFlags(): string[] {
  const extra = (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  return [...startScriptFlags(readFileSync(resolve(ROOT, 'package.json'), 'utf8')), ...extra];
}

/** The node flags of the start script (`node <flags> dist/app/index.js`) in the text of a package.json. */
export function startScriptFlags(packageJson: string): string[] {
  const start: string = JSON.parse(packageJson).scripts.start;
  const m = /^node((?:\s+--\S+)*)\s+dist\/app\/index\.js$/.exec(start);
  if (!m) throw new Error(`cannot read the node flags of the start script: ${start}`);
  return m[1].split(/\s+/).filter(Boolean);
}
const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;

/** A program the bench starts is not installed: which, and how to install it when known. */
export class MissingToolError extends Error {
  override readonly name = 'MissingToolError';
  constructor(
    readonly tool: string,
    readonly install?: string,
  ) {
    super(`${tool} is not installed (not found on PATH)${install ? `; install it with \`${install}\`` : ''}`);
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/** Reads VmRSS of a process in bytes. */
export function readRss(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/**
 * Starts `command` and resolves once its output contains `ready`; fails with its output if it exits or takes too long,
 * and with a MissingToolError (saying `install`) if the command is not on PATH. A temporary directory made for it
 * (`tempDir`) is removed once it has stopped.
 */
export async function startProcess(
  what: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: string,
  { tempDir, install }: { tempDir?: string; install?: string } = {},
): Promise<StartedProcess> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  // A command that cannot be started (ENOENT: not on PATH) comes as an 'error' event: unheard, it ends the bench.
  const failed: { error?: NodeJS.ErrnoException } = {};
  child.once('error', (error) => (failed.error = error));
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = stopAtShutdown(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited(child);
    clearTimeout(timer);
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!output.includes(ready)) {
    if (failed.error || child.exitCode !== null || Date.now() > deadline) {
      await stop();
      const { error } = failed;
      if (error?.code === 'ENOENT') throw new MissingToolError(command, install);
      throw new Error(`the ${what} did not start${error ? ` (${error.message})` : ''}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { pid: child.pid as number, output: () => output, stop };
}

/** A fresh directory for a process's stream checkpoints, so no run goes on from another's (or from ./data). */
const checkpointDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/**
 * Starts the built server against `endpoint` and resolves once it listens; `env` overrides the bench's settings (the
 * main run's server keeps the default DYNAMODB_TIMEOUT_MS; SR's and LV's set BENCH_DYNAMO_TIMEOUT_MS). Its
 * stream checkpoints (LIVE_EVENTS=local, the default) go to a temporary file: a checkpoint left by an earlier run would
 * make it replay this run's whole stream, the seeding included.
 */
export async function startServer(endpoint: string, tableName: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await findFreePort();
  const dir = checkpointDir('bench-server-');
  const server = await startProcess(
    'server',
    process.execPath,
    [...serverNodeFlags(), ENTRY],
    {
      ...process.env,
      DYNAMODB_ENDPOINT: endpoint,
      TABLE_NAME: tableName,
      PORT: String(port),
      HOST: '127.0.0.1',
      DYNAMODB_STATS: '1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      // API keys required, as in production: every request pays the real (cached) key check; the keys are in the table.
      AUTH: 'on',
      STREAM_CHECKPOINT_FILE: join(dir, 'stream-checkpoints.json'),
      ...env,
    },
    'training metrics API on',
    { tempDir: dir },
  );
  return { ...server, url: `http://127.0.0.1:${port}/graphql`, rss: () => readRss(server.pid) };
}

/** `npm run stream-worker` (`node dist/app/stream-worker.js`) on the table, publishing to `redisUrl`. */
export async function startStreamWorker(
  endpoint: string,
  tableName: string,
  redisUrl: string,
  env: Record<string, string> = {},
): Promise<StartedProcess> {
  const dir = checkpointDir('bench-worker-');
  const workerEnv = {
    ...process.env,
    DYNAMODB_ENDPOINT: endpoint,
    TABLE_NAME: tableName,
    REDIS_URL: redisUrl,
    LOG_LEVEL: 'warn',
    DYNAMODB_TIMEOUT_MS: String(BENCH_DYNAMO_TIMEOUT_MS),
    STREAM_CHECKPOINT_FILE: join(dir, 'stream-checkpoints.json'),
    ...env,
  };
  return startProcess('stream worker', process.execPath, [WORKER], workerEnv, 'stream worker: table', { tempDir: dir });
}

/** How to install redis-server, for the message when it is missing. */
export const REDIS_INSTALL = 'apt-get install redis-server';

/** The MissingToolError `command` would fail with (it is not on PATH), or null: for a warning at the start of a run. */
export function missingTool(command: string, install?: string): MissingToolError | null {
  const { error } = spawnSync(command, ['--version'], { stdio: 'ignore' });
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' ? new MissingToolError(command, install) : null;
}

/** A throw-away Redis (redis-server on PATH) on a free loopback port, nothing saved to disk; MissingToolError without it. */
export async function startRedis(): Promise<StartedProcess & { url: string }> {
  const port = await findFreePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const redis = await startProcess('redis-server', 'redis-server', args, process.env, 'Ready to accept connections', {
    install: REDIS_INSTALL,
  });
  return { ...redis, url: `redis://127.0.0.1:${port}` };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findFreePort } from '../src/db/embedded-dynamodb';
import { BENCH_DYNAMO_TIMEOUT_MS } from './database';

/** The real server (`node dist/index.js`) as a child process, on a free port, reporting DynamoDB stats. */
export interface ServerProcess {
  url: string;
  pid: number;
  /** Resident set size now, in bytes (VmRSS of /proc/<pid>/status). */
  rss(): number;
  /** The tail of its stdout and stderr, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

const ROOT = resolve(__dirname, '../..');
const ENTRY = resolve(ROOT, 'dist/index.js');

/**
 * The node flags of `npm start` (package.json), so the bench measures the server as it is run; BENCH_SERVER_NODE_FLAGS
 * adds more (for example `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the server under a workload).
 */
export function serverNodeFlags(): string[] {
  const start: string = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')).scripts.start;
  const m = /^node((?:\s+--\S+)*)\s+dist\/index\.js$/.exec(start);
  if (!m) throw new Error(`cannot read the node flags of the start script: ${start}`);
  const extra = process.env.BENCH_SERVER_NODE_FLAGS ?? '';
  return `${m[1]} ${extra}`.split(/\s+/).filter(Boolean);
}
const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/** Reads VmRSS of a process in bytes. */
export function readRss(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/** Starts the built server against `endpoint` and resolves once it listens; `env` overrides the bench's settings. */
export async function startServer(endpoint: string, tableName: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await findFreePort();
  const child = spawn(process.execPath, [...serverNodeFlags(), ENTRY], {
    env: {
      ...process.env,
      DYNAMODB_ENDPOINT: endpoint,
      TABLE_NAME: tableName,
      PORT: String(port),
      HOST: '127.0.0.1',
      DYNAMODB_STATS: '1',
      LOG_LEVEL: 'warn',
      DYNAMODB_TIMEOUT_MS: String(BENCH_DYNAMO_TIMEOUT_MS),
      NODE_ENV: 'production',
      // API keys required, as in production: every request pays the real (cached) key check; the keys are in the table.
      AUTH: 'on',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited(child);
    clearTimeout(timer);
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!output.includes('training metrics API on')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const pid = child.pid as number;
  return { url: `http://127.0.0.1:${port}/graphql`, pid, rss: () => readRss(pid), output: () => output, stop };
}

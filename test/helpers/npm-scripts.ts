import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { findFreePort } from '../../src/dev/dynamodb-local-process';
import { startProcess, type Started } from './child-process';

/** The project root: `npm start` and the scripts run from there, as a newcomer runs them. */
export const ROOT = resolve(__dirname, '../..');

/** The environment of a newcomer's shell: the embedded default on `dataDir` (not the test suite's shared DynamoDB Local). */
export function embeddedEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, ...extra };
  delete env.DYNAMODB_ENDPOINT;
  delete env.TABLE_NAME;
  return env;
}

/** A running `npm start`, with where it serves. */
export interface NpmStart extends Started {
  port: number;
  url: string;
}

/** `npm start` on `dataDir` and a free port; resolves once it serves (npm test builds dist/ first, so prestart is a no-op). */
export async function npmStart(dataDir: string, extra: Record<string, string> = {}): Promise<NpmStart> {
  const port = await findFreePort();
  const started = await startProcess(
    'npm',
    ['start'],
    embeddedEnv(dataDir, { PORT: String(port), ...extra }),
    'training metrics API on',
    90_000,
  );
  return { ...started, port, url: `http://127.0.0.1:${port}/graphql` };
}

/** What a finished command printed and how it exited. */
export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `npm <args>` from the project root to its end (SIGKILL after `timeoutMs`). */
export function runNpm(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<Finished> {
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn('npm', args, { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

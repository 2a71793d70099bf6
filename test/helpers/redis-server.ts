import { findFreePort } from '../../src/dev/dynamodb-local-process';
import { startProcess, type Started } from './child-process';

/** A throw-away Redis (Debian's redis-server) on a free loopback port, nothing saved to disk. */
export async function startRedis(): Promise<Started & { url: string }> {
  const port = await findFreePort();
  const redis = await startProcess(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    process.env,
    'Ready to accept connections',
    20_000,
  );
  return { ...redis, url: `redis://127.0.0.1:${port}` };
}

import type { FastifyInstance } from 'fastify';
import { ConfigError, loadConfig } from './config';
import { JavaNotFoundError } from './db/embedded-dynamodb';
import { ApiKeyRepository } from './auth/api-key-repository';
import { Authenticator } from './auth/authenticator';
import { buildServer } from './server';
import { startLive, type LiveSetup } from './live/live-setup';
import { openStorage, type Storage } from './storage';

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Under `npm start`, a SIGTERM to npm kills npm but is not passed on to this process; stop when the launcher goes
 * away (this process is re-parented), so neither the server nor its DynamoDB Local outlives it.
 */
function watchLauncher(onGone: () => void): void {
  if (!process.env.npm_lifecycle_event) return;
  const launcher = process.ppid;
  setInterval(() => {
    if (process.ppid !== launcher) onGone();
  }, 1000).unref();
}

/** Start-up: config -> storage (embedded DynamoDB Local by default) -> server -> listen; stops both on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const say = (msg: string) => process.stdout.write(`${msg}\n`);
  let storage: Storage | undefined;
  let app: FastifyInstance | undefined;
  let live: LiveSetup | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => process.exit(code || 1), SHUTDOWN_GRACE_MS);
    timer.unref();
    await app?.close().catch(() => undefined);
    await live?.close().catch(() => undefined);
    await storage?.close().catch(() => undefined);
    process.exit(code);
  };
  watchLauncher(() => void stop(0));
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  process.on('uncaughtException', (error) => {
    process.stderr.write(`uncaught exception: ${error.stack ?? error}\n`);
    void stop(1);
  });
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(`unhandled rejection: ${String(reason)}\n`);
    void stop(1);
  });

  if (config.dynamo.mode === 'embedded') say(`starting embedded DynamoDB Local (data in ${config.dynamo.dataDir})`);
  storage = await openStorage(config, say);
  live = await startLive(config, storage.db, storage.endpoint, say);
  const built = await buildServer({
    db: storage.db,
    reportStats: config.stats,
    development: config.development,
    logLevel: config.logLevel,
    ide: config.ide,
    introspection: config.introspection,
    corsOrigins: config.corsOrigins,
    requestTimeoutMs: config.requestTimeoutMs,
    live: live.live,
    auth: config.auth ? new Authenticator(new ApiKeyRepository(storage.db), { ttlMs: config.apiKeyCacheMs, bootstrapAdminKey: config.adminApiKey }) : undefined,
  });
  if (!config.auth) say('WARNING: API keys are not required (AUTH=off or the embedded default); anyone who can reach this port can read and write');
  app = built.app;
  await app.listen({ port: config.port, host: config.host });
  say(`live updates: ${config.live.mode === 'local' ? 'from the table stream, in this process' : config.live.mode === 'redis' ? 'from Redis (run `npm run stream-worker`)' : 'off'}`);
  say(`training metrics API on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/graphql (table ${config.tableName})`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof JavaNotFoundError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

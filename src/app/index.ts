import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { loadConfig } from './config';
import { ApiKeyRepository } from '../modules/auth/api-key-repository';
import { Authenticator } from '../modules/auth/authenticator';
import { buildServer } from './server';
import { startLive, type LiveSetup } from './live-setup';
import { startCatalog, type CatalogSetup } from './catalog-setup';
import { prepareProcess, startFailureMessage, watchLauncher } from './process-setup';
import { openStorage, type Storage } from './storage';

/** Beyond the longest a request in flight may still take (REQUEST_TIMEOUT_MS): stopping the stream and DynamoDB Local. */
const STOP_MARGIN_MS = 10_000;

/** Start-up: config -> storage (embedded DynamoDB Local by default) -> server -> listen; stops both on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  prepareProcess();
  const config = loadConfig();
  const say = (msg: string) => process.stdout.write(`${msg}\n`);
  // Set as start-up reaches them; `stop` (which may run before) closes whichever exist.
  /* eslint-disable prefer-const */
  let storage: Storage | undefined;
  let app: FastifyInstance | undefined;
  let live: LiveSetup | undefined;
  let catalog: CatalogSetup | undefined;
  /* eslint-enable prefer-const */
  let stopping = false;
  const stop = async (code: number, why: string) => {
    if (stopping) return;
    stopping = true;
    if (app) say(`shutting down (${why}): finishing requests in flight`);
    // Requests in flight may take up to REQUEST_TIMEOUT_MS: a shorter grace would cut an acknowledged-to-be write.
    const graceMs = config.requestTimeoutMs + STOP_MARGIN_MS;
    const timer = setTimeout(() => {
      process.stderr.write(`shutdown did not finish within ${graceMs / 1000} s: exiting anyway\n`);
      process.exit(code || 1);
    }, graceMs);
    timer.unref();
    await app?.close().catch(() => undefined);
    catalog?.close();
    await live?.close().catch(() => undefined);
    await storage?.close().catch(() => undefined);
    if (app) say(`stopped${config.dynamo.mode === 'embedded' ? `; data kept in ${config.dynamo.dataDir}` : ''}`);
    process.exit(code);
  };
  watchLauncher(() => void stop(0, 'npm went away'));
  process.on('SIGINT', () => void stop(0, 'Ctrl-C'));
  process.on('SIGTERM', () => void stop(0, 'SIGTERM'));
  process.on('uncaughtException', (error) => {
    process.stderr.write(`uncaught exception: ${error.stack ?? error}\n`);
    void stop(1, 'uncaught exception');
  });
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(`unhandled rejection: ${String(reason)}\n`);
    void stop(1, 'unhandled rejection');
  });

  storage = await openStorage(config, say, { exclusive: true, reservedPorts: [config.port] });
  live = await startLive(config, storage.db, storage.endpoint, say);
  catalog = await startCatalog(storage.db, live, { staleAfterMs: config.staleAfterMs, log: say });
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
    catalog: catalog.catalog,
    staleAfterMs: config.staleAfterMs,
    maxSeriesPoints: config.maxSeriesPoints,
    databaseHealth: storage.health,
    auth: config.auth
      ? new Authenticator(new ApiKeyRepository(storage.db), { ttlMs: config.apiKeyCacheMs, bootstrapAdminKey: config.adminApiKey })
      : undefined,
  });
  if (!config.auth)
    say('WARNING: API keys are not required (AUTH=off or the embedded default); anyone who can reach this port can read and write');
  app = built.app;
  await app.listen({ port: config.port, host: config.host });
  // The port bound (PORT=0 asks the system for a free one).
  const port = (app.server.address() as AddressInfo | null)?.port ?? config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/graphql`;
  storage.embedded?.announce({ serverUrl: url });
  say(
    `live updates: ${config.live.mode === 'local' ? 'from the table stream, in this process' : config.live.mode === 'redis' ? 'from Redis (run `npm run stream-worker`)' : 'off'}`,
  );
  say(`training metrics API on ${url} (table ${config.tableName}); dashboard on ${url.replace(/\/graphql$/, '/dashboard')}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${startFailureMessage('failed to start', error)}\n`);
  process.exit(1);
});

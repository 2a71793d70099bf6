import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import { DescribeTableCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import Fastify, { type FastifyInstance } from 'fastify';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { randomUUID } from 'node:crypto';
import { createRequestContext, type InstanceServices, type RequestContext } from '../graphql/context';
import type { JobCatalog } from '../modules/catalog/job-catalog';
import type { EmbeddedHealth } from '../dev/embedded-dynamodb';
import type { DynamoGateway } from '../db/gateway';
import { describeDatabaseError } from '../platform/errors';
import { buildResolvers } from '../graphql/resolvers';
import { formatError, requestPlugin } from '../graphql/request-plugin';
import { authorizationPlugin } from '../graphql/authorization-plugin';
import type { Authenticator } from '../modules/auth/authenticator';
import { loadSchemaSource } from '../graphql/schema-source';
import { metricsPlugin } from '../graphql/metrics-plugin';
import { registerDashboard } from '../http/dashboard';
import { MAX_EXPORT_PARAM_LENGTH, registerExports } from '../http/export-routes';
import { ServerMetrics } from '../observability/server-metrics';
import { registerIde, renderIdePage, wantsIde } from '../http/ide';
import { OneLinePerRequest } from '../http/request-log';
import { registerSecurity } from '../http/security';
import { queryLimitProtection } from '../graphql/limits';
import type { LiveEvents } from '../live/live-events';
import { registerWebSocket } from '../http/websocket-server';
import { JobActivity } from '../modules/jobs/job-activity';
import { MAX_SERIES_POINTS } from '../modules/metrics/series-size';

export const GRAPHQL_PATH = '/graphql';

/** What the HTTP server needs. */
export interface ServerOptions {
  db: DynamoGateway;
  reportStats: boolean;
  development: boolean;
  logLevel: string;
  /** GraphiQL for browsers at /graphql (default on). */
  ide?: boolean;
  /** Schema introspection (default on). */
  introspection?: boolean;
  /** Origins allowed cross-origin (default none). */
  corsOrigins?: readonly string[];
  /** Longest the server waits to receive a request, its headers and body (default 30 s); an answer is not cut. */
  requestTimeoutMs?: number;
  /** Checks API keys; the API is open without one. */
  auth?: Authenticator;
  /** Live events for subscriptions (graphql-ws at the GraphQL path); without them subscriptions answer SERVICE_UNAVAILABLE. */
  live?: LiveEvents | null;
  /** The job catalog searches run on; without it searches answer SERVICE_UNAVAILABLE (CATALOG_OFF). */
  catalog?: JobCatalog | null;
  /** A RUNNING job not seen for this long is stale (default 600 s). */
  staleAfterMs?: number;
  /** Most points one series or compareMetric answer holds (default MAX_SERIES_POINTS). */
  maxSeriesPoints?: number;
  /** What the embedded database (if this process runs one) is doing: /readyz and the logs say what went wrong. */
  databaseHealth?: () => EmbeddedHealth | undefined;
  /** When this instance last marked each job seen (default: a new one for this server). */
  activity?: JobActivity;
}

/** Largest request body: a 1,000-point logMetrics call is about 150 KB of JSON. */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/** Builds the Fastify app: GraphQL (and the IDE on a browser GET) at /graphql, /healthz and /readyz. Not yet listening. */
export async function buildServer(opts: ServerOptions): Promise<{ app: FastifyInstance; apollo: ApolloServer<RequestContext> }> {
  const app = Fastify({
    logger: { level: opts.logLevel, redact: ['req.headers.authorization'] },
    logController: new OneLinePerRequest(),
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: MAX_EXPORT_PARAM_LENGTH },
    requestTimeout: opts.requestTimeoutMs ?? 30_000,
  });
  registerSecurity(app, { corsOrigins: opts.corsOrigins ?? [] });
  // Every DynamoDB call of every request is counted for GET /metrics.
  const metrics = new ServerMetrics();
  const db = opts.db.withObserver(metrics.observeCall);
  const limits = queryLimitProtection(!opts.development);
  // Once closing, a request still in flight answers with `Connection: close`: its keep-alive connection would otherwise
  // hold the HTTP server's close open until the client let it go (Ctrl-C then waited out the 10 s grace period).
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
  });
  const databaseProblem = () => opts.databaseHealth?.()?.problem;
  // One executable schema for both transports: queries and mutations over HTTP, subscriptions over WebSocket.
  const schema = makeExecutableSchema({ typeDefs: loadSchemaSource(), resolvers: buildResolvers() });
  const apollo = new ApolloServer<RequestContext>({
    schema,
    formatError: formatError(opts.development),
    includeStacktraceInErrorResponses: opts.development,
    introspection: opts.introspection ?? true,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    validationRules: limits.validationRules,
    plugins: [
      ...limits.plugins,
      fastifyApolloDrainPlugin(app),
      ApolloServerPluginLandingPageDisabled(),
      // The default cache-control plugin hooks every field resolution; this API sets no cache hints.
      ApolloServerPluginCacheControlDisabled(),
      authorizationPlugin(),
      requestPlugin(app.log, opts.reportStats, databaseProblem),
      metricsPlugin(metrics),
    ],
  });
  await apollo.start();

  const auth = opts.auth;
  const live = opts.live ?? null;
  const catalog = opts.catalog ?? null;
  // One tracker per server instance: every request's writes share it, so a job's last_seen_at is updated at most once a minute.
  const instance: InstanceServices = {
    live,
    catalog,
    staleAfterMs: opts.staleAfterMs ?? 600_000,
    maxSeriesPoints: opts.maxSeriesPoints ?? MAX_SERIES_POINTS,
    activity: opts.activity ?? new JobActivity(),
  };
  if (live) metrics.watchSubscriptions(() => live.activeSubscriptions);
  registerWebSocket(app, {
    path: GRAPHQL_PATH,
    schema,
    db,
    instance,
    auth,
    validationRules: limits.validationRules,
    development: opts.development,
  });
  const graphql = fastifyApolloHandler(apollo, {
    context: async (request) =>
      auth
        ? createRequestContext(db, request.id, await auth.authenticate(request.headers.authorization), true, instance)
        : createRequestContext(db, request.id, undefined, false, instance),
  });
  // Apollo's handler answers with a string body (its route's Reply type): the IDE page is one too.
  app.route<{ Reply: string }>({
    url: GRAPHQL_PATH,
    method: ['GET', 'POST', 'OPTIONS'],
    handler: async function (request, reply) {
      if (request.method === 'GET' && (opts.ide ?? true) && wantsIde(request))
        return reply.type('text/html; charset=utf-8').send(renderIdePage({ graphqlPath: GRAPHQL_PATH }));
      return graphql.call(this, request, reply);
    },
  });
  if (opts.ide ?? true) registerIde(app, { graphqlPath: GRAPHQL_PATH });
  registerExports(app, { db, auth });
  registerDashboard(app);
  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const table = opts.db.tableName;
    const health = opts.databaseHealth?.();
    if (health && health.state !== 'running') {
      return reply.code(503).send({
        status: 'unavailable',
        table,
        database: health.state,
        reason: health.problem ?? `the embedded database is ${health.state}`,
      });
    }
    const loading = catalog && catalog.state !== 'ready' ? catalog.progress : null;
    if (loading) {
      return reply.code(503).send({
        status: 'loading',
        table,
        catalog: loading,
        reason: `the job catalog is loading (${loading.jobs} jobs read so far): searches answer once it is ready`,
      });
    }
    try {
      const out = await opts.db.client.send(new DescribeTableCommand({ TableName: table }));
      // A read of the table itself: damaged data pages can leave the table's description readable.
      await opts.db.client.send(
        new GetItemCommand({ TableName: table, Key: { PK: { S: 'READYZ#PROBE' }, SK: { S: 'READYZ#PROBE' } }, ConsistentRead: true }),
      );
      return {
        status: 'ready',
        table,
        tableStatus: out.Table?.TableStatus ?? 'UNKNOWN',
        catalog: catalog ? catalog.progress : { state: 'off' },
      };
    } catch (error) {
      const reason = databaseProblem() ?? describeDatabaseError(error);
      return reply.code(503).send({ status: 'unavailable', table, error: (error as Error).name || 'Error', reason });
    }
  });
  return { app, apollo };
}

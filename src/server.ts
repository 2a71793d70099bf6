import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import Fastify, { type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { createRequestContext, type RequestContext } from './context';
import type { DynamoGateway } from './db/gateway';
import { buildResolvers } from './graphql/resolvers';
import { formatError, requestPlugin } from './graphql/request-plugin';
import { loadSchemaSource } from './graphql/schema-source';
import { registerIde, renderIdePage, wantsIde } from './http/ide';

export const GRAPHQL_PATH = '/graphql';

/** What the HTTP server needs. */
export interface ServerOptions {
  db: DynamoGateway;
  reportStats: boolean;
  development: boolean;
  logLevel: string;
}

/** Builds the Fastify app: GraphQL (and the IDE on a browser GET) at /graphql, /healthz and /readyz. Not yet listening. */
export async function buildServer(opts: ServerOptions): Promise<{ app: FastifyInstance; apollo: ApolloServer<RequestContext> }> {
  const app = Fastify({
    logger: { level: opts.logLevel, redact: ['req.headers.authorization'] },
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: 4 * 1024 * 1024,
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  const apollo = new ApolloServer<RequestContext>({
    typeDefs: loadSchemaSource(),
    resolvers: buildResolvers() as never,
    formatError: formatError(opts.development),
    includeStacktraceInErrorResponses: opts.development,
    plugins: [fastifyApolloDrainPlugin(app), ApolloServerPluginLandingPageDisabled(), requestPlugin(app.log, opts.reportStats)],
  });
  await apollo.start();

  const graphql = fastifyApolloHandler(apollo, { context: async (request) => createRequestContext(opts.db, request.id) });
  app.route({
    url: GRAPHQL_PATH,
    method: ['GET', 'POST', 'OPTIONS'],
    handler: async function (request, reply) {
      if (request.method === 'GET' && wantsIde(request)) return reply.type('text/html; charset=utf-8').send(renderIdePage({ graphqlPath: GRAPHQL_PATH }));
      return graphql.call(this, request as never, reply as never);
    },
  });
  registerIde(app, { graphqlPath: GRAPHQL_PATH });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      const out = await opts.db.client.send(new DescribeTableCommand({ TableName: opts.db.tableName }));
      return { status: 'ready', table: opts.db.tableName, tableStatus: out.Table?.TableStatus ?? 'UNKNOWN' };
    } catch (error) {
      return reply.code(503).send({ status: 'unavailable', table: opts.db.tableName, error: (error as Error).name || 'Error' });
    }
  });
  return { app, apollo };
}

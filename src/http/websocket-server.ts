import type { FastifyInstance } from 'fastify';
import { getOperationAST, GraphQLError, parse, specifiedRules, validate, type GraphQLSchema, type ValidationRule } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { allows } from '../modules/auth/api-key';
import { OPEN_CALLER, type Authenticator, type Caller } from '../modules/auth/authenticator';
import { createRequestContext } from '../graphql/context';
import type { DynamoGateway } from '../db/gateway';
import { badUserInput, isDatabaseUnavailable } from '../platform/errors';
import { formatError } from '../graphql/request-plugin';
import type { LiveEvents } from '../live/live-events';
import type { JobActivity } from '../modules/jobs/job-activity';

export interface WebSocketOptions {
  path: string;
  schema: GraphQLSchema;
  db: DynamoGateway;
  live: LiveEvents | null;
  auth?: Authenticator;
  validationRules: readonly ValidationRule[];
  development: boolean;
  /** The server instance's JobActivity, shared with its HTTP requests. */
  activity: JobActivity;
}

/** Parse and validation errors with the codes HTTP callers see for them (Apollo adds those there). */
function coded(errors: readonly GraphQLError[], code: string): GraphQLError[] {
  return errors.map(
    (e) =>
      new GraphQLError(e.message, {
        nodes: e.nodes,
        source: e.source,
        positions: e.positions,
        originalError: e.originalError,
        extensions: { ...e.extensions, code },
      }),
  );
}

/** Subscriptions one socket may hold open at once: a dashboard needs a handful; this bounds what one client costs. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 100;

/** The key a client sent: `connectionParams.authorization` (browsers cannot set headers on a WebSocket), else the header. */
function credentialOf(params: Record<string, unknown> | undefined, header: string | undefined): string | undefined {
  const fromParams = params?.authorization ?? params?.Authorization;
  return typeof fromParams === 'string' ? fromParams : header;
}

/** The close code of a connection whose key could not be checked because the database is unreachable: retry later. */
export const TRY_AGAIN_LATER = 1013;
/** Its reason (a close reason holds at most 123 bytes). */
export const TRY_AGAIN_REASON = 'database unavailable: the API key cannot be checked now; retry shortly';

/** An outage as the authenticator reports it (SERVICE_UNAVAILABLE), or a database error it let through. */
const isUnavailableAnswer = (error: unknown) =>
  (error instanceof GraphQLError && error.extensions.code === 'SERVICE_UNAVAILABLE') || isDatabaseUnavailable(error);

/**
 * graphql-ws (the `graphql-transport-ws` protocol) on the HTTP server's upgrade requests to `path`: the same port and
 * path as queries. The API key is checked once, at connection time (reader role or above); a connection without one is
 * closed with 4403 Forbidden, one whose key cannot be checked during a database outage with 1013 Try Again Later.
 */
export function registerWebSocket(app: FastifyInstance, opts: WebSocketOptions): void {
  const format = formatError(opts.development);
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const server = useServer<Record<string, unknown>, { caller: Caller }>(
    {
      schema: opts.schema,
      onConnect: async (ctx) => {
        if (!opts.auth) {
          ctx.extra.caller = OPEN_CALLER;
          return true;
        }
        let caller: Caller | null;
        try {
          caller = await opts.auth.authenticate(credentialOf(ctx.connectionParams, ctx.extra.request.headers.authorization));
        } catch (error) {
          // The keys cannot be read right now: not a refusal. 1013 Try Again Later is a close code graphql-ws clients
          // retry (4403 would read as final). Anything else is a fault of ours and stays one (graphql-ws closes with 4500).
          if (!isUnavailableAnswer(error)) throw error;
          ctx.extra.socket.close(TRY_AGAIN_LATER, TRY_AGAIN_REASON);
          return false; // the socket is closing already: graphql-ws's own 4403 close after this is a no-op
        }
        if (!caller || !allows(caller.role, 'reader')) return false;
        ctx.extra.caller = caller;
        return true;
      },
      onSubscribe: (ctx, id, payload) => {
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return coded([error as GraphQLError], 'GRAPHQL_PARSE_FAILED');
        }
        const errors = validate(opts.schema, document, [...specifiedRules, ...opts.validationRules]);
        if (errors.length) return coded(errors, 'GRAPHQL_VALIDATION_FAILED');
        // Only subscriptions here: queries and mutations go over HTTP, where each one's role is checked.
        if (getOperationAST(document, payload.operationName)?.operation !== 'subscription') {
          return [badUserInput('only subscriptions are served over WebSocket; send queries and mutations over HTTP')];
        }
        // graphql-ws has already reserved this one's id in ctx.subscriptions.
        if (Object.keys(ctx.subscriptions).filter((other) => other !== id).length >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
          return [
            badUserInput(
              `at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection; complete one first or open another connection`,
            ),
          ];
        }
        return {
          schema: opts.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: createRequestContext(opts.db, randomUUID(), ctx.extra.caller, true, opts.live, opts.activity),
        };
      },
      // Errors read as over HTTP: outages as SERVICE_UNAVAILABLE, anything unexpected masked.
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => format(e.toJSON(), e)) } : undefined,
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => format(e.toJSON(), e)),
    },
    wss,
  );
  app.server.on('upgrade', (request, socket, head) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== opts.path) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });
  // Subscribers are told the server is going away (1001) so they reconnect elsewhere. preClose, not onClose: the HTTP
  // server's close (before onClose) waits for every open connection, these sockets included.
  app.addHook('preClose', async () => {
    for (const client of wss.clients) client.close(1001, 'server shutting down');
    await server.dispose();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });
}

import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { FastifyBaseLogger } from 'fastify';
import type { GraphQLFormattedError } from 'graphql';
import type { RequestContext } from './context';
import { DATABASE_UNAVAILABLE_MESSAGE, describeDatabaseError, isDatabaseUnavailable } from '../platform/errors';

/** Codes of errors that are the caller's to see as they are. */
const EXPOSED_CODES = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'SERVICE_UNAVAILABLE',
]);

/**
 * The code a caller sees for an error: SERVICE_UNAVAILABLE for a database outage (also one raised before execution,
 * when the API keys could not be read, which Apollo prefixes with "Context creation failed"), the error's own code when
 * it is one the API exposes, INTERNAL_SERVER_ERROR for anything unexpected.
 */
export function publicErrorCode(error: unknown, code: unknown, message: string): string {
  if (isDatabaseUnavailable(unwrapResolverError(error)) || code === 'SERVICE_UNAVAILABLE') return 'SERVICE_UNAVAILABLE';
  if (typeof code === 'string' && EXPOSED_CODES.has(code)) return code;
  // graphql-js stops coercing variables after 50 errors with an uncoded error of its own: still the caller's input.
  if (message.startsWith('Too many errors processing variables')) return 'BAD_USER_INPUT';
  return 'INTERNAL_SERVER_ERROR';
}

/**
 * Error mapping for Apollo's `formatError`: database outages become SERVICE_UNAVAILABLE, anything unexpected is masked
 * (its stack shown only in development); the request id that the logs carry is attached by the plugin below.
 */
export function formatError(development: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = publicErrorCode(error, formatted.extensions?.code, formatted.message);
    if (code === 'SERVICE_UNAVAILABLE') {
      // An outage's own message; a SERVICE_UNAVAILABLE the API raised itself keeps its message (Apollo's prefix aside).
      const ours = formatted.extensions?.code === code && !formatted.message.startsWith('Context creation failed');
      return ours
        ? { message: formatted.message, path: formatted.path, extensions: { ...formatted.extensions, code } }
        : { message: DATABASE_UNAVAILABLE_MESSAGE, path: formatted.path, extensions: { code } };
    }
    if (code !== 'INTERNAL_SERVER_ERROR') return code === formatted.extensions?.code ? formatted : { ...formatted, extensions: { code } };
    if (development) return formatted;
    return { message: 'Internal server error', path: formatted.path, extensions: { code } };
  };
}

/**
 * Logs unexpected errors with the request id and stack, and database failures as one line saying what happened (with
 * `databaseProblem`, what the embedded database reported); adds `requestId` to every error and the DynamoDB tally when
 * asked.
 */
export function requestPlugin(
  logger: FastifyBaseLogger,
  reportStats: boolean,
  databaseProblem: () => string | undefined = () => undefined,
): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            const code = error.extensions?.code;
            if (isDatabaseUnavailable(original)) {
              const what = databaseProblem() ?? describeDatabaseError(original);
              logger.warn(
                { requestId: contextValue.requestId, path: error.path, error: describeDatabaseError(original) },
                `database unavailable: ${what}`,
              );
              continue;
            }
            if (typeof code === 'string' && EXPOSED_CODES.has(code)) continue;
            logger.error({ requestId: contextValue.requestId, err: original, path: error.path }, 'request failed');
          }
        },
        async willSendResponse({ response, contextValue }: GraphQLRequestContextWillSendResponse<RequestContext>) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (result.errors) {
            result.errors = result.errors.map((e) => ({ ...e, extensions: { ...e.extensions, requestId: contextValue.requestId } }));
          }
          if (reportStats) result.extensions = { ...result.extensions, dynamodb: contextValue.stats };
        },
      };
    },
  };
}

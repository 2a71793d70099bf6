import { GraphQLError } from 'graphql';

/** The closed set of `extensions.code` values this API raises. */
export type ErrorCode = 'BAD_USER_INPUT' | 'SERVICE_UNAVAILABLE' | 'INTERNAL_SERVER_ERROR' | 'UNAUTHENTICATED' | 'FORBIDDEN';

/** A request-level error (not an expected mutation failure, which is a userError). */
export function apiError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

/** A bad argument: a malformed id, cursor or value. */
export function badUserInput(message: string, argument?: string): GraphQLError {
  return apiError('BAD_USER_INPUT', message, argument ? { argument } : {});
}

/** Expected mutation failures, reported as data. */
export type UserErrorCode = 'INVALID' | 'NOT_FOUND' | 'ALREADY_EXISTS' | 'CONFLICT';
export interface UserError {
  code: UserErrorCode;
  field: string[] | null;
  message: string;
}

/** One user error. */
export function userError(code: UserErrorCode, message: string, field: (string | number)[] | null = null): UserError {
  return { code, message, field: field ? field.map(String) : null };
}

/** What a caller reads when DynamoDB cannot be reached (or is throttling) right now. */
export const DATABASE_UNAVAILABLE_MESSAGE = 'The database is unavailable right now; retry shortly.';

const UNAVAILABLE_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'ServiceUnavailable',
  'InternalServerError',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'UnprocessedError',
]);

// The SDK wraps socket errors it cannot recognise as Error instances (another realm, e.g. under a VM sandbox) into a
// plain Error whose message alone still names the socket error code.
const SOCKET_CODE_IN_MESSAGE = /\b(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND)\b/;

/** True for an error meaning DynamoDB cannot be reached, is overloaded or failed on its side right now (retrying later may work). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return unavailable(error, new Set());
}

// `seen` stops a cause chain (or an AggregateError) that refers back to itself from looping forever.
function unavailable(error: unknown, seen: Set<object>): boolean {
  for (let e: unknown = error; e && typeof e === 'object' && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const { name, code, $fault } = e as { name?: string; code?: string; $fault?: string };
    if ((name && UNAVAILABLE_NAMES.has(name)) || (code && UNAVAILABLE_NAMES.has(code))) return true;
    // Any 5xx answer of the service (DynamoDB Local's InternalFailure when its storage fails, too): the failure is
    // DynamoDB's, and a later retry may succeed.
    if ($fault === 'server') return true;
    if (SOCKET_CODE_IN_MESSAGE.test(String((e as { message?: unknown }).message ?? ''))) return true;
    if (e instanceof AggregateError && e.errors.some((inner: unknown) => unavailable(inner, seen))) return true;
  }
  return false;
}

/** One line for a database failure: the error's name and first line of message (no stack). */
export function describeDatabaseError(error: unknown): string {
  const e = error as { name?: string; message?: string; code?: string };
  const message = String(e?.message ?? error)
    .split('\n')[0]
    .slice(0, 300);
  return `${e?.name && e.name !== 'Error' ? `${e.name}: ` : e?.code ? `${e.code}: ` : ''}${message}`;
}

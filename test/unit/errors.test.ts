/** Error helpers: GraphQL error codes, user errors, and which failures mean "DynamoDB is unavailable". */
import { apiError, badUserInput, isDatabaseUnavailable, userError } from '../../src/platform/errors';
import { UnprocessedError } from '../../src/db/batch';

function named(name: string, message = name): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

function withCode(code: string, message = `connect ${code} 127.0.0.1:8000`): Error {
  return Object.assign(new Error(message), { code });
}

describe('isDatabaseUnavailable', () => {
  it.each([
    'TimeoutError',
    'RequestTimeout',
    'ThrottlingException',
    'ProvisionedThroughputExceededException',
    'RequestLimitExceeded',
    'ServiceUnavailable',
    'InternalServerError',
  ])('true for an SDK %s', (name) => {
    expect(isDatabaseUnavailable(named(name, 'x'))).toBe(true);
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE'])(
    'true for a socket error with code %s',
    (code) => {
      expect(isDatabaseUnavailable(withCode(code))).toBe(true);
    },
  );

  it('true for an UnprocessedError from the batch helpers', () => {
    expect(isDatabaseUnavailable(new UnprocessedError('BatchWriteItem', 3))).toBe(true);
  });

  it('true when ECONNREFUSED is nested in the cause chain', () => {
    const socket = withCode('ECONNREFUSED');
    const sdk = new Error('request failed', { cause: new Error('network', { cause: socket }) });
    expect(isDatabaseUnavailable(sdk)).toBe(true);
  });

  it('true for an AggregateError holding a refused connection (one per address tried)', () => {
    const aggregate = new AggregateError([new Error('something else'), withCode('ECONNREFUSED')], 'all addresses failed');
    expect(isDatabaseUnavailable(aggregate)).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: aggregate }))).toBe(true);
  });

  it('true when only the message names the socket error (a wrapped error from another realm)', () => {
    expect(isDatabaseUnavailable(new Error('socket hang up: connect ECONNREFUSED 127.0.0.1:8000'))).toBe(true);
  });

  it.each([
    ['a validation error', named('ValidationException', 'One or more parameter values were invalid')],
    ['a failed condition', named('ConditionalCheckFailedException', 'The conditional request failed')],
    ['a missing table', named('ResourceNotFoundException', 'Requested resource not found')],
    ['a plain bug', new TypeError('cannot read properties of undefined')],
    ['an AggregateError of ordinary errors', new AggregateError([new Error('a'), new RangeError('b')])],
  ])('false for %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it.each([null, undefined, 'ECONNREFUSED', 42, {}])('false for the non-error %p', (value) => {
    expect(isDatabaseUnavailable(value)).toBe(false);
  });

  it('terminates on a cause chain that loops back on itself', () => {
    let visits = 0;
    const looping = new Error('loop');
    Object.defineProperty(looping, 'cause', {
      get() {
        if (++visits > 1000) throw new Error('followed the cause chain forever');
        return looping;
      },
    });
    expect(isDatabaseUnavailable(looping)).toBe(false);
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.defineProperty(a, 'cause', { value: b });
    expect(isDatabaseUnavailable(a)).toBe(false);
    const aggregate = new AggregateError([new Error('x')]);
    (aggregate.errors as unknown[]).push(aggregate);
    expect(isDatabaseUnavailable(aggregate)).toBe(false);
  });
});

describe('apiError and badUserInput', () => {
  it('carries the code in extensions', () => {
    const e = apiError('SERVICE_UNAVAILABLE', 'down', { retryAfter: 1 });
    expect(e.message).toBe('down');
    expect(e.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfter: 1 });
  });

  it('names the argument of a bad input when given', () => {
    expect(badUserInput('bad id', 'id').extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'id' });
    expect(badUserInput('bad').extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });
});

describe('userError', () => {
  it('stringifies field path segments and keeps null for a whole-input error', () => {
    expect(userError('INVALID', 'must be between 0 and 1', ['input', 'labels', 3, 'f1'])).toEqual({
      code: 'INVALID',
      message: 'must be between 0 and 1',
      field: ['input', 'labels', '3', 'f1'],
    });
    expect(userError('NOT_FOUND', 'no such job')).toEqual({ code: 'NOT_FOUND', message: 'no such job', field: null });
  });
});

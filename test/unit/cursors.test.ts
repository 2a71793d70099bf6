/** Cursor codec: opaque, versioned, scoped; anything malformed or foreign is BAD_USER_INPUT, never a read elsewhere. */
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../src/platform/pagination/cursors';

const JOB_A = '6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e';
const JOB_B = '0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d';
const sortKey = z.string().min(1);
const labelPosition = z.object({ ts: z.string(), jobId: z.string(), epoch: z.number().int().nullable() });

const b64 = (text: string): string => Buffer.from(text).toString('base64url');

/** A real cursor with its decoded envelope changed by `patch` (keys set to undefined are removed), re-encoded. */
function tamper(cursor: string, patch: Record<string, unknown>): string {
  const envelope = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
  return b64(JSON.stringify({ ...envelope, ...patch }));
}

function rejection(run: () => unknown): GraphQLError {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw new Error(`expected a GraphQLError, got ${String(error)}`);
  }
  throw new Error('expected the cursor to be rejected');
}

function expectBadCursor(cursor: string, kind = 'jobLogs', scope = JOB_A, schema: z.ZodType<unknown> = sortKey): void {
  const error = rejection(() => decodeCursor(cursor, kind, scope, schema));
  expect(error.extensions.code).toBe('BAD_USER_INPUT');
  expect(error.extensions.argument).toBe('after');
  expect(error.message).toMatch(/not a valid cursor/);
}

describe('encodeCursor / decodeCursor', () => {
  it('round-trips a string position', () => {
    const cursor = encodeCursor('jobLogs', JOB_A, 'LOG#2025-12-30T08:00:00.800123+00:00');
    expect(decodeCursor(cursor, 'jobLogs', JOB_A, sortKey)).toBe('LOG#2025-12-30T08:00:00.800123+00:00');
  });

  it('round-trips an object position', () => {
    const position = { ts: '2026-01-03T08:15:00.000123', jobId: JOB_B, epoch: 1 };
    const cursor = encodeCursor('labelHistory', 'MERCHANT_NAME', position);
    expect(decodeCursor(cursor, 'labelHistory', 'MERCHANT_NAME', labelPosition)).toEqual(position);
  });

  it('is opaque base64url: no padding, no +, /, = and no readable key material', () => {
    const cursor = encodeCursor('jobMetrics', `${JOB_A}/*`, 'METRIC#val_f1#2025-12-30T08:15:00.000123+00:00');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('METRIC');
  });

  it('returns null for a missing cursor', () => {
    expect(decodeCursor(null, 'jobLogs', JOB_A, sortKey)).toBeNull();
    expect(decodeCursor(undefined, 'jobLogs', JOB_A, sortKey)).toBeNull();
  });
});

describe('decodeCursor rejects with BAD_USER_INPUT', () => {
  it('an empty string', () => expectBadCursor(''));

  it('characters outside base64url (standard base64, padding, spaces)', () => {
    const good = encodeCursor('jobLogs', JOB_A, 'LOG#x');
    expectBadCursor(`${good}=`);
    expectBadCursor(Buffer.from(JSON.stringify({ v: 1, k: 'jobLogs', s: JOB_A, p: 'LOG#>>>?' })).toString('base64'));
    expectBadCursor(`${good.slice(0, 4)} ${good.slice(4)}`);
    expectBadCursor('abc/def');
  });

  it('base64 that is not JSON', () => {
    expectBadCursor(b64('hello, world'));
    expectBadCursor(b64('{"v":1,'));
  });

  it('JSON that is not an envelope', () => {
    expectBadCursor(b64('null'));
    expectBadCursor(b64('"LOG#x"'));
    expectBadCursor(b64('[1,"jobLogs","x","LOG#x"]'));
    expectBadCursor(b64(JSON.stringify({ k: 'jobLogs', s: JOB_A, p: 'LOG#x' })));
    expectBadCursor(b64(JSON.stringify({ v: 1, k: 7, s: JOB_A, p: 'LOG#x' })));
  });

  it('another version', () => {
    const good = encodeCursor('jobLogs', JOB_A, 'LOG#x');
    expect(decodeCursor(tamper(good, {}), 'jobLogs', JOB_A, sortKey)).toBe('LOG#x');
    expectBadCursor(tamper(good, { v: 2 }));
    expectBadCursor(tamper(good, { v: '1' }));
    expectBadCursor(tamper(good, { v: undefined }));
  });

  it('a hand-edited position inside a real cursor', () => {
    const good = encodeCursor('jobLogs', JOB_A, 'LOG#2025-12-30T08:00:00.800123+00:00');
    expectBadCursor(tamper(good, { p: 'LOG#2099-01-01T00:00:00.000000+00:00' }));
  });

  it('a cursor of another list', () => {
    expectBadCursor(encodeCursor('jobMetrics', JOB_A, 'LOG#x'), 'jobLogs', JOB_A);
  });

  it('a cursor of another job (cannot read another partition)', () => {
    expectBadCursor(encodeCursor('jobLogs', JOB_B, 'LOG#x'), 'jobLogs', JOB_A);
  });

  it('a cursor of another metric or label', () => {
    const cursor = encodeCursor('metricHistory', 'val_f1', { jobId: JOB_A, sortKey: 'METRIC#val_f1#t', timestamp: 't' });
    const schema = z.object({ jobId: z.string(), sortKey: z.string(), timestamp: z.string() });
    expect(decodeCursor(cursor, 'metricHistory', 'val_f1', schema)).toEqual({ jobId: JOB_A, sortKey: 'METRIC#val_f1#t', timestamp: 't' });
    expectBadCursor(cursor, 'metricHistory', 'eval_loss', schema);
    expectBadCursor(encodeCursor('labelHistory', 'TOTAL', { ts: 't', jobId: JOB_A, epoch: 1 }), 'labelHistory', 'ADDRESS', labelPosition);
  });

  it('a position of the wrong shape', () => {
    expectBadCursor(encodeCursor('jobLogs', JOB_A, 42));
    expectBadCursor(encodeCursor('jobLogs', JOB_A, ''));
    expectBadCursor(encodeCursor('jobLogs', JOB_A, null));
    expectBadCursor(encodeCursor('labelHistory', 'TOTAL', { ts: 't', jobId: JOB_A, epoch: 1.5 }), 'labelHistory', 'TOTAL', labelPosition);
    expectBadCursor(encodeCursor('labelHistory', 'TOTAL', { ts: 't', jobId: JOB_A }), 'labelHistory', 'TOTAL', labelPosition);
    expectBadCursor(b64(JSON.stringify({ v: 1, k: 'jobLogs', s: JOB_A })));
  });

  it('an overlong cursor, even a well-formed one', () => {
    const long = encodeCursor('jobLogs', JOB_A, `LOG#${'x'.repeat(2000)}`);
    expect(long.length).toBeGreaterThan(2048);
    expectBadCursor(long, 'jobLogs', JOB_A, z.string());
    const fits = encodeCursor('jobLogs', JOB_A, `LOG#${'x'.repeat(1400)}`);
    expect(fits.length).toBeLessThanOrEqual(2048);
    expect(decodeCursor(fits, 'jobLogs', JOB_A, z.string())).toBe(`LOG#${'x'.repeat(1400)}`);
  });
});

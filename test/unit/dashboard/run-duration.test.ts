import { runDuration } from '../../../dashboard/src/lib/run-duration';

const CREATED = '2026-01-01T10:00:00.000Z';
const at = (iso: string) => Date.parse(iso);

describe('runDuration', () => {
  test('the run’s train_runtime when it has one, whatever its times say', () => {
    expect(
      runDuration({ status: 'SUCCEEDED', createdAt: CREATED, lastSeenAt: '2026-01-01T12:00:00Z', results: { trainRuntime: 95.5 } }),
    ).toBe(95.5);
    expect(runDuration({ status: 'RUNNING', createdAt: CREATED, results: { trainRuntime: 0 } }, at('2026-01-02T00:00:00Z'))).toBe(0);
  });

  test('a pending or running run: from its creation to now', () => {
    const now = at('2026-01-01T10:05:00Z');
    expect(runDuration({ status: 'RUNNING', createdAt: CREATED, lastSeenAt: '2026-01-01T10:01:00Z' }, now)).toBe(300);
    expect(runDuration({ status: 'PENDING', createdAt: CREATED, results: null }, now)).toBe(300);
  });

  test('a finished run: from its creation to its last write; without one (or a readable creation) it cannot be told', () => {
    const now = at('2026-02-01T00:00:00Z');
    expect(runDuration({ status: 'FAILED', createdAt: CREATED, lastSeenAt: '2026-01-01T10:00:42Z' }, now)).toBe(42);
    expect(runDuration({ status: 'SUCCEEDED', createdAt: CREATED, lastSeenAt: null }, now)).toBeNull();
    expect(runDuration({ status: 'RUNNING', createdAt: 'not a time' }, now)).toBeNull();
  });
});

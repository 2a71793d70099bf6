/** Reading conditional-write failures: single writes by name, cancelled transactions by the items that failed. */
import { failedConditions, isConditionFailed, isTransactionCanceled } from '../../src/db/conditions';

const cancelled = (...codes: (string | undefined)[]) =>
  Object.assign(new Error('Transaction cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: codes.map((Code) => (Code ? { Code } : {})),
  });

describe('isConditionFailed / isTransactionCanceled', () => {
  it('tell the two errors apart, and anything else from both', () => {
    const failed = Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
    expect([isConditionFailed(failed), isTransactionCanceled(failed)]).toEqual([true, false]);
    expect([isConditionFailed(cancelled('None')), isTransactionCanceled(cancelled('None'))]).toEqual([false, true]);
    for (const other of [
      new Error('boom'),
      Object.assign(new Error('x'), { name: 'ProvisionedThroughputExceededException' }),
      null,
      undefined,
      'text',
    ]) {
      expect([isConditionFailed(other), isTransactionCanceled(other)]).toEqual([false, false]);
    }
  });
});

describe('failedConditions', () => {
  const marker = { Put: 'marker' };
  const guard = { ConditionCheck: 'job' };
  const row = { Put: 'row' };

  it('names the items whose condition failed, whatever their position', () => {
    expect(failedConditions(cancelled('ConditionalCheckFailed', 'None', 'None'), [marker, guard, row])).toEqual([marker]);
    expect(failedConditions(cancelled('None', 'ConditionalCheckFailed', 'None'), [marker, guard, row])).toEqual([guard]);
    expect(failedConditions(cancelled('None', 'ConditionalCheckFailed', 'None'), [row, marker, guard])).toEqual([marker]);
    expect(failedConditions(cancelled('ConditionalCheckFailed', 'None', 'ConditionalCheckFailed'), [marker, guard, row])).toEqual([
      marker,
      row,
    ]);
  });

  it('is empty for a cancellation with no failed condition (a conflict, or no reasons given)', () => {
    expect(failedConditions(cancelled('None', 'TransactionConflict', undefined), [marker, guard, row])).toEqual([]);
    expect(failedConditions(Object.assign(new Error('x'), { name: 'TransactionCanceledException' }), [marker, guard])).toEqual([]);
  });

  it('is null for an error that is not a cancellation', () => {
    expect(failedConditions(new Error('socket hang up'), [marker])).toBeNull();
    expect(failedConditions(Object.assign(new Error('x'), { name: 'ConditionalCheckFailedException' }), [marker])).toBeNull();
  });
});

/** How conditional writes fail: one home for reading DynamoDB's condition and cancellation errors. */

type CancellationReason = { Code?: string };

/** True when a single conditional write (PutItem, UpdateItem, DeleteItem) was refused by its condition. */
export function isConditionFailed(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';
}

/** True when a TransactWriteItems call was cancelled: a condition failed, or another write conflicted. */
export function isTransactionCanceled(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'TransactionCanceledException';
}

/**
 * The items of a cancelled transaction whose own condition failed, among `items` (the TransactItems as sent, in
 * order): callers ask by item, never by position. Null when `error` is not a cancellation; empty when the transaction
 * was cancelled for another reason (a conflicting write, throttling).
 */
export function failedConditions<T>(error: unknown, items: readonly T[]): T[] | null {
  if (!isTransactionCanceled(error)) return null;
  const reasons = (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
  return items.filter((_, i) => reasons[i]?.Code === 'ConditionalCheckFailed');
}

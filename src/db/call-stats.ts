/** Per-request tally of DynamoDB calls, reported in `extensions.dynamodb` when DYNAMODB_STATS=1. */
export interface CallStats {
  calls: number;
  commands: Record<string, number>;
  itemsRead: number;
  /** Capacity units DynamoDB reported as consumed (ReturnConsumedCapacity TOTAL). */
  readCapacityUnits: number;
  writeCapacityUnits: number;
}

/** An empty tally. */
export function newCallStats(): CallStats {
  return { calls: 0, commands: {}, itemsRead: 0, readCapacityUnits: 0, writeCapacityUnits: 0 };
}

/** Adds `attempts` calls of `operation` (retries included) and the items they returned. */
export function recordCall(stats: CallStats, operation: string, attempts: number, itemsRead: number): void {
  stats.calls += attempts;
  stats.commands[operation] = (stats.commands[operation] ?? 0) + attempts;
  stats.itemsRead += itemsRead;
}

export const READ_OPERATIONS: ReadonlySet<string> = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);

/** Adds the capacity one call consumed, as a read or a write by its operation. */
export function recordCapacity(stats: CallStats, operation: string, units: number): void {
  if (READ_OPERATIONS.has(operation)) stats.readCapacityUnits += units;
  else stats.writeCapacityUnits += units;
}

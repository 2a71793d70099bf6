/** Per-request tally of DynamoDB calls, reported in `extensions.dynamodb` when DYNAMODB_STATS=1. */
export interface CallStats {
  calls: number;
  commands: Record<string, number>;
  itemsRead: number;
}

/** An empty tally. */
export function newCallStats(): CallStats {
  return { calls: 0, commands: {}, itemsRead: 0 };
}

/** Adds `attempts` calls of `operation` (retries included) and the items they returned. */
export function recordCall(stats: CallStats, operation: string, attempts: number, itemsRead: number): void {
  stats.calls += attempts;
  stats.commands[operation] = (stats.commands[operation] ?? 0) + attempts;
  stats.itemsRead += itemsRead;
}

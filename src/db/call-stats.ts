/** Per-request tally of DynamoDB calls, reported in `extensions.dynamodb` when DYNAMODB_STATS=1. */
export interface CallStats {
  calls: number;
  commands: Record<string, number>;
  itemsRead: number;
  /** Capacity units DynamoDB reported as consumed (ReturnConsumedCapacity TOTAL). */
  readCapacityUnits: number;
  writeCapacityUnits: number;
  /**
   * Capacity units by DynamoDB's published rules, computed from the items written and read (./capacity-rules.ts), on
   * a gateway that counts them (DYNAMODB_STATS=1, the bench): DynamoDB Local under-reports transactions and index
   * copies, so its own figures above cannot judge a layout's cost.
   */
  rcuByRule: number;
  wcuByRule: number;
  /** Writes and reads the rules could not size from the items, by how they were counted instead (each says so). */
  ruleEstimates: Record<string, number>;
}

/** An empty tally. */
export function newCallStats(): CallStats {
  return {
    calls: 0,
    commands: {},
    itemsRead: 0,
    readCapacityUnits: 0,
    writeCapacityUnits: 0,
    rcuByRule: 0,
    wcuByRule: 0,
    ruleEstimates: {},
  };
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

/** Capacity of one call by the published rules, and what of it had to be estimated (one line per item, saying how). */
export interface RuleCapacity {
  read: number;
  write: number;
  estimates: string[];
}

/** Adds one call's capacity by rule. */
export function recordRuleCapacity(stats: CallStats, rule: RuleCapacity): void {
  stats.rcuByRule += rule.read;
  stats.wcuByRule += rule.write;
  for (const why of rule.estimates) stats.ruleEstimates[why] = (stats.ruleEstimates[why] ?? 0) + 1;
}

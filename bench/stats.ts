import { newCallStats, type CallStats } from '../src/db/call-stats';

/** The q-quantile (0..1) of `sorted` ascending values, nearest-rank; NaN for none. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Adds `b` into `a`. */
export function addStats(a: CallStats, b: CallStats): void {
  a.calls += b.calls;
  a.itemsRead += b.itemsRead;
  a.readCapacityUnits += b.readCapacityUnits;
  a.writeCapacityUnits += b.writeCapacityUnits;
  a.rcuByRule += b.rcuByRule ?? 0;
  a.wcuByRule += b.wcuByRule ?? 0;
  for (const [op, n] of Object.entries(b.commands)) a.commands[op] = (a.commands[op] ?? 0) + n;
  for (const [why, n] of Object.entries(b.ruleEstimates ?? {})) a.ruleEstimates[why] = (a.ruleEstimates[why] ?? 0) + n;
}

/** Sum of several tallies. */
export function sumStats(list: readonly CallStats[]): CallStats {
  const total = newCallStats();
  for (const s of list) addStats(total, s);
  return total;
}

/** DynamoDB write operations: the ones W6 and W7 count. */
const WRITE_OPERATIONS = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems'];

/** Write calls in one tally. */
export function writeCalls(stats: CallStats): number {
  return WRITE_OPERATIONS.reduce((n, op) => n + (stats.commands[op] ?? 0), 0);
}

/** What one side of a workload measured. */
export interface SideResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Means per request. */
  calls: number;
  itemsRead: number;
  /** Capacity units DynamoDB (Local) reported. */
  rcu: number;
  wcu: number;
  /** Capacity units by DynamoDB's published rules (src/db/capacity-rules.ts), and the most any one request used. */
  rcuByRule: number;
  wcuByRule: number;
  maxRcuByRule: number;
  maxWcuByRule: number;
  /** Item reads and writes the rules had to estimate, per request, by how (src/db/capacity-rules.ts). */
  ruleEstimates: Record<string, number>;
  /** Calls per request by operation. */
  commands: Record<string, number>;
  /** Largest number of calls, and the fewest and most write calls, that any single request made. */
  maxCalls: number;
  minWriteCalls: number;
  maxWriteCalls: number;
  /** Requests that failed, how many of them the server answered SERVICE_UNAVAILABLE, and the first failure's message. */
  errors: number;
  unavailable: number;
  firstError: string | null;
}

/** What one side's timed slices collected. */
export interface TimedRun {
  /** Latency (ms) and DynamoDB tally of each successful request. */
  latencies: number[];
  stats: CallStats[];
  seconds: number;
  /** Requests that threw (an error response, a lost connection), kept out of the latencies. */
  errors: string[];
  /** Of those, the ones the server answered with SERVICE_UNAVAILABLE only. */
  unavailable: number;
}

/** Summarises a timed run. */
export function summarise(run: TimedRun): SideResult {
  const { seconds, errors, stats, latencies: latenciesMs } = run;
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const n = Math.max(1, stats.length);
  const total = sumStats(stats);
  return {
    requests: latenciesMs.length,
    seconds,
    perSecond: latenciesMs.length / seconds,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    calls: total.calls / n,
    itemsRead: total.itemsRead / n,
    rcu: total.readCapacityUnits / n,
    wcu: total.writeCapacityUnits / n,
    rcuByRule: total.rcuByRule / n,
    wcuByRule: total.wcuByRule / n,
    maxRcuByRule: stats.reduce((m, s) => Math.max(m, s.rcuByRule ?? 0), 0),
    maxWcuByRule: stats.reduce((m, s) => Math.max(m, s.wcuByRule ?? 0), 0),
    ruleEstimates: Object.fromEntries(Object.entries(total.ruleEstimates).map(([why, c]) => [why, c / n])),
    commands: Object.fromEntries(Object.entries(total.commands).map(([op, c]) => [op, c / n])),
    maxCalls: stats.reduce((m, s) => Math.max(m, s.calls), 0),
    minWriteCalls: stats.length ? stats.reduce((m, s) => Math.min(m, writeCalls(s)), Infinity) : 0,
    maxWriteCalls: stats.reduce((m, s) => Math.max(m, writeCalls(s)), 0),
    errors: errors.length,
    unavailable: run.unavailable,
    firstError: errors[0] ?? null,
  };
}

import type { CallResult } from './client';
import type { SentEpoch, SentFinalize, SentLog, SentPoints } from './audit';

/** Everything clients sent and saw: what the server acknowledged, per-operation latencies, failures by code. */
export class Ledger {
  readonly epochs: SentEpoch[] = [];
  readonly points: SentPoints[] = [];
  readonly logs: SentLog[] = [];
  readonly finalizes: SentFinalize[] = [];
  /** Jobs created so far (acknowledged), for dashboards to look at. */
  readonly jobIds: string[] = [];
  readonly latencies = new Map<string, number[]>();
  readonly failures = new Map<string, number>();
  /** Responses with an HTTP status of 500 or more. */
  http5xx = 0;
  /** Failures that were not the database being unavailable (or the server shutting down): each one is a bug. */
  readonly unexpected: string[] = [];

  /** Tallies one call of `operation`; `expected` lists failure codes that are a normal answer under a fault. */
  record(operation: string, result: CallResult<unknown>, expected: readonly string[] = ['SERVICE_UNAVAILABLE', 'NETWORK']): void {
    if (result.status >= 500) this.http5xx++;
    if (result.code === null) {
      const list = this.latencies.get(operation) ?? [];
      list.push(result.ms);
      this.latencies.set(operation, list);
      return;
    }
    const key = `${operation} ${result.code}`;
    this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
    if (!expected.includes(result.code)) this.unexpected.push(key);
  }

  /** Successful calls so far. */
  get succeeded(): number {
    let n = 0;
    for (const list of this.latencies.values()) n += list.length;
    return n;
  }
}

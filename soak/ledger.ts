import type { CallResult } from './client';
import type { SentEpoch, SentFinalize, SentLog, SentPoints } from './audit';

/** Who made a call: trainers write, dashboards read. */
export type Role = 'trainer' | 'dashboard';

/** One call as its client saw it, on the run's clock (performance.now()). */
export interface CallSpan {
  client: string;
  role: Role;
  operation: string;
  startedAt: number;
  endedAt: number;
  /** The failure's code; null when it succeeded. */
  code: string | null;
}

/** Dashboard answers checked against what trainers had been acknowledged before the query started. */
export interface AnswerChecks {
  /** Answers checked, and of those the ones that held at least one acknowledged epoch to compare. */
  checked: number;
  withEpochs: number;
  /** Acknowledged epochs compared with what an answer showed. */
  epochs: number;
  /** Answers that missed or misstated something, and each thing. */
  wrong: number;
  mismatches: string[];
}

/** Everything clients sent and saw: what the server acknowledged, every call's span, failures by code. */
export class Ledger {
  readonly epochs: SentEpoch[] = [];
  readonly points: SentPoints[] = [];
  readonly logs: SentLog[] = [];
  readonly finalizes: SentFinalize[] = [];
  /** Jobs created so far (acknowledged), for dashboards to look at. */
  readonly jobIds: string[] = [];
  readonly latencies = new Map<string, number[]>();
  readonly failures = new Map<string, number>();
  /** Every call, in the order answered: what a fault's window is checked against. */
  readonly spans: CallSpan[] = [];
  readonly answers: AnswerChecks = { checked: 0, withEpochs: 0, epochs: 0, wrong: 0, mismatches: [] };
  /** Responses with an HTTP status of 500 or more. */
  http5xx = 0;
  /** Failures that were not the database being unavailable (or the server shutting down): each one is a bug. */
  readonly unexpected: string[] = [];

  /** Tallies one call of `operation` by a client; SERVICE_UNAVAILABLE and NETWORK are a normal answer under a fault. */
  record(operation: string, result: CallResult<unknown>, by: { role: Role; name: string }): void {
    this.spans.push({
      client: by.name,
      role: by.role,
      operation,
      startedAt: result.startedAt,
      endedAt: result.startedAt + result.ms,
      code: result.code,
    });
    if (result.status >= 500) this.http5xx++;
    if (result.code === null) {
      const list = this.latencies.get(operation) ?? [];
      list.push(result.ms);
      this.latencies.set(operation, list);
      return;
    }
    const key = `${operation} ${result.code}`;
    this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
    if (!['SERVICE_UNAVAILABLE', 'NETWORK'].includes(result.code)) this.unexpected.push(key);
  }

  /** Successful calls so far. */
  get succeeded(): number {
    let n = 0;
    for (const list of this.latencies.values()) n += list.length;
    return n;
  }
}

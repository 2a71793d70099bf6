import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { READ_OPERATIONS } from '../db/call-stats';
import type { CallObserver } from '../db/gateway';

/** Operation names are the client's choice: at most this many distinct ones get their own series, the rest `other`. */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The server's Prometheus metrics (`GET /metrics`), on a registry of its own: GraphQL requests and their latency by
 * operation name and outcome, errors by code, DynamoDB calls and consumed capacity by command, and Node's process
 * figures (CPU, memory, event-loop lag, GC).
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'graphql_requests_total',
    help: 'GraphQL requests by operation name and outcome (ok or the first error code)',
    labelNames: ['operation', 'outcome'],
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'GraphQL request latency by operation name and outcome',
    labelNames: ['operation', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly errors = new Counter({
    name: 'graphql_errors_total',
    help: 'GraphQL errors by code',
    labelNames: ['code'],
    registers: [this.registry],
  });
  private readonly dynamoCalls = new Counter({
    name: 'dynamodb_calls_total',
    help: 'DynamoDB calls (every attempt) by command',
    labelNames: ['command'],
    registers: [this.registry],
  });
  private readonly capacity = new Counter({
    name: 'dynamodb_consumed_capacity_units_total',
    help: 'Consumed DynamoDB capacity units by command and kind (read or write)',
    labelNames: ['command', 'kind'],
    registers: [this.registry],
  });
  private readonly operations = new Set<string>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Reports the open subscriptions of this instance (read at each scrape). */
  watchSubscriptions(count: () => number): void {
    new Gauge({
      name: 'graphql_subscriptions_active',
      help: 'Subscriptions open on this instance (graphql-ws)',
      registers: [this.registry],
      collect() {
        this.set(count());
      },
    });
  }

  /** What a gateway reports for each call. */
  readonly observeCall: CallObserver = (operation, attempts, capacityUnits) => {
    this.dynamoCalls.inc({ command: operation }, attempts);
    if (capacityUnits > 0)
      this.capacity.inc({ command: operation, kind: READ_OPERATIONS.has(operation) ? 'read' : 'write' }, capacityUnits);
  };

  /** One GraphQL request: its operation name (or `anonymous`), outcome and duration. */
  observeRequest(operationName: string | null | undefined, outcome: string, seconds: number): void {
    const operation = this.operationLabel(operationName);
    this.requests.inc({ operation, outcome });
    this.latency.observe({ operation, outcome }, seconds);
  }

  observeError(code: string): void {
    this.errors.inc({ code });
  }

  private operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_NAMES) return 'other';
    this.operations.add(name);
    return name;
  }
}

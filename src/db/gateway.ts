import type { $Command, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { capacityByRule, SeenItems } from './capacity-rules';
import { recordCall, recordCapacity, recordRuleCapacity, type CallStats } from './call-stats';
import type { DynamoClients } from './client';
import { lowLevelRead } from './read-commands';
import { stampWriter } from './write-stamp';

type Capacity = { CapacityUnits?: number };
type Output = {
  $metadata?: { attempts?: number };
  Items?: unknown[];
  Item?: unknown;
  Responses?: unknown;
  ConsumedCapacity?: Capacity | Capacity[];
};

/** The items each tally's request has read by key, for sizing its later updates, deletes and checks by rule. */
const seenByTally = new WeakMap<CallStats, SeenItems>();
function seenItemsOf(stats: CallStats): SeenItems {
  let seen = seenByTally.get(stats);
  if (!seen) seenByTally.set(stats, (seen = new SeenItems()));
  return seen;
}

/** Total capacity units in a response (one entry, or one per table for batch and transaction calls). */
function capacityIn(output: Output): number {
  const consumed = output.ConsumedCapacity;
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  return list.reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
}
/**
 * Any document-client or low-level command. The SDK's Command is invariant in its operation's input and output types
 * (its middleware stack takes and returns them), so the one parameter that takes every operation leaves those open;
 * the caller of `send` names the output it expects.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: the SDK's command type, left open on purpose
export type AnyCommand = $Command<any, any, any>;

// Document-client command names differ from the DynamoDB API operations they call.
const OPERATION_OF: Record<string, string> = {
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  TransactWrite: 'TransactWriteItems',
  TransactGet: 'TransactGetItems',
};

/** The DynamoDB API operation a command calls, e.g. BatchGetItem for lib-dynamodb's BatchGetCommand. */
export function operationName(command: object): string {
  const name = command.constructor.name.replace(/Command$/, '');
  return OPERATION_OF[name] ?? name;
}

/** Counts the items a read returned (Query/Scan Items, GetItem Item, BatchGetItem Responses). */
function itemsIn(output: Output): number {
  if (Array.isArray(output.Items)) return output.Items.length;
  if (output.Item) return 1;
  const responses = output.Responses;
  if (Array.isArray(responses)) return responses.filter((r) => r && (r as { Item?: unknown }).Item).length;
  if (responses && typeof responses === 'object') {
    return Object.values(responses as Record<string, unknown[]>).reduce((n, list) => n + list.length, 0);
  }
  return 0;
}

/** Told about every call a gateway sends: its operation, attempts and consumed capacity units (the /metrics figures). */
export type CallObserver = (operation: string, attempts: number, capacityUnits: number) => void;

/** What a gateway adds to its clients: a tally, the writer stamped on writes, an observer of every call. */
export interface GatewayOptions {
  stats?: CallStats;
  /** The API key name stamped as `written_by` on every item this gateway writes. */
  writer?: string;
  observer?: CallObserver;
  /**
   * Also tally capacity by DynamoDB's published rules (`rcuByRule`/`wcuByRule`, ./capacity-rules.ts): DYNAMODB_STATS=1
   * and the bench's raw baseline. It sizes every item written and read, so production leaves it off.
   */
  capacityByRule?: boolean;
}

/** The one door to DynamoDB for a request: sends commands on the shared clients and tallies every attempt. */
export class DynamoGateway {
  readonly client: DynamoDBDocumentClient;
  /** Where reads go when set (`createDynamoClients`); otherwise the document client sends them as the SDK ships it. */
  private readonly reads?: DynamoDBClient;
  readonly stats?: CallStats;
  readonly writer?: string;
  readonly observer?: CallObserver;
  readonly capacityByRule: boolean;

  constructor(
    private readonly clients: DynamoDBDocumentClient | DynamoClients,
    readonly tableName: string,
    options: GatewayOptions = {},
  ) {
    if ('reads' in clients) {
      this.client = clients.doc;
      this.reads = clients.reads;
    } else {
      this.client = clients;
    }
    this.stats = options.stats;
    this.writer = options.writer;
    this.observer = options.observer;
    this.capacityByRule = options.capacityByRule ?? false;
  }

  private with(options: GatewayOptions): DynamoGateway {
    return new DynamoGateway(this.clients, this.tableName, {
      stats: this.stats,
      writer: this.writer,
      observer: this.observer,
      capacityByRule: this.capacityByRule,
      ...options,
    });
  }

  /** A gateway on the same clients that tallies into `stats` (one per request) and stamps `writer` on writes. */
  withStats(stats: CallStats, writer?: string): DynamoGateway {
    return this.with({ stats, writer });
  }

  /** A gateway on the same clients that also reports every call to `observer`. */
  withObserver(observer: CallObserver): DynamoGateway {
    return this.with({ observer });
  }

  /** Closes the clients' connections (shared by every gateway made from this one). */
  destroy(): void {
    this.client.destroy();
    this.reads?.destroy();
  }

  /** Sends one command; the SDK retries throttling and network errors, and every attempt is counted. */
  async send<T>(command: AnyCommand): Promise<T> {
    const operation = operationName(command);
    // Capacity is asked for only when a request tallies its calls.
    const input = (command as { input?: Record<string, unknown> }).input;
    if (this.writer && input) stampWriter(operation, input, this.writer);
    if (this.stats && input && !('ReturnConsumedCapacity' in input)) input.ReturnConsumedCapacity = 'TOTAL';
    try {
      const reads = this.reads;
      const read: AnyCommand | undefined = reads && lowLevelRead(command);
      const output: Output = await (reads && read ? reads.send(read) : this.client.send(command));
      const attempts = output.$metadata?.attempts ?? 1;
      const units = capacityIn(output);
      if (this.stats) {
        recordCall(this.stats, operation, attempts, itemsIn(output));
        recordCapacity(this.stats, operation, units);
        if (this.capacityByRule && input)
          recordRuleCapacity(
            this.stats,
            capacityByRule(operation, input, output as Record<string, unknown>, units, seenItemsOf(this.stats)),
          );
      }
      this.observer?.(operation, attempts, units);
      return output as T;
    } catch (error) {
      const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
      if (this.stats) recordCall(this.stats, operation, attempts, 0);
      this.observer?.(operation, attempts, 0);
      throw error;
    }
  }
}

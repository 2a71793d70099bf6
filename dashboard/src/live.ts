import { apiKey } from './api.js';
import {
  DashboardAnyEpochDocument,
  DashboardJobEpochDocument,
  DashboardJobUpdatedDocument,
  type DashboardJobEpochSubscription,
  type DashboardJobUpdatedSubscription,
  type TypedDocumentString,
} from './generated/graphql.js';
import { createClient, type Client } from './graphql-ws/client.js';

/*
 * Live updates over one graphql-ws connection to /graphql: every job's updates, every job's epochs (only whether each
 * is a new best) and the full epochs of the jobs the page shows. The connection comes back by itself after a drop.
 */

export type LiveJob = DashboardJobUpdatedSubscription['jobUpdated'];
export type LiveEpoch = DashboardJobEpochSubscription['epochRecorded'];
/** `forbidden`: the server refused the key; `offline`: live updates stopped for another reason (see the detail). */
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'forbidden';

export interface LiveHandlers {
  /** A new job, or a job's new status or results. */
  job(job: LiveJob): void;
  /** Some job's epoch (which job, this feed does not say); `isBest`: it became its job's best, so rankings moved. */
  anyEpoch(isBest: boolean): void;
  /** An epoch of a watched job. */
  epoch(jobId: string, epoch: LiveEpoch): void;
  /** Events may have been lost (before a connection's subscriptions existed, or one failed to resolve): re-read. */
  missed(): void;
  state(state: LiveState, detail?: string): void;
}

/** The server closes a connection without a valid reader key with 4403: retrying with the same key cannot help. */
const FORBIDDEN = 4403;

const closeCode = (error: unknown) => (typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined);

function describe(error: unknown): string {
  if (Array.isArray(error)) return error.map((e: { message?: string }) => e.message).join('; ');
  if (error instanceof Error) return error.message;
  const reason = typeof error === 'object' && error !== null && 'reason' in error ? String(error.reason) : '';
  return reason || `connection closed (${String(closeCode(error))})`;
}

/**
 * The server holds at most 100 subscriptions per connection: the page follows this many jobs' epochs one by one (the
 * focused one first); for any others, the all-jobs feed is the signal.
 */
const MAX_FOLLOWED = 50;

/** 0.5-1 s, then doubling up to 15-30 s; random so that many tabs do not all come back in the same instant. */
const backoff = (retries: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.min(30, 2 ** retries) * (500 + Math.random() * 500)));

export class LiveUpdates {
  private client: Client | null = null;
  /** The per-job epoch subscriptions open now, by job id (their unsubscribe functions). */
  private readonly watching = new Map<string, () => void>();
  /** The jobs to follow, kept while the connection is down so that start() follows them. */
  private wanted = new Set<string>();

  constructor(private readonly on: LiveHandlers) {}

  /** Opens the connection and the subscriptions unless they are open: after the page's first load, a Refresh, a key. */
  start(): void {
    if (this.client) return;
    const client: Client = createClient({
      url: `${location.origin.replace(/^http/, 'ws')}/graphql`,
      // A function, so each (re)connection sends the key of the moment (browsers cannot set headers on a WebSocket).
      connectionParams: () => {
        const key = apiKey();
        return key ? { authorization: `Bearer ${key}` } : {};
      },
      retryAttempts: Infinity,
      retryWait: backoff,
      shouldRetry: (error) => closeCode(error) !== FORBIDDEN,
      on: {
        connecting: (isRetry) => this.client === client && this.on.state(isRetry ? 'reconnecting' : 'connecting'),
        connected: () => {
          if (this.client !== client) return;
          this.on.state('live');
          this.on.missed(); // what happened before this connection's subscriptions existed reaches nobody
        },
        // A drop, a server going away (1001) or a key the server cannot check during an outage (1013): it comes back.
        closed: (event) => this.client === client && this.on.state('reconnecting', describe(event)),
      },
    });
    this.client = client;
    this.subscribe(DashboardJobUpdatedDocument, {}, (data) => this.on.job(data.jobUpdated));
    this.subscribe(DashboardAnyEpochDocument, {}, (data) => this.on.anyEpoch(data.epochRecorded.isBest));
    this.watch(this.wanted);
  }

  /** Follows these jobs' epochs one by one (the first MAX_FOLLOWED: the focused one, then the ticked ones). */
  watch(ids: ReadonlySet<string>): void {
    this.wanted = new Set([...ids].slice(0, MAX_FOLLOWED));
    if (!this.client) return;
    for (const [id, stop] of this.watching) {
      if (this.wanted.has(id)) continue;
      stop();
      this.watching.delete(id);
    }
    for (const id of this.wanted) {
      if (!this.watching.has(id))
        this.watching.set(
          id,
          this.subscribe(DashboardJobEpochDocument, { jobId: id }, (data) => this.on.epoch(id, data.epochRecorded)),
        );
    }
  }

  /** Whether epoch() hears of this job's epochs. */
  follows(id: string): boolean {
    return this.wanted.has(id);
  }

  private subscribe<R, V>(document: TypedDocumentString<R, V>, variables: V, next: (data: R) => void): () => void {
    const client = this.client as Client;
    let errors: unknown = null;
    let unsubscribed = false;
    const unsubscribe = client.subscribe<R>(
      { query: document.toString(), variables: variables as Record<string, unknown> },
      {
        next: (result) => {
          if (result.data) next(result.data);
          if (!result.errors?.length) return;
          errors = result.errors;
          this.on.missed(); // an event that failed to resolve is read again with the rest
        },
        error: (error) => this.stop(client, error),
        // These subscriptions never end by themselves: an end we did not ask for is a refusal (live updates off...).
        complete: () => unsubscribed || this.stop(client, errors ?? new Error('the server ended a live subscription')),
      },
    );
    return () => {
      unsubscribed = true;
      unsubscribe();
    };
  }

  /** A refused key, a refused subscription or a fatal close: all stops until the next start() (Refresh). */
  private stop(client: Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    this.watching.clear();
    void client.dispose();
    this.on.state(closeCode(error) === FORBIDDEN ? 'forbidden' : 'offline', describe(error));
  }
}

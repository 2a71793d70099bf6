import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentString } from '../generated/graphql.js';
import { apiKey } from './api.js';
import { createStore, useStore } from './store.js';

/*
 * Live updates over one graphql-ws connection to /graphql, shared by every view: a component subscribes to what it
 * shows (a run's new points, its epochs, any job's changes) and unsubscribes when it goes. The connection comes back by
 * itself after a drop; after a reconnection each subscriber's `missed` re-reads what may have passed meanwhile.
 */

/** `forbidden`: the server refused the key; `offline`: live updates stopped for another reason (see the detail). */
export type LiveState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'offline' | 'forbidden';

export const liveStatus = createStore<{ state: LiveState; detail?: string }>({ state: 'idle' });
export const useLiveStatus = () => useStore(liveStatus);

/** The server closes a connection without a valid reader key with 4403: retrying with the same key cannot help. */
const FORBIDDEN = 4403;

const closeCode = (error: unknown) => (typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined);

function describe(error: unknown): string {
  if (Array.isArray(error)) return error.map((e: { message?: string }) => e.message).join('; ');
  if (error instanceof Error) return error.message;
  const reason = typeof error === 'object' && error !== null && 'reason' in error ? String(error.reason) : '';
  return reason || `connection closed (${String(closeCode(error))})`;
}

/** 0.5-1 s, then doubling up to 15-30 s; random so that many tabs do not all come back in the same instant. */
const backoff = (retries: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.min(30, 2 ** retries) * (500 + Math.random() * 500)));

interface Subscriber {
  query: string;
  variables: Record<string, unknown>;
  next(data: unknown): void;
  missed?: () => void;
  stop?: () => void;
}

const subscribers = new Set<Subscriber>();
let client: Client | null = null;

function connect(): Client {
  if (client) return client;
  const created: Client = createClient({
    url: `${location.origin.replace(/^http/, 'ws')}/graphql`,
    // A function, so each (re)connection sends the key of the moment (browsers cannot set headers on a WebSocket).
    connectionParams: () => {
      const key = apiKey('reader');
      return key ? { authorization: `Bearer ${key}` } : {};
    },
    retryAttempts: Infinity,
    retryWait: backoff,
    shouldRetry: (error) => closeCode(error) !== FORBIDDEN,
    lazy: true,
    on: {
      connecting: (isRetry) => client === created && liveStatus.set({ state: isRetry ? 'reconnecting' : 'connecting' }),
      connected: (_socket, _payload, wasRetry) => {
        if (client !== created) return;
        liveStatus.set({ state: 'live' });
        // What happened while the connection was down reached nobody: each subscriber re-reads.
        if (wasRetry) for (const s of subscribers) s.missed?.();
      },
      closed: (event) => client === created && liveStatus.set({ state: 'reconnecting', detail: describe(event) }),
    },
  });
  client = created;
  return created;
}

/** A refused key, a refused subscription or a fatal close: live updates stop until restartLive() (a new key, Refresh). */
function fail(error: unknown): void {
  if (!client) return;
  const stopped = client;
  client = null;
  for (const s of subscribers) s.stop = undefined;
  void stopped.dispose();
  liveStatus.set({ state: closeCode(error) === FORBIDDEN ? 'forbidden' : 'offline', detail: describe(error) });
}

function open(s: Subscriber): void {
  const c = connect();
  let errors: unknown = null;
  let ended = false;
  const unsubscribe = c.subscribe(
    { query: s.query, variables: s.variables },
    {
      next: (result) => {
        if (result.data) s.next(result.data);
        if (result.errors?.length) {
          errors = result.errors;
          s.missed?.(); // an event that failed to resolve is read again with the rest
        }
      },
      error: fail,
      // These subscriptions never end by themselves: an end nobody asked for is a refusal (live updates off...).
      complete: () => ended || fail(errors ?? new Error('the server ended a live subscription')),
    },
  );
  s.stop = () => {
    ended = true;
    unsubscribe();
  };
}

/** Follows one subscription until the returned function is called; `missed` runs when events may have been lost. */
export function subscribe<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
  next: (data: R) => void,
  missed?: () => void,
): () => void {
  const s: Subscriber = {
    query: document.toString(),
    variables: (variables ?? {}) as Record<string, unknown>,
    next: next as (d: unknown) => void,
    missed,
  };
  subscribers.add(s);
  const state = liveStatus.get().state;
  if (state !== 'offline' && state !== 'forbidden') open(s);
  return () => {
    subscribers.delete(s);
    s.stop?.();
  };
}

/** Starts over after a new key or a Refresh: every subscription is opened again. */
export function restartLive(): void {
  if (client) {
    const old = client;
    client = null;
    void old.dispose();
  }
  liveStatus.set({ state: 'idle' });
  for (const s of subscribers) {
    s.stop = undefined;
    open(s);
    s.missed?.();
  }
}

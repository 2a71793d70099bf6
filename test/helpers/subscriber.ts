import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

/** One subscription over graphql-ws, collecting what it receives. */
export interface Subscriber {
  received: Array<Record<string, any>>;
  errors: unknown[];
  /** The close code of the socket once the server closed it (1001 when the server shuts down). */
  closedWith(): number | null;
  /** Resolves with the n-th result (1-based) once it has arrived, or rejects after `ms`. */
  nth(n: number, ms?: number): Promise<Record<string, any>>;
  /** Resolves with the first result that `match` accepts, or rejects after `ms`. */
  waitFor(match: (result: Record<string, any>) => boolean, ms?: number): Promise<Record<string, any>>;
  close(): Promise<void>;
}

/** The WebSocket URL of a server's GraphQL HTTP URL (same port and path). */
export const wsUrl = (httpUrl: string) => httpUrl.replace(/^http/, 'ws');

/** The server's count of open subscriptions, from its Prometheus metrics (same origin as the GraphQL path). */
export async function activeSubscriptions(url: string): Promise<number> {
  const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text();
  return Number(/^graphql_subscriptions_active (\d+)/m.exec(text)?.[1] ?? 0);
}

/** Waits until the server's count of open subscriptions satisfies `ok` (the protocol has no acknowledgement of them). */
export async function untilActive(url: string, ok: (n: number) => boolean): Promise<void> {
  for (const end = Date.now() + 5000; Date.now() < end; await new Promise((r) => setTimeout(r, 20)))
    if (ok(await activeSubscriptions(url))) return;
  throw new Error(`the server's open subscriptions did not reach the expected count (now ${await activeSubscriptions(url)})`);
}

/** How a connection attempt ended: acknowledged, or closed by the server with a code and reason. */
export type ConnectOutcome = { connected: true } | { connected: false; code: number; reason: string };

/**
 * A graphql-ws client (lazy: false, no retries) with the key in `connectionParams.authorization` or in the upgrade
 * request's `Authorization` header (what a non-browser client may send instead). `first` settles with the connection's
 * outcome; `closed` hears of every close, later ones too (1001 when the server shuts down).
 */
function openClient(url: string, key: { params?: string; header?: string }, closed: (code: number) => void = () => undefined) {
  const headers = key.header ? { authorization: key.header } : undefined;
  class WithHeaders extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  let settle!: (outcome: ConnectOutcome) => void;
  const first = new Promise<ConnectOutcome>((resolve) => (settle = resolve));
  const client = createClient({
    url: wsUrl(url),
    webSocketImpl: WithHeaders,
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
    connectionParams: key.params ? { authorization: key.params } : undefined,
    on: {
      connected: () => settle({ connected: true }),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        closed(code);
        settle({ connected: false, code, reason: String(reason) });
      },
    },
  });
  return { client, first };
}

/** One connection attempt: how it ended (acknowledged, or closed with a code and reason). */
export async function connectOnce(url: string, key: { params?: string; header?: string }): Promise<ConnectOutcome> {
  const { client, first } = openClient(url, key);
  const outcome = await first;
  await client.dispose();
  return outcome;
}

/**
 * Opens a client (lazy: false, so a refused key fails at once) and subscribes; resolves once the server counts the
 * subscription as open. Tests open and close subscriptions one at a time, so the count tells when it is registered.
 */
export async function subscribe(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  authorization?: string,
): Promise<Subscriber> {
  const before = await activeSubscriptions(url);
  const received: Array<Record<string, any>> = [];
  const errors: unknown[] = [];
  let closeCode: number | null = null;
  const { client, first } = openClient(url, { params: authorization }, (code) => (closeCode = code));
  const outcome = await first;
  if (!outcome.connected) throw new Error(`closed: ${outcome.code}`);
  client.subscribe(
    { query, variables },
    { next: (r) => received.push(r as Record<string, any>), error: (e) => errors.push(e), complete: () => undefined },
  );
  // A subscription the server refuses (bad argument, not a subscription) never counts; then its error tells.
  const refused = () => errors.length > 0 || received.some((r) => r.errors);
  await untilActive(url, (n) => n > before || refused());
  return {
    received,
    errors,
    closedWith: () => closeCode,
    async nth(n, ms = 5000) {
      for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 20)))
        if (received.length >= n) return received[n - 1];
      throw new Error(`only ${received.length} of ${n} results within ${ms} ms (errors: ${JSON.stringify(errors)})`);
    },
    async waitFor(match, ms = 5000) {
      for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) {
        const found = received.find(match);
        if (found) return found;
      }
      throw new Error(`no matching result within ${ms} ms: ${JSON.stringify(received)} (errors: ${JSON.stringify(errors)})`);
    },
    async close() {
      const open = await activeSubscriptions(url);
      await client.dispose();
      if (!refused()) await untilActive(url, (n) => n < open);
    },
  };
}

import { performance } from 'node:perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** One result as it arrived: `at` on the bench's clock (performance.now()), `data` the subscription's data. */
export interface Reception<T> {
  at: number;
  data: T;
}

/**
 * A graphql-ws subscriber (protocol `graphql-transport-ws`) on its own WebSocket connection, as a dashboard holds one:
 * the server's HTTP URL with ws:, the API key in `connectionParams.authorization` (browsers cannot set headers on a
 * WebSocket). It stamps every result with the time it arrived.
 */
export class LiveSubscriber<T> {
  readonly received: Reception<T>[] = [];
  /** What went wrong after the connection was up: error results, a dropped connection. */
  readonly errors: string[] = [];
  private client: Client | undefined;
  private closing = false;

  /** Connects (the key is checked now: a refused one rejects) and subscribes; the subscription is registered soon after. */
  static async open<T>(httpUrl: string, query: string, variables: Record<string, unknown>, apiKey: string): Promise<LiveSubscriber<T>> {
    const s = new LiveSubscriber<T>();
    let connected = false;
    const client = (s.client = await new Promise<Client>((resolve, reject) => {
      const c: Client = createClient({
        url: httpUrl.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        lazy: false,
        retryAttempts: 0,
        onNonLazyError: () => undefined,
        connectionParams: { authorization: `Bearer ${apiKey}` },
        on: {
          connected: () => {
            connected = true;
            resolve(c);
          },
          closed: (event) => {
            const code = (event as { code?: number }).code;
            if (!connected) reject(new Error(`subscriber refused: closed with ${code}`));
            else if (!s.closing) s.errors.push(`connection closed with ${code}`);
          },
        },
      });
    }));
    client.subscribe<T>(
      { query, variables },
      {
        next: (result) => {
          if (result.data) s.received.push({ at: performance.now(), data: result.data });
          if (result.errors?.length) s.errors.push(JSON.stringify(result.errors));
        },
        error: (error) => s.errors.push(error instanceof Error ? error.message : JSON.stringify(error)),
        complete: () => undefined,
      },
    );
    return s;
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.client?.dispose();
  }
}

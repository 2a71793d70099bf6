import { performance } from 'node:perf_hooks';

/** The outcome of one GraphQL call as a client sees it. */
export interface CallResult<T = Record<string, any>> {
  /** HTTP status; 0 when the request never got a response (connection refused or reset). */
  status: number;
  /** The first error code (`NETWORK` without a response, `HTTP_<status>` for a non-GraphQL answer); null on success. */
  code: string | null;
  data: T | null;
  /** When the call started (performance.now(), the run's clock) and how long it took until the answer was read. */
  startedAt: number;
  ms: number;
}

/** POSTs GraphQL operations over keep-alive HTTP, with an API key when given; never throws. */
export class ApiClient {
  private readonly headers: Record<string, string>;

  constructor(
    readonly url: string,
    apiKey?: string,
  ) {
    this.headers = { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) };
  }

  async call<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<CallResult<T>> {
    const started = performance.now();
    const done = (status: number, code: string | null, data: T | null): CallResult<T> => ({
      status,
      code,
      data,
      startedAt: started,
      ms: performance.now() - started,
    });
    let res: Response;
    try {
      res = await fetch(this.url, { method: 'POST', headers: this.headers, body: JSON.stringify({ query, variables }) });
    } catch {
      return done(0, 'NETWORK', null);
    }
    let body: { data?: T; errors?: { extensions?: { code?: string } }[] };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      return done(res.status, `HTTP_${res.status}`, null);
    }
    if (body.errors?.length) return done(res.status, body.errors[0].extensions?.code ?? 'ERROR', body.data ?? null);
    if (res.status !== 200 || !body.data) return done(res.status, `HTTP_${res.status}`, null);
    return done(res.status, null, body.data);
  }
}

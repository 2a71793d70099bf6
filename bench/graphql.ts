import type { CallStats } from '../src/db/call-stats';

/** A GraphQL answer with the DynamoDB tally the server reported for it. */
export interface GqlResult<T> {
  data: T;
  stats: CallStats;
}

/** Thrown when a response carries errors or lacks the stats extension: the bench cannot trust that run. */
export class GraphqlError extends Error {
  constructor(message: string, readonly codes: string[] = []) {
    super(message);
  }

  /** Whether the server only reported DynamoDB as unreachable (its answer to overload), not a wrong or crashed request. */
  get unavailable(): boolean {
    return this.codes.length > 0 && this.codes.every((c) => c === 'SERVICE_UNAVAILABLE');
  }
}

/** POSTs operations to the server with an API key, over keep-alive HTTP (fetch's pooled connections). */
export class GraphqlClient {
  private readonly headers: Record<string, string>;

  constructor(readonly url: string, apiKey: string) {
    this.headers = { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` };
  }

  /** GETs another path of the same server with the same key (the CSV exports). */
  get(path: string): Promise<Response> {
    return fetch(new URL(path, this.url), { headers: { authorization: this.headers.authorization } });
  }

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<GqlResult<T>> {
    const res = await fetch(this.url, { method: 'POST', headers: this.headers, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[]; extensions?: { dynamodb?: CallStats } };
    if (res.status !== 200 || body.errors?.length || !body.data) {
      const errors = body.errors ?? [];
      const messages = [...new Set(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`))];
      throw new GraphqlError(`HTTP ${res.status}: ${messages.join('; ') || 'no data'} (${errors.length} errors)`, errors.map((e) => e.extensions?.code ?? 'ERROR'));
    }
    if (!body.extensions?.dynamodb) throw new GraphqlError('no extensions.dynamodb in the response: is DYNAMODB_STATS=1 set?');
    return { data: body.data, stats: body.extensions.dynamodb };
  }
}

import { Agent, request as httpRequest } from 'node:http';
import type { CallStats } from '../src/db/call-stats';

/** A GraphQL answer with the DynamoDB tally the server reported for it. */
export interface GqlResult<T> {
  data: T;
  stats: CallStats;
}

/** Thrown when a response carries errors or lacks the stats extension: the bench cannot trust that run. */
export class GraphqlError extends Error {
  constructor(
    message: string,
    readonly codes: string[] = [],
  ) {
    super(message);
  }

  /** Whether the server only reported DynamoDB as unreachable (its answer to overload), not a wrong or crashed request. */
  get unavailable(): boolean {
    return this.codes.length > 0 && this.codes.every((c) => c === 'SERVICE_UNAVAILABLE');
  }
}

/**
 * POSTs operations to the server with an API key over keep-alive node:http: the HTTP stack the raw side's SDK client
 * uses (NodeHttpHandler, keep-alive sockets), so both sides pay alike for HTTP on the client. (fetch, undici, cost the
 * client about twice the CPU per request.)
 */
export class GraphqlClient {
  private readonly headers: Record<string, string>;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 50 });

  constructor(
    readonly url: string,
    apiKey: string,
  ) {
    this.headers = { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` };
  }

  /** GETs another path of the same server with the same key (the CSV exports). */
  get(path: string): Promise<Response> {
    return fetch(new URL(path, this.url), { headers: { authorization: this.headers.authorization } });
  }

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<GqlResult<T>> {
    const { status, text } = await this.post(JSON.stringify({ query, variables }));
    const body = JSON.parse(text) as {
      data?: T;
      errors?: { message: string; extensions?: { code?: string } }[];
      extensions?: { dynamodb?: CallStats };
    };
    if (status !== 200 || body.errors?.length || !body.data) {
      const errors = body.errors ?? [];
      const messages = [...new Set(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`))];
      throw new GraphqlError(
        `HTTP ${status}: ${messages.join('; ') || 'no data'} (${errors.length} errors)`,
        errors.map((e) => e.extensions?.code ?? 'ERROR'),
      );
    }
    if (!body.extensions?.dynamodb) throw new GraphqlError('no extensions.dynamodb in the response: is DYNAMODB_STATS=1 set?');
    return { data: body.data, stats: body.extensions.dynamodb };
  }

  private post(payload: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        this.url,
        { method: 'POST', agent: this.agent, headers: { ...this.headers, 'content-length': Buffer.byteLength(payload) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }
}

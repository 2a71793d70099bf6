import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** Where and how to reach DynamoDB. */
export interface DynamoConnection {
  region: string;
  /** A local or custom endpoint; AWS itself when undefined. */
  endpoint?: string;
  /** Per-attempt budget; with 3 attempts a dead database fails a request within a few seconds. */
  timeoutMs: number;
}

/** True for an endpoint that is not AWS itself (DynamoDB Local, a container, a proxy): the server may create tables there. */
export function isLocalEndpoint(endpoint: string | undefined): endpoint is string {
  return endpoint !== undefined && !/(^|\.)amazonaws\.com(\.cn)?$/.test(new URL(endpoint).hostname);
}

// DynamoDB Local rejects non-alphanumeric key ids; these only reach a local endpoint.
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Fixed credentials for a custom endpoint unless the environment names its own; the default chain for AWS. */
export function credentialsFor(endpoint: string | undefined) {
  return endpoint !== undefined && !process.env.AWS_ACCESS_KEY_ID ? LOCAL_CREDENTIALS : undefined;
}

/** Builds the shared document client: explicit region, endpoint and credentials for local use, bounded timeouts. */
export function createDocumentClient(conn: DynamoConnection): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: conn.region,
    endpoint: conn.endpoint,
    credentials: credentialsFor(conn.endpoint),
    maxAttempts: 3,
    requestHandler: new NodeHttpHandler({
      // Not shorter than the request budget: the SDK starts this timer when a call is queued for one of the agent's
      // sockets, so a short one fails calls that merely wait behind a burst of other calls.
      connectionTimeout: conn.timeoutMs,
      requestTimeout: conn.timeoutMs,
      // Without this the SDK only logs a warning when the time-out passes and the call waits on forever: a hung
      // database (connections accepted, never answered) would hang every request (found by the blackhole test).
      throwOnRequestTimeout: true,
    }),
  });
  // Every N becomes a JS number (GraphQL Float is a double anyway): the SDK's default turns integers beyond 2^53 into
  // bigint and throws on exponent forms such as 1.2345678901234567E+17, which legacy total_flos values use.
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false, allowImpreciseNumbers: true },
    unmarshallOptions: { wrapNumbers: (value: string) => Number(value) },
  });
}

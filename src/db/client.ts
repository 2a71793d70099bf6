import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { NativeReadsProtocol } from './native-reads-protocol';

/** Where and how to reach DynamoDB. */
export interface DynamoConnection {
  region: string;
  /** A local or custom endpoint; AWS itself when undefined. */
  endpoint?: string;
  /**
   * Per-attempt budget of one call; with 3 attempts a dead database fails a request within a few seconds. A long read
   * is many calls, each with this budget: Query pages stay small enough to come back well within it (QUERY_PAGE_ITEMS).
   */
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

/** How the document client marshalls values: undefined members dropped, empty strings kept, any JS number accepted. */
// convertClassInstanceToMap: the SDK tells a map by `value.constructor.name === 'Object'`, which a JSON object with its
// own "constructor" key (a tag or config key a user may well choose) fails; every object here comes from JSON.
export const MARSHALL_OPTIONS = Object.freeze({
  removeUndefinedValues: true,
  convertEmptyValues: false,
  allowImpreciseNumbers: true,
  convertClassInstanceToMap: true,
});

/** The clients the server talks to DynamoDB with (see `createDynamoClients`). */
export interface DynamoClients {
  doc: DynamoDBDocumentClient;
  /** Answers Query, GetItem and BatchGetItem with plain objects; only `DynamoGateway` sends on it. */
  reads: DynamoDBClient;
}

function clientConfig(conn: DynamoConnection, requestHandler: NodeHttpHandler) {
  return { region: conn.region, endpoint: conn.endpoint, credentials: credentialsFor(conn.endpoint), maxAttempts: 3, requestHandler };
}

function httpHandler(conn: DynamoConnection): NodeHttpHandler {
  return new NodeHttpHandler({
    // Not shorter than the request budget: the SDK starts this timer when a call is queued for one of the agent's
    // sockets, so a short one fails calls that merely wait behind a burst of other calls.
    connectionTimeout: conn.timeoutMs,
    requestTimeout: conn.timeoutMs,
    // Without this the SDK only logs a warning when the time-out passes and the call waits on forever: a hung
    // database (connections accepted, never answered) would hang every request (found by the blackhole test).
    throwOnRequestTimeout: true,
  });
}

function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  // Every N becomes a JS number (GraphQL Float is a double anyway): the SDK's default turns integers beyond 2^53 into
  // bigint and throws on exponent forms such as 1.2345678901234567E+17, which legacy total_flos values use.
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { ...MARSHALL_OPTIONS }, // a copy: the document client adds its own defaults to the object
    unmarshallOptions: { wrapNumbers: (value: string) => Number(value) },
  });
}

/** Builds a document client as the SDK ships it: explicit region, endpoint and credentials for local use, bounded timeouts. */
export function createDocumentClient(conn: DynamoConnection): DynamoDBDocumentClient {
  return documentClient(new DynamoDBClient(clientConfig(conn, httpHandler(conn))));
}

/**
 * The server's clients: the document client for writes and table management, and a low-level client for reads that
 * decodes their answers itself (`NativeReadsProtocol`) and builds its middleware once per command type
 * (`cacheMiddleware`) instead of on every call. Both share one connection pool; destroy both.
 */
export function createDynamoClients(conn: DynamoConnection): DynamoClients {
  const requestHandler = httpHandler(conn);
  return {
    doc: documentClient(new DynamoDBClient(clientConfig(conn, requestHandler))),
    reads: new DynamoDBClient({ ...clientConfig(conn, requestHandler), protocol: NativeReadsProtocol, cacheMiddleware: true }),
  };
}

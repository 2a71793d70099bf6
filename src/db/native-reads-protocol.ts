import { AwsJson1_0Protocol } from '@aws-sdk/core/protocols';
import { streamCollector } from '@smithy/node-http-handler';
import { nativeItem, type WireItem } from './native-items';

type Deserialize = AwsJson1_0Protocol['deserializeResponse'];
type Output = Awaited<ReturnType<Deserialize>>;
type Json = Record<string, unknown>;
type KeysAndAttributes = { Keys?: unknown[] } & Json;

/** Turns a successful read's parsed body into the document client's output: items, keys and start keys as plain objects. */
const NATIVE_OUTPUT: Record<string, (body: Json) => void> = {
  Query: (body) => {
    if (body.Items) body.Items = (body.Items as WireItem[]).map(nativeItem);
    if (body.LastEvaluatedKey) body.LastEvaluatedKey = nativeItem(body.LastEvaluatedKey as WireItem);
  },
  GetItem: (body) => {
    if (body.Item) body.Item = nativeItem(body.Item as WireItem);
  },
  BatchGetItem: (body) => {
    const responses = (body.Responses ?? {}) as Record<string, unknown[]>;
    for (const table in responses) responses[table] = (responses[table] as WireItem[]).map(nativeItem);
    const unprocessed = (body.UnprocessedKeys ?? {}) as Record<string, KeysAndAttributes>;
    for (const table in unprocessed) {
      const entry = unprocessed[table];
      if (entry.Keys) entry.Keys = (entry.Keys as WireItem[]).map(nativeItem);
    }
  },
};

async function bodyBytes(body: unknown): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  if (!body) return new Uint8Array();
  return streamCollector(body as Parameters<typeof streamCollector>[0]);
}

/**
 * DynamoDB's JSON protocol, with the successful answers of Query, GetItem and BatchGetItem decoded straight into
 * plain objects: one JSON.parse and one pass over the attribute values (src/db/native-items.ts), where the SDK walks
 * the response against its schema and the document client then unmarshalls every item again. Errors, and every other
 * operation, are the SDK's own. A client with this protocol answers reads as the document client does, so only
 * `DynamoGateway` sends on it (low-level commands, see src/db/read-commands.ts).
 */
export class NativeReadsProtocol extends AwsJson1_0Protocol {
  override async deserializeResponse<T extends Output>(...args: Parameters<Deserialize>): Promise<T> {
    const [operationSchema, , response] = args;
    const toNative = NATIVE_OUTPUT[operationSchema.name];
    if (!toNative || response.statusCode >= 300) return super.deserializeResponse<T>(...args);
    const bytes = await bodyBytes(response.body);
    const body: Json =
      bytes.byteLength > 0 ? JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) : {};
    toNative(body);
    body.$metadata = this.deserializeMetadata(response);
    return body as T;
  }
}

/**
 * DynamoDB's JSON attribute values (`{ "S": "x" }`, `{ "N": "1.5" }`, ...) as plain JavaScript values, in one pass over
 * the parsed response. Gives what the document client's unmarshall gives with the options of `createDocumentClient`
 * (every N a JS number), without its intermediate objects: B and BS as Uint8Array, SS, NS and BS as Sets.
 */

/** One attribute value as DynamoDB's JSON protocol sends it. */
export type WireValue = {
  S?: string;
  N?: string;
  B?: string;
  BOOL?: boolean;
  NULL?: boolean;
  M?: Record<string, WireValue>;
  L?: WireValue[];
  SS?: string[];
  NS?: string[];
  BS?: string[];
};
/** An item (or a key) as DynamoDB's JSON protocol sends it. */
export type WireItem = Record<string, WireValue>;

function binary(base64: string): Uint8Array {
  const bytes = Buffer.from(base64, 'base64');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** One attribute value as a JavaScript value. */
export function nativeValue(value: WireValue): unknown {
  // The common types first; an attribute value has exactly one member.
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.M !== undefined) return nativeItem(value.M);
  if (value.L !== undefined) return value.L.map(nativeValue);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.SS !== undefined) return new Set(value.SS);
  if (value.NS !== undefined) return new Set(value.NS.map(Number));
  if (value.B !== undefined) return binary(value.B);
  if (value.BS !== undefined) return new Set(value.BS.map(binary));
  throw new Error(`unsupported DynamoDB attribute value: ${JSON.stringify(value)}`);
}

/** An item (or a key, or a map) as a plain object. */
export function nativeItem(item: WireItem): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name in item) {
    // A map key from the data must stay a key: plain assignment of "__proto__" would set the prototype instead.
    if (name === '__proto__')
      Object.defineProperty(out, name, { value: nativeValue(item[name]), enumerable: true, writable: true, configurable: true });
    else out[name] = nativeValue(item[name]);
  }
  return out;
}

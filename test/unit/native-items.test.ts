/** The server's decoder of DynamoDB's JSON attribute values, against the SDK's unmarshall with the document client's options. */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { nativeItem, nativeValue, type WireItem, type WireValue } from '../../src/db/native-items';

const SDK_OPTIONS = { wrapNumbers: (value: string) => Number(value) };

/** An attribute value as DynamoDB's JSON protocol sends it: binaries as base64 strings. */
function toWire(value: AttributeValue): WireValue {
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  if (value.B) return { B: b64(value.B) };
  if (value.BS) return { BS: value.BS.map(b64) };
  if (value.L) return { L: value.L.map(toWire) };
  if (value.M) return { M: wireItem(value.M) };
  return value as WireValue;
}
function wireItem(item: Record<string, AttributeValue>): WireItem {
  const out: WireItem = {};
  for (const [name, value] of Object.entries(item)) out[name] = toWire(value);
  return out;
}
/** What arrives: the wire form through JSON, as the protocol parses the response body. */
function received(item: Record<string, AttributeValue>): WireItem {
  return JSON.parse(JSON.stringify(wireItem(item))) as WireItem;
}

// Not "constructor": the SDK's marshall takes a map with that key for a class instance and refuses it, so the SDK
// cannot be the oracle there (the decoding of such a key is pinned by its own test below).
const attributeName = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }).filter((name) => name !== 'constructor'),
  fc.constantFrom('__proto__', 'N', 'S', 'M'),
);
const scalar = fc.oneof(
  fc.string(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.uint8Array({ minLength: 1, maxLength: 16 }),
);
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(attributeName, tie('value'), { maxKeys: 4, noNullPrototype: true }),
    fc.uniqueArray(fc.string(), { minLength: 1, maxLength: 4 }).map((list) => new Set(list)),
    fc.uniqueArray(fc.integer(), { minLength: 1, maxLength: 4 }).map((list) => new Set(list)),
  ),
}));
const item = fc.dictionary(attributeName, value, { minKeys: 1, maxKeys: 6, noNullPrototype: true });

test('any item decodes to what the SDK unmarshall gives with the document client options', () => {
  fc.assert(
    fc.property(item, (native) => {
      const attributes = marshall(native, { removeUndefinedValues: true, convertEmptyValues: false, allowImpreciseNumbers: true });
      expect(nativeItem(received(attributes))).toStrictEqual(unmarshall(attributes, SDK_OPTIONS));
    }),
    { numRuns: 500 },
  );
});

test('every legacy fixture item decodes as the SDK decodes it', () => {
  const file = path.resolve(__dirname, '../fixtures/legacy-items.json');
  const { items } = JSON.parse(readFileSync(file, 'utf8')) as { items: Record<string, AttributeValue>[] };
  expect(items.length).toBeGreaterThan(10);
  for (const attributes of items) expect(nativeItem(received(attributes))).toStrictEqual(unmarshall(attributes, SDK_OPTIONS));
});

test('numbers as DynamoDB sends them: exponent forms, beyond 2^53, negative zero, tiny', () => {
  for (const n of [
    '1.2345678901234567E+17',
    '12345678901234567890',
    '-0',
    '1E-130',
    '9.9999999999999999999999999999999999999E+125',
    '0.1',
  ]) {
    expect(nativeValue({ N: n })).toBe(unmarshall({ v: { N: n } }, SDK_OPTIONS).v);
  }
  expect(nativeValue({ NS: ['1', '2.5E+3'] })).toEqual(new Set([1, 2500]));
});

test('binary values become Uint8Array, "__proto__" and "constructor" stay plain keys, and an unknown type is an error', () => {
  expect(nativeValue({ B: Buffer.from([1, 2, 3]).toString('base64') })).toEqual(new Uint8Array([1, 2, 3]));
  const decoded = nativeItem(JSON.parse('{"__proto__":{"M":{"polluted":{"BOOL":true}}},"constructor":{"S":"c"}}') as WireItem);
  expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
  expect(Object.keys(decoded)).toEqual(['__proto__', 'constructor']);
  expect(decoded.constructor).toBe('c');
  // toEqual: toStrictEqual compares the `constructor` properties as types, and here they are the data's own values.
  const nested = nativeItem({ m: { M: { constructor: { B: Buffer.from([0]).toString('base64') } } } }) as { m: object };
  expect(nested).toEqual(unmarshall({ m: { M: { constructor: { B: new Uint8Array([0]) } } } }, SDK_OPTIONS));
  expect(Object.getPrototypeOf(nested.m)).toBe(Object.prototype);
  expect(nested.m.constructor).toEqual(new Uint8Array([0]));
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(() => nativeValue({} as WireValue)).toThrow(/unsupported DynamoDB attribute value/);
});

/** DynamoDB's published capacity rules, applied to the items of a call (src/db/capacity-rules.ts). */
import {
  capacityByRule,
  indexCopies,
  itemsWriteUnits,
  queryReadUnits,
  readUnits,
  SeenItems,
  sizeOf,
  writeUnits,
} from '../../src/db/capacity-rules';
import { itemSize } from '../../src/platform/item-size';

type Item = Record<string, unknown>;

/** An item of exactly `bytes` bytes (attribute names and values), with the given extra attributes. */
function itemOf(bytes: number, extra: Item = {}, sk = 'A'): Item {
  const base = { PK: 'P', SK: sk, ...extra };
  const fill = bytes - itemSize(base) - 'f'.length;
  if (fill < 0) throw new Error(`item of ${bytes} bytes cannot hold ${JSON.stringify(extra)}`);
  const item = { ...base, f: 'x'.repeat(fill) };
  expect(itemSize(item)).toBe(bytes);
  return item;
}

const GSI1 = { GSI1PK: 'g', GSI1SK: 'h' };
const run = (op: string, input: Item, output: Item = {}, reported = 0, seen = new SeenItems()) =>
  capacityByRule(op, input, output, reported, seen);
const puts = (items: Item[]) => items.map((Item) => ({ PutRequest: { Item } }));

describe('sizes and index copies', () => {
  it('counts one index copy per GSI whose both key attributes the item has, and GSITYPE for TYPE', () => {
    expect(indexCopies({ PK: 'a', SK: 'b' })).toBe(0);
    expect(indexCopies({ TYPE: 'JOB' })).toBe(1);
    expect(indexCopies({ ...GSI1 })).toBe(1);
    expect(indexCopies({ GSI1PK: 'only the hash key' })).toBe(0);
    expect(indexCopies({ TYPE: 'x', ...GSI1, GSI2PK: 'a', GSI2SK: 'b', GSI3PK: 'c', GSI3SK: 'd', GSI4PK: 'e', GSI4SK: 'f' })).toBe(5);
  });

  it('rounds writes up to the next 1 KB, at least one unit, once per copy', () => {
    const w = (size: number, copies = 0) => writeUnits({ size, copies });
    expect([w(1), w(1024), w(1025), w(2048), w(2049), w(0)]).toEqual([1, 1, 2, 2, 3, 1]);
    expect(w(1500, 2)).toBe(2 * 3);
  });

  it('rounds reads up to the next 4 KB, at least one unit, half when eventually consistent', () => {
    expect([readUnits(0, true), readUnits(4096, true), readUnits(4097, true), readUnits(100_000, true)]).toEqual([1, 1, 2, 25]);
    expect([readUnits(0, false), readUnits(4097, false)]).toEqual([0.5, 1]);
  });

  it('sizes binary attributes by their bytes', () => {
    expect(sizeOf({ PK: 'P', SK: 'S', b: new Uint8Array(3000) }).size).toBe(2 + 1 + 2 + 1 + 1 + 3000);
  });
});

describe('helpers for costing items apart from calls (npm run bench:sizing)', () => {
  it('itemsWriteUnits puts items one by one, twice each in a transaction', () => {
    const items = [itemOf(1500, { TYPE: 'T' }, 'a'), itemOf(500, {}, 'b')];
    expect(itemsWriteUnits(items, { transactional: false })).toBe(2 * 2 + 1);
    expect(itemsWriteUnits(items, { transactional: true })).toBe(2 * (2 * 2 + 1));
  });

  it('queryReadUnits sums the items of one call per 4 KB', () => {
    const items = [itemOf(3000, {}, 'a'), itemOf(3000, {}, 'b')];
    expect(queryReadUnits(items, { consistent: true })).toBe(2);
    expect(queryReadUnits(items, { consistent: false })).toBe(1);
    expect(queryReadUnits([], { consistent: false })).toBe(0.5);
  });
});

describe('writes', () => {
  it('a transaction of 25 small items costs 2 x 25 x (size per KB) x (1 + index copies)', () => {
    const items = Array.from({ length: 25 }, (_, i) => itemOf(300, { TYPE: 'T', ...GSI1 }, `S${i}`));
    const r = run('TransactWriteItems', { TransactItems: items.map((Item) => ({ Put: { Item } })) });
    expect(r).toEqual({ read: 0, write: 2 * 25 * 1 * (1 + 2), estimates: [] });
    // The same 25 in a BatchWriteItem: half.
    expect(run('BatchWriteItem', { RequestItems: { t: puts(items) } }).write).toBe(25 * 1 * 3);
  });

  it('a PutItem costs its size per KB for the table and each copy', () => {
    expect(run('PutItem', { Item: itemOf(2500, { TYPE: 'T' }) }).write).toBe(3 * 2);
    expect(run('PutItem', { Item: itemOf(1024) }).write).toBe(1);
    expect(run('PutItem', { Item: itemOf(1025) }).write).toBe(2);
  });

  it('a Put replacing an item the request read costs the larger of the two', () => {
    const seen = new SeenItems();
    run('GetItem', { Key: { PK: 'P', SK: 'A' } }, { Item: itemOf(5000, { TYPE: 'T' }) }, 0, seen);
    expect(run('PutItem', { Item: itemOf(100) }, {}, 0, seen).write).toBe(5 * 2);
    // and the new item is what a later write sees
    expect(run('PutItem', { Item: itemOf(100) }, {}, 0, seen).write).toBe(1);
  });

  it('leaves out the items a BatchWriteItem left unprocessed (they are counted when retried)', () => {
    const items = [itemOf(100, {}, 'a'), itemOf(100, {}, 'b'), itemOf(100, {}, 'c')];
    const out = { UnprocessedItems: { t: puts([items[1]]) } };
    expect(run('BatchWriteItem', { RequestItems: { t: puts(items) } }, out).write).toBe(2);
  });

  it('a Delete of an item the request read costs its size and copies; an unknown one 1 KB, said so', () => {
    const seen = new SeenItems();
    run('BatchGetItem', { RequestItems: { t: { Keys: [{ PK: 'P', SK: 'A' }] } } }, { Responses: { t: [itemOf(3000, GSI1)] } }, 0, seen);
    expect(run('DeleteItem', { Key: { PK: 'P', SK: 'A' } }, {}, 0, seen)).toEqual({ read: 0, write: 3 * 2, estimates: [] });
    const unknown = run('DeleteItem', { Key: { PK: 'P', SK: 'A' } }, {}, 0, seen);
    expect(unknown.write).toBe(1);
    expect(unknown.estimates).toEqual(['DeleteItem of an item not read by the request: 1 KB']);
    const batch = run('BatchWriteItem', { RequestItems: { t: [{ DeleteRequest: { Key: { PK: 'x', SK: 'y' } } }] } });
    expect([batch.write, batch.estimates.length]).toEqual([1, 1]);
  });

  it('an UpdateItem is sized from the item read earlier plus the values it sets, else as DynamoDB reported', () => {
    const seen = new SeenItems();
    run('GetItem', { Key: { PK: 'P', SK: 'A' }, ConsistentRead: true }, { Item: itemOf(1000, { TYPE: 'T', ...GSI1 }) }, 0, seen);
    const known = run('UpdateItem', { Key: { PK: 'P', SK: 'A' }, ExpressionAttributeValues: { ':ts': 'x'.repeat(32) } }, {}, 7, seen);
    // 1,032 bytes: 2 KB, for the table and its GSI1 and GSITYPE copies
    expect(known.write).toBe(2 * 3);
    expect(known.estimates).toEqual(['UpdateItem: sized from the item read earlier in the request, plus the values it sets']);
    const unknown = run('UpdateItem', { Key: { PK: 'Q', SK: 'A' }, ExpressionAttributeValues: { ':v': 1 } }, {}, 7, seen);
    expect(unknown.write).toBe(7);
    expect(unknown.estimates).toEqual(['UpdateItem of an item not read by the request: as DynamoDB reported']);
    // ALL_NEW returns the item: its size is known
    const returned = run(
      'UpdateItem',
      { Key: { PK: 'R', SK: 'A' }, ReturnValues: 'ALL_NEW' },
      { Attributes: itemOf(1500, { TYPE: 'T' }) },
      7,
    );
    expect(returned).toEqual({ read: 0, write: 2 * 2, estimates: [] });
  });

  it('transactional Updates, Deletes and ConditionChecks of unknown items count 1 KB each, doubled, said so', () => {
    const r = run('TransactWriteItems', {
      TransactItems: [
        { Update: { Key: { PK: 'a', SK: 'b' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 1 } } },
        { Delete: { Key: { PK: 'c', SK: 'd' } } },
        { ConditionCheck: { Key: { PK: 'e', SK: 'f' }, ConditionExpression: 'attribute_exists(PK)' } },
        { Put: { Item: itemOf(2000) } },
      ],
    });
    expect(r.write).toBe(2 * (1 + 1 + 1 + 2));
    expect(r.estimates).toHaveLength(3);
  });

  it('a strongly consistent Query remembers its items for the writes that follow; an eventually consistent one does not', () => {
    const seen = new SeenItems();
    const part = itemOf(3500, {}, 'PACK#1');
    run('Query', { ConsistentRead: true }, { Items: [part], Count: 1, ScannedCount: 1 }, 0, seen);
    run('Query', {}, { Items: [itemOf(2000, {}, 'PACK#2')], Count: 1, ScannedCount: 1 }, 0, seen);
    const r = run(
      'TransactWriteItems',
      { TransactItems: [{ Delete: { Key: { PK: 'P', SK: 'PACK#1' } } }, { Delete: { Key: { PK: 'P', SK: 'PACK#2' } } }] },
      {},
      0,
      seen,
    );
    expect(r.write).toBe(2 * 4 + 2 * 1);
    expect(r.estimates).toEqual(['transactional Delete of an item not read by the request: 1 KB, no index copy']);
  });

  it('a transactional ConditionCheck of an item the request read costs its size, no index copy', () => {
    const seen = new SeenItems();
    run('GetItem', { Key: { PK: 'P', SK: 'A' } }, { Item: itemOf(1500, { TYPE: 'T' }) }, 0, seen);
    const r = run('TransactWriteItems', { TransactItems: [{ ConditionCheck: { Key: { PK: 'P', SK: 'A' } } }] }, {}, 0, seen);
    expect(r).toEqual({ read: 0, write: 2 * 2, estimates: [] });
  });
});

describe('reads', () => {
  const sized = (n: number, size: number): Item[] => Array.from({ length: n }, (_, i) => itemOf(size, {}, `S${i}`));

  it('a Query costs the sum of the items it read per 4 KB, halved when eventually consistent', () => {
    // 100 items of 100 bytes: 10,000 bytes, 3 units consistent
    expect(run('Query', { ConsistentRead: true }, { Items: sized(100, 100), Count: 100, ScannedCount: 100 }).read).toBe(3);
    expect(run('Query', {}, { Items: sized(100, 100), Count: 100, ScannedCount: 100 }).read).toBe(1.5);
    // nothing found: the minimum
    expect(run('Query', {}, { Items: [], Count: 0, ScannedCount: 0 }).read).toBe(0.5);
  });

  it('a GetItem and each item of a BatchGetItem round up to 4 KB on their own; a key not found costs the minimum', () => {
    expect(run('GetItem', { ConsistentRead: true }, { Item: itemOf(5000) }).read).toBe(2);
    expect(run('GetItem', {}, {}).read).toBe(0.5);
    const keys = Array.from({ length: 4 }, (_, i) => ({ PK: 'P', SK: `S${i}` }));
    // 3 found items of 100 bytes (one unit each, not 300 bytes together) and one key not found
    const r = run('BatchGetItem', { RequestItems: { t: { Keys: keys } } }, { Responses: { t: sized(3, 100) } });
    expect(r.read).toBe(4 * 0.5);
    const consistent = run(
      'BatchGetItem',
      { RequestItems: { t: { Keys: keys, ConsistentRead: true } } },
      { Responses: { t: sized(3, 100) } },
    );
    expect(consistent.read).toBe(4);
    // keys left unprocessed are not counted (they are when retried)
    const unprocessed = { Responses: { t: sized(1, 100) }, UnprocessedKeys: { t: { Keys: keys.slice(0, 3) } } };
    expect(run('BatchGetItem', { RequestItems: { t: { Keys: keys } } }, unprocessed).read).toBe(0.5);
  });

  it('a projected or filtered read counts what DynamoDB reported when its returned items make less, said so', () => {
    const filtered = run('Query', {}, { Items: sized(1, 100), Count: 1, ScannedCount: 50 }, 12);
    expect(filtered.read).toBe(12);
    expect(filtered.estimates).toHaveLength(1);
    expect(run('Query', { ProjectionExpression: 'PK' }, { Items: sized(1, 100), Count: 1, ScannedCount: 1 }, 0).read).toBe(0.5);
  });

  it('a TransactGetItems costs twice a strongly consistent read per item', () => {
    const r = run('TransactGetItems', { TransactItems: [{ Get: {} }, { Get: {} }] }, { Responses: [{ Item: itemOf(5000) }, {}] });
    expect(r.read).toBe(2 * 2 + 2 * 1);
  });

  it('other operations cost nothing', () => {
    expect(run('DescribeTable', { TableName: 't' }, {}, 0)).toEqual({ read: 0, write: 0, estimates: [] });
  });
});

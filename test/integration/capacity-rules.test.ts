import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchPut, type Item } from '../../src/db/batch';
import { newCallStats } from '../../src/db/call-stats';
import { createDynamoClients, type DynamoClients } from '../../src/db/client';
import { DynamoGateway } from '../../src/db/gateway';
import { ensureTable } from '../../src/db/table';
import { itemSize } from '../../src/platform/item-size';

/**
 * Capacity by rule on real DynamoDB Local, beside what DynamoDB Local reports: the same 25 small items cost 50 units in
 * a BatchWriteItem by both, but a transaction of them reports 4 where the rules say 2 x 25 x (1 + index copies).
 */

const tableName = `test-${randomUUID()}`;
let clients: DynamoClients;
let db: DynamoGateway;

beforeAll(async () => {
  clients = createDynamoClients({ region: 'us-east-1', endpoint: process.env.DYNAMODB_ENDPOINT as string, timeoutMs: 5000 });
  await ensureTable(clients.doc, tableName);
  db = new DynamoGateway(clients, tableName, { capacityByRule: true });
});

afterAll(() => db.destroy());

/** 25 items of a few hundred bytes in their own partition, each in GSITYPE (TYPE) and GSI1. */
function smallItems(pk: string): Item[] {
  return Array.from({ length: 25 }, (_, i) => ({
    PK: pk,
    SK: `ROW#${String(i).padStart(3, '0')}`,
    TYPE: 'TEST_ROW',
    GSI1PK: pk,
    GSI1SK: String(i),
    text: 'x'.repeat(200),
  }));
}

it('a transaction of 25 small items: 2 x 25 x 1 KB x (1 + 2 copies) by rule, whatever DynamoDB Local reports', async () => {
  const items = smallItems(`CAP#${randomUUID()}`);
  expect(Math.max(...items.map(itemSize))).toBeLessThanOrEqual(1024);
  const stats = newCallStats();
  await db
    .withStats(stats)
    .send(new TransactWriteCommand({ TransactItems: items.map((Item) => ({ Put: { TableName: tableName, Item } })) }));
  expect(stats.wcuByRule).toBe(2 * 25 * 1 * 3);
  expect(stats.ruleEstimates).toEqual({});
  // What DynamoDB Local reports (measured: 4), printed beside the rule by the bench; not the judge.
  expect(stats.writeCapacityUnits).toBeLessThan(stats.wcuByRule);
});

it('a BatchWriteItem of the same 25: 25 x 1 KB x 3 by rule', async () => {
  const stats = newCallStats();
  await batchPut(db.withStats(stats), smallItems(`CAP#${randomUUID()}`));
  expect(stats.commands).toEqual({ BatchWriteItem: 1 });
  expect(stats.wcuByRule).toBe(25 * 3);
});

it('reads: a Query by the sum of its items per 4 KB, a GetItem per item; an update of an item read is sized from it', async () => {
  const pk = `CAP#${randomUUID()}`;
  const items = smallItems(pk);
  await batchPut(db, items);
  const total = items.reduce((n, i) => n + itemSize(i), 0);
  const stats = newCallStats();
  const gw = db.withStats(stats);
  await gw.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    }),
  );
  expect(stats.rcuByRule).toBe(Math.ceil(total / 4096));
  await gw.send(new GetCommand({ TableName: tableName, Key: { PK: pk, SK: items[0].SK } }));
  expect(stats.rcuByRule).toBe(Math.ceil(total / 4096) + 0.5);
  await gw.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { PK: pk, SK: items[0].SK },
      UpdateExpression: 'SET seen = :s',
      ExpressionAttributeValues: { ':s': 'y'.repeat(900) },
    }),
  );
  // 280 + 900 bytes: 2 KB for the table, GSI1 and GSITYPE
  expect(stats.wcuByRule).toBe(2 * 3);
  expect(Object.keys(stats.ruleEstimates)).toEqual([
    'UpdateItem: sized from the item read earlier in the request, plus the values it sets',
  ]);
});

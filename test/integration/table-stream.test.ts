import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileCheckpoints } from '../../src/stream/checkpoints';
import { TableStreamReader, type ItemChange } from '../../src/stream/table-stream-reader';
import { startTestServer, type TestServer } from '../helpers/test-server';

/** The table's stream, read from DynamoDB Local: every change once, in order, and from the checkpoint after a restart. */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) if (check()) return true;
  return check();
}

describe('TableStreamReader on DynamoDB Local', () => {
  let server: TestServer;
  let streams: DynamoDBStreamsClient;
  let streamArn: string;
  let dir: string;
  beforeAll(async () => {
    server = await startTestServer();
    const table = await server.doc.send(new DescribeTableCommand({ TableName: server.tableName }));
    streamArn = table.Table?.LatestStreamArn as string;
    streams = new DynamoDBStreamsClient({
      region: 'us-east-1',
      endpoint: process.env.DYNAMODB_ENDPOINT,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    dir = mkdtempSync(join(tmpdir(), 'metrics-stream-'));
  });
  afterAll(async () => {
    streams.destroy();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const put = (sk: string, value: number) =>
    server.doc.send(
      // A number beyond double precision on purpose: the stream must carry it as the table holds it.
      // eslint-disable-next-line no-loss-of-precision
      new PutCommand({ TableName: server.tableName, Item: { PK: 'STREAM#TEST', SK: sk, TYPE: 'TEST', value, big: 1.2345678901234567e17 } }),
    );

  test('hands over every change once, with its images, and goes on from its checkpoint after a restart', async () => {
    const checkpoints = join(dir, 'checkpoints.json');
    const seen: ItemChange[] = [];
    const run = async (until: AbortSignal) =>
      new TableStreamReader(streams, streamArn, new FileCheckpoints(checkpoints, streamArn), {
        startAt: 'TRIM_HORIZON',
        idleMs: 50,
        rediscoverMs: 200,
      }).run(async (changes) => {
        seen.push(...changes.filter((c) => c.keys.PK === 'STREAM#TEST'));
      }, until);

    const first = new AbortController();
    const reading = run(first.signal);
    await put('A', 1);
    await server.doc.send(
      new UpdateCommand({
        TableName: server.tableName,
        Key: { PK: 'STREAM#TEST', SK: 'A' },
        UpdateExpression: 'SET #v = :v',
        ExpressionAttributeNames: { '#v': 'value' },
        ExpressionAttributeValues: { ':v': 2 },
      }),
    );
    await put('B', 3);
    expect(await until(() => seen.length === 3, 5000)).toBe(true);
    first.abort();
    await reading;
    expect(seen.map((c) => [c.event, c.keys.SK, c.newImage?.value, c.oldImage?.value ?? null])).toEqual([
      ['INSERT', 'A', 1, null],
      ['MODIFY', 'A', 2, 1],
      ['INSERT', 'B', 3, null],
    ]);
    // eslint-disable-next-line no-loss-of-precision
    expect(seen[0].newImage?.big).toBe(1.2345678901234567e17);

    // Written while no reader runs: the next reader starts after the last change handled, so nothing twice.
    await put('C', 4);
    const second = new AbortController();
    const again = run(second.signal);
    expect(await until(() => seen.length === 4, 5000)).toBe(true);
    await sleep(500);
    second.abort();
    await again;
    expect(seen.map((c) => c.keys.SK)).toEqual(['A', 'A', 'B', 'C']);
  });
});

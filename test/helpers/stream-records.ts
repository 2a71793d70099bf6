import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { TestServer } from './test-server';

/** Every record of a test table's stream so far, read from its start, as a stream consumer or Lambda gets them. */
export async function streamRecords(server: TestServer): Promise<_Record[]> {
  const arn = (await server.doc.send(new DescribeTableCommand({ TableName: server.tableName }))).Table?.LatestStreamArn as string;
  const streams = new DynamoDBStreamsClient({
    region: 'us-east-1',
    endpoint: process.env.DYNAMODB_ENDPOINT,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const shards = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription?.Shards ?? [];
    const records: _Record[] = [];
    for (const shard of shards) {
      const it = await streams.send(
        new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      records.push(...((await streams.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }))).Records ?? []));
    }
    return records;
  } finally {
    streams.destroy();
  }
}

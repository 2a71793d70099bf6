import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Every stored item of one job's partition, read straight from the table (consistent). */
export function partitionItems(doc: DynamoDBDocumentClient, tableName: string, jobId: string): Promise<Record<string, unknown>[]> {
  return itemsOfPartition(doc, tableName, `JOB#${jobId}`);
}

/** Every stored item of one step series' partition (its packed parts, summary pages, and any per-point items), consistent. */
export function seriesItems(
  doc: DynamoDBDocumentClient,
  tableName: string,
  jobId: string,
  name: string,
): Promise<Record<string, unknown>[]> {
  return itemsOfPartition(doc, tableName, `JOB_SERIES#${jobId}#${name}`);
}

async function itemsOfPartition(doc: DynamoDBDocumentClient, tableName: string, pk: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...((out.Items ?? []) as Record<string, unknown>[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

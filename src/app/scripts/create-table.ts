import {
  ContinuousBackupsUnavailableException,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  UpdateContinuousBackupsCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type DynamoDBClient,
  type KeySchemaElement,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { loadConfig } from '../config';
import { createDocumentClient, isLocalEndpoint } from '../../db/client';
import { ensureTable, tableDefinition } from '../../db/table';
import { runScript } from '../process-setup';
import { locateDatabase } from '../storage';

/** The TTL attribute docs/storage.md names for the production table. */
const TTL_ATTRIBUTE = 'time_to_live';
const PITR_RETRY_MS = 5_000;
const PITR_DEADLINE_MS = 120_000;

const say = (msg: string) => process.stdout.write(`${msg}\n`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function keySchemaText(schema: KeySchemaElement[] | undefined): string {
  return (schema ?? []).map((k) => `${k.AttributeName}:${k.KeyType}`).join(',');
}

/**
 * How an existing table differs from docs/storage.md's definition. Extra indexes are fine (the table is shared with
 * other entities); a different primary key or a missing/different index of ours is reported.
 */
function shapeProblems(table: TableDescription, tableName: string): string[] {
  const expected = tableDefinition(tableName);
  const problems: string[] = [];
  if (keySchemaText(table.KeySchema) !== keySchemaText(expected.KeySchema)) {
    problems.push(`primary key is ${keySchemaText(table.KeySchema)}, expected ${keySchemaText(expected.KeySchema)}`);
  }
  const present = new Map((table.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName, g]));
  for (const gsi of expected.GlobalSecondaryIndexes ?? []) {
    const found = present.get(gsi.IndexName);
    if (!found) problems.push(`index ${gsi.IndexName} is missing`);
    else if (keySchemaText(found.KeySchema) !== keySchemaText(gsi.KeySchema)) {
      problems.push(`index ${gsi.IndexName} has key ${keySchemaText(found.KeySchema)}, expected ${keySchemaText(gsi.KeySchema)}`);
    } else if (found.Projection?.ProjectionType !== 'ALL') {
      problems.push(`index ${gsi.IndexName} projects ${found.Projection?.ProjectionType ?? 'nothing'}, expected ALL`);
    }
  }
  return problems;
}

/** Turns on point-in-time recovery unless it is on; retries while AWS still reports backups unavailable (new table). */
async function enablePointInTimeRecovery(client: DynamoDBClient, tableName: string): Promise<void> {
  const now = await client.send(new DescribeContinuousBackupsCommand({ TableName: tableName }));
  if (now.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus === 'ENABLED') {
    say('point-in-time recovery already enabled');
    return;
  }
  const deadline = Date.now() + PITR_DEADLINE_MS;
  for (;;) {
    try {
      await client.send(
        new UpdateContinuousBackupsCommand({
          TableName: tableName,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        }),
      );
      say('enabled point-in-time recovery');
      return;
    } catch (error) {
      if (!(error instanceof ContinuousBackupsUnavailableException) || Date.now() > deadline) throw error;
      await sleep(PITR_RETRY_MS);
    }
  }
}

/** Turns on TTL on `time_to_live` unless it is on; refuses to switch a TTL already set on another attribute. */
async function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<void> {
  const now = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = now.TimeToLiveDescription?.TimeToLiveStatus;
  const attribute = now.TimeToLiveDescription?.AttributeName;
  if ((status === 'ENABLED' || status === 'ENABLING') && attribute === TTL_ATTRIBUTE) {
    say(`TTL on ${TTL_ATTRIBUTE} already ${status.toLowerCase()}`);
    return;
  }
  if ((status === 'ENABLED' || status === 'ENABLING') && attribute !== TTL_ATTRIBUTE) {
    throw new Error(`table ${tableName} has TTL on ${attribute ?? '?'}, not ${TTL_ATTRIBUTE}; change it by hand if that is intended`);
  }
  if (status === 'DISABLING') throw new Error(`TTL of table ${tableName} is being disabled; run this again in an hour`);
  await client.send(
    new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: TTL_ATTRIBUTE } }),
  );
  say(`enabled TTL on ${TTL_ATTRIBUTE}`);
}

/**
 * `npm run db:create-table`: creates the table of docs/storage.md where the configuration points (embedded DynamoDB Local
 * on DATA_DIR, DYNAMODB_ENDPOINT, or AWS), a no-op when it exists. On AWS, the only place the table is ever created
 * (the server never does), it also turns on point-in-time recovery and TTL; local endpoints have no use for them.
 */
runScript('create-table', async (keep) => {
  const config = loadConfig();
  const location = keep(await locateDatabase(config, say));
  const { endpoint } = location;
  const local = isLocalEndpoint(endpoint);
  const client = createDocumentClient({ region: config.region, endpoint, timeoutMs: config.dynamoTimeoutMs });
  keep({ close: async () => client.destroy() });
  const where = location.sharedWith
    ? `the DynamoDB Local of \`${location.sharedWith.command}\``
    : location.embedded
      ? 'embedded DynamoDB Local'
      : (endpoint ?? `AWS ${config.region}`);
  const created = await ensureTable(client, config.tableName).catch((error: unknown) => {
    // ensureTable waits 60 s for ACTIVE; a new AWS table with five indexes can take longer. The wait below goes on.
    if ((error as Error).name === 'TimeoutError' && /Waiter has timed out/.test((error as Error).message)) return 'creating' as const;
    throw error;
  });
  if (created === 'creating') say(`table ${config.tableName} is being created (${where}); waiting for it to become ACTIVE`);
  else say(created ? `created table ${config.tableName} (${where})` : `table ${config.tableName} exists (${where})`);
  // An existing table may still be CREATING or UPDATING; PITR and TTL need it ACTIVE.
  await waitUntilTableExists({ client, maxWaitTime: 300, minDelay: 1 }, { TableName: config.tableName });
  const { Table } = await client.send(new DescribeTableCommand({ TableName: config.tableName }));
  const problems = Table ? shapeProblems(Table, config.tableName) : ['DescribeTable returned no table'];
  if (problems.length > 0) {
    process.stderr.write(
      `table ${config.tableName} does not have the shape docs/storage.md defines:\n${problems.map((p) => `  ${p}\n`).join('')}`,
    );
    return 1;
  }
  if (!local) {
    if (!Table?.StreamSpecification?.StreamEnabled)
      say(`note: table ${config.tableName} has no stream (docs/storage.md wants NEW_AND_OLD_IMAGES); not changed`);
    await enablePointInTimeRecovery(client, config.tableName);
    await enableTimeToLive(client, config.tableName);
  }
  return 0;
});

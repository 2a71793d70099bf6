/**
 * The drop-in promise (docs/storage.md, "What legacy queries can reach"): every item the server writes where one of
 * the legacy library's queries can meet it carries the keys the library requires of that query's kind, or the library
 * refuses it ("Invalid item format, missing keys"). The real server is driven through every writing mutation with an
 * API key, then the table is read with the legacy queries themselves.
 */
import { randomUUID } from 'node:crypto';
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../src/db/client';
import { DynamoGateway } from '../../src/db/gateway';
import { ensureTable } from '../../src/db/table';
import { LEGACY_REQUIRED_KEYS } from '../../src/db/schema';
import { newApiKey } from '../../src/modules/auth/api-key';
import { ApiKeyRepository } from '../../src/modules/auth/api-key-repository';
import { Authenticator } from '../../src/modules/auth/authenticator';
import { JobRepository } from '../../src/modules/jobs/job-repository';
import { nowTimestamp } from '../../src/platform/time';
import { epochInput } from '../helpers/api';
import { legacyStatus, putItems } from '../helpers/legacy-seed';
import { partitionItems } from '../helpers/table-items';
import { startTestServer, type TestServer } from '../helpers/test-server';

type Item = Record<string, unknown>;

const KEY_NAME = 'trainer-legacy-check';
const STATUSES = ['pending', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'];
const tableName = `legacy-keys-${randomUUID()}`;
let server: TestServer;
let apiKey: string;

beforeAll(async () => {
  const doc = createDocumentClient({ region: 'us-east-1', endpoint: process.env.DYNAMODB_ENDPOINT, timeoutMs: 5000 });
  await ensureTable(doc, tableName);
  const keys = new ApiKeyRepository(new DynamoGateway(doc, tableName));
  const { key, keyId, hash } = newApiKey();
  await keys.create({ keyId, name: KEY_NAME, role: 'admin', hash, createdAt: nowTimestamp(), revokedAt: null });
  apiKey = key;
  server = await startTestServer({ tableName, skipTableCreation: true, server: { auth: new Authenticator(keys, { ttlMs: 60_000 }) } });
});
afterAll(() => server.close());

/** Calls one mutation with the API key and returns its payload, failing on any error or user error. */
async function mutate(
  field: string,
  inputType: string,
  input: Record<string, unknown>,
  selection = 'userErrors { code field message }',
): Promise<Record<string, any>> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query: `mutation($input: ${inputType}!) { ${field}(input: $input) { ${selection} } }`, variables: { input } }),
  });
  const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
  expect({ field, errors: body.errors, userErrors: body.data?.[field]?.userErrors }).toEqual({ field, errors: undefined, userErrors: [] });
  return body.data?.[field];
}

async function createJob(name: string): Promise<string> {
  const id = randomUUID();
  await mutate('createJob', 'CreateJobInput', { id, name, config: { epochs: 3 } });
  return id;
}

/** Every item of a query, page by page, as the legacy library reads it (eventually consistent on the indexes). */
async function legacyQuery(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await server.doc.send(new QueryCommand({ ...input, TableName: tableName, ExclusiveStartKey: start }));
    items.push(...((out.Items ?? []) as Item[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

const inPartition = (jobId: string, prefix: string) =>
  legacyQuery({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': `JOB#${jobId}`, ':prefix': prefix },
  });
const byIndex = (index: 'GSI1' | 'GSI2', pk: string, createdOnly = false) =>
  legacyQuery({
    IndexName: index,
    KeyConditionExpression: createdOnly ? `${index}PK = :pk AND begins_with(${index}SK, :created)` : `${index}PK = :pk`,
    ExpressionAttributeValues: { ':pk': pk, ...(createdOnly ? { ':created': 'CREATED#' } : {}) },
  });

/** What the legacy library would refuse in `items` read as `kind`: another TYPE, or required keys missing. */
function refusals(query: string, kind: string, items: Item[]) {
  return items.flatMap((item) => {
    const missing = LEGACY_REQUIRED_KEYS[kind].filter((key) => item[key] === undefined || item[key] === null);
    return item.TYPE !== kind || missing.length ? [{ query, PK: item.PK, SK: item.SK, TYPE: item.TYPE, missing }] : [];
  });
}

test('every item a legacy query reaches carries the required keys of its kind, after every writing mutation', async () => {
  // Moved by hand, then given dataset metrics, an epoch, step points, logs and a finalize.
  const moved = await createJob('legacy-keys-moved');
  await mutate('updateJobStatus', 'UpdateJobStatusInput', { jobId: moved, status: 'RUNNING' });
  await mutate('recordDatasetMetrics', 'RecordDatasetMetricsInput', {
    jobId: moved,
    numTrainSamples: 2210,
    numValSamples: 540,
    oEntityRatioTrain: 5.31,
    extra: [{ name: 'num_labels', value: 12, unit: 'count' }],
  });
  await mutate('recordEpoch', 'RecordEpochInput', epochInput(moved, 1, 3));
  const points = Array.from({ length: 5 }, (_, i) => ({
    name: 'train_loss_step',
    value: 1 / (i + 1),
    step: i * 10,
    epoch: 1,
    unit: 'loss',
  }));
  await mutate('logMetrics', 'LogMetricsInput', { jobId: moved, points });
  await mutate('appendJobLog', 'AppendJobLogInput', { jobId: moved, level: 'INFO', message: 'epoch 1 done' });
  await mutate('appendJobLog', 'AppendJobLogInput', {
    jobId: moved,
    level: 'WARNING',
    message: '{"gpu": 0.95}',
    source: 'trainer',
    timestamp: '2026-02-01T10:00:00.000001+00:00',
  });
  // Edited: tags set and removed, renamed, notes set and cleared, description emptied, a heartbeat.
  await mutate('setJobTags', 'SetJobTagsInput', {
    jobId: moved,
    set: [
      { key: 'team', value: 'ml' },
      { key: 'tmp', value: 'x' },
    ],
  });
  await mutate('setJobTags', 'SetJobTagsInput', { jobId: moved, remove: ['tmp'] });
  await mutate('updateJob', 'UpdateJobInput', { jobId: moved, name: 'legacy-keys-renamed', notes: 'bad shard', description: '' });
  await mutate('updateJob', 'UpdateJobInput', { jobId: moved, notes: '' });
  await mutate('heartbeat', 'HeartbeatInput', { jobId: moved });
  await mutate('finalizeJob', 'FinalizeJobInput', { jobId: moved, status: 'SUCCEEDED', trainRuntime: 12.5 });
  // Started by its first epoch (one transaction), then cancelled.
  const started = await createJob('legacy-keys-started');
  await mutate('recordEpoch', 'RecordEpochInput', epochInput(started, 1, 2));
  await mutate('updateJobStatus', 'UpdateJobStatusInput', { jobId: started, status: 'CANCELLED' });
  // Started by an epoch too big for one transaction (staged), then a log and a failed finalize.
  const staged = await createJob('legacy-keys-staged');
  await mutate('recordEpoch', 'RecordEpochInput', epochInput(staged, 1, 200));
  await mutate('appendJobLog', 'AppendJobLogInput', { jobId: staged, level: 'ERROR', message: 'out of memory' });
  await mutate('finalizeJob', 'FinalizeJobInput', { jobId: staged, status: 'FAILED' });
  // Never moved.
  const pending = await createJob('legacy-keys-pending');
  const jobIds = [moved, started, staged, pending];

  const problems: ReturnType<typeof refusals> = [];
  const found: Record<string, Item[]> = { JOB: [], JOB_METRIC: [], JOB_LOG: [], JOB_STATUS: [] };
  const check = (query: string, kind: string, items: Item[]) => {
    problems.push(...refusals(query, kind, items));
    found[kind].push(...items);
  };
  for (const jobId of jobIds) {
    check(`JOB#${jobId} METRIC#`, 'JOB_METRIC', await inPartition(jobId, 'METRIC#'));
    check(`JOB#${jobId} LOG#`, 'JOB_LOG', await inPartition(jobId, 'LOG#'));
    check(`JOB#${jobId} STATUS#`, 'JOB_STATUS', await inPartition(jobId, 'STATUS#'));
  }
  for (const status of STATUSES) check(`GSI1 STATUS#${status} CREATED#`, 'JOB', await byIndex('GSI1', `STATUS#${status}`, true));
  // The by-name index (GSI2 JOB_NAME#): the renamed job under its new name only, with every required key.
  const renamed = await byIndex('GSI2', 'JOB_NAME#legacy-keys-renamed', true);
  problems.push(...refusals('GSI2 JOB_NAME#legacy-keys-renamed', 'JOB', renamed));
  expect(renamed.map((j) => j.PK)).toEqual([`JOB#${moved}`]);
  expect(await byIndex('GSI2', 'JOB_NAME#legacy-keys-moved', true)).toEqual([]);
  const metricNames = [...new Set(found.JOB_METRIC.map((m) => String(m.metric_name)))];
  for (const name of metricNames) {
    check(`GSI1 METRIC#${name}`, 'JOB_METRIC', await byIndex('GSI1', `METRIC#${name}`));
    check(`GSI2 METRIC#${name}`, 'JOB_METRIC', await byIndex('GSI2', `METRIC#${name}`));
  }
  expect(problems).toEqual([]);

  // The queries did meet what the mutations wrote: every job, status change, log line and metric name.
  expect(found.JOB.map((j) => String(j.PK)).sort()).toEqual(jobIds.map((id) => `JOB#${id}`).sort());
  const history = (jobId: string) => found.JOB_STATUS.filter((s) => s.PK === `JOB#${jobId}`).map((s) => s.status);
  expect(jobIds.map(history)).toEqual([['running', 'succeeded'], ['running', 'cancelled'], ['running', 'failed'], []]);
  expect(found.JOB_LOG).toHaveLength(3);
  expect(metricNames).toEqual(expect.arrayContaining(['num_train_samples', 'num_labels', 'val_f1', 'label_LABEL_0', 'label_LABEL_199']));
  // Status items: updated_at is the SK's timestamp, updated_by the API key's name.
  for (const s of found.JOB_STATUS) expect([s.updated_at, s.updated_by]).toEqual([String(s.SK).slice('STATUS#'.length), KEY_NAME]);
});

test('an auto-start whose epoch fills a transaction exactly keeps its status-history item', async () => {
  const jobId = await createJob('legacy-keys-exact-fit');
  // 6 standard metrics + 89 label rows, 2 improved summaries, the job's card, the marker, the job's move: 100 items
  // before the history item, which used to be dropped to fit. It counts now, so the start commits on its own first.
  await mutate('recordEpoch', 'RecordEpochInput', epochInput(jobId, 1, 89, { extra: [] }));
  const items = await partitionItems(server.doc, tableName, jobId);
  expect(items.filter((i) => i.TYPE === 'JOB_METRIC')).toHaveLength(95);
  expect(items.filter((i) => i.TYPE === 'JOB_LEADERBOARD')).toHaveLength(2);
  expect(items.find((i) => i.SK === 'JOB')?.status).toBe('running');
  const history = items.filter((i) => i.TYPE === 'JOB_STATUS');
  expect(history).toEqual([expect.objectContaining({ status: 'running', message: 'started by epoch 1', updated_by: KEY_NAME })]);
  expect(history[0].updated_at).toBe(items.find((i) => i.SK === 'JOB')?.status_changed_at);
});

test('without auth, status items carry updated_at and no updated_by', async () => {
  const open = await startTestServer({ tableName, skipTableCreation: true });
  try {
    const jobId = randomUUID();
    const created = await open.gql(`mutation($input: CreateJobInput!) { createJob(input: $input) { userErrors { code } } }`, {
      input: { id: jobId, name: 'legacy-keys-open' },
    });
    expect(created.data?.createJob.userErrors).toEqual([]);
    const moved = await open.gql(`mutation($input: UpdateJobStatusInput!) { updateJobStatus(input: $input) { userErrors { code } } }`, {
      input: { jobId, status: 'RUNNING' },
    });
    expect(moved.data?.updateJobStatus.userErrors).toEqual([]);
    const history = (await partitionItems(open.doc, tableName, jobId)).filter((i) => i.TYPE === 'JOB_STATUS');
    expect(history).toHaveLength(1);
    expect(history[0].updated_at).toBe(String(history[0].SK).slice('STATUS#'.length));
    expect(history[0]).not.toHaveProperty('updated_by');
  } finally {
    await open.close();
  }
});

test('the status-history repair stamps only a stored item still without updated_at: none overwritten, none brought back', async () => {
  const jobs = new JobRepository(new DynamoGateway(server.doc, tableName));
  const jobId = randomUUID();
  const [missing, stamped, gone] = [
    '2026-02-01T10:00:00.000001+00:00',
    '2026-02-01T10:00:01.000001+00:00',
    '2026-02-01T10:00:02.000001+00:00',
  ];
  const unstamped = legacyStatus({ jobId, ts: missing, status: 'running', message: 'started' });
  const stampedMeanwhile = { ...legacyStatus({ jobId, ts: stamped, status: 'failed' }), updated_at: '2026-02-01T10:00:01+00:00' };
  await putItems(server.doc, tableName, [unstamped, stampedMeanwhile]);

  // `gone`: an item listed as missing updated_at and deleted since.
  expect(await jobs.repairStatusHistory(jobId, [missing, stamped, gone])).toBe(1);
  expect(await partitionItems(server.doc, tableName, jobId)).toEqual([{ ...unstamped, updated_at: missing }, stampedMeanwhile]);
  expect(await jobs.repairStatusHistory(jobId, [missing, stamped, gone])).toBe(0);
  expect(await partitionItems(server.doc, tableName, jobId)).toEqual([{ ...unstamped, updated_at: missing }, stampedMeanwhile]);
});

/**
 * Editing a job after its creation (setJobTags, updateJob), heartbeats, and the last-seen mark the server keeps from a
 * job's own writes (at most one job update a minute per job and server instance). Checked on the stored item itself.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../src/db/client';
import { DynamoGateway } from '../../src/db/gateway';
import { ensureTable } from '../../src/db/table';
import { newApiKey, type Role } from '../../src/modules/auth/api-key';
import { ApiKeyRepository } from '../../src/modules/auth/api-key-repository';
import { Authenticator } from '../../src/modules/auth/authenticator';
import { createLoaders } from '../../src/modules/loaders';
import { JobActivity } from '../../src/modules/jobs/job-activity';
import { JobEditService } from '../../src/modules/jobs/job-edit-service';
import { JobRepository } from '../../src/modules/jobs/job-repository';
import { MetricRepository } from '../../src/modules/metrics/metric-repository';
import { CardRepository } from '../../src/modules/cards/card-repository';
import { StepRepository } from '../../src/modules/metrics/step-repository';
import { PartitionRepository } from '../../src/modules/partition/partition-repository';
import { nowTimestamp } from '../../src/platform/time';
import { createJob } from '../helpers/api';
import { legacyJob, putItems } from '../helpers/legacy-seed';
import { startTestServer, type GqlResponse, type TestServer } from '../helpers/test-server';

const JOB_FIELDS = 'id name description notes tags status lastSeenAt';
const SET_TAGS = `mutation($input: SetJobTagsInput!) { setJobTags(input: $input) { job { ${JOB_FIELDS} } userErrors { code field message } } }`;
const UPDATE_JOB = `mutation($input: UpdateJobInput!) { updateJob(input: $input) { job { ${JOB_FIELDS} } userErrors { code field message } } }`;
const HEARTBEAT = `mutation($input: HeartbeatInput!) { heartbeat(input: $input) { job { ${JOB_FIELDS} } userErrors { code field message } } }`;
const LOG_METRICS = `mutation($input: LogMetricsInput!) { logMetrics(input: $input) { written replayed userErrors { code message } } }`;
const APPEND_LOG = `mutation($input: AppendJobLogInput!) { appendJobLog(input: $input) { replayed userErrors { code message } } }`;
const FINALIZE = `mutation($input: FinalizeJobInput!) { finalizeJob(input: $input) { userErrors { code message } } }`;

const tableName = `job-editing-${randomUUID()}`;
let server: TestServer;
let keys: ApiKeyRepository;

beforeAll(async () => {
  const doc = createDocumentClient({ region: 'us-east-1', endpoint: process.env.DYNAMODB_ENDPOINT, timeoutMs: 5000 });
  await ensureTable(doc, tableName);
  keys = new ApiKeyRepository(new DynamoGateway(doc, tableName));
  server = await startTestServer({ tableName, skipTableCreation: true });
});
afterAll(() => server.close());

async function jobItem(jobId: string, on: TestServer = server): Promise<Record<string, any> | undefined> {
  const out = await on.doc.send(new GetCommand({ TableName: tableName, Key: { PK: `JOB#${jobId}`, SK: 'JOB' }, ConsistentRead: true }));
  return out.Item;
}

/** The write calls of a response (every DynamoDB operation but reads). */
function writes(res: GqlResponse): Record<string, number> {
  const commands = res.extensions?.dynamodb?.commands ?? {};
  return Object.fromEntries(Object.entries(commands).filter(([op]) => !['GetItem', 'BatchGetItem', 'Query'].includes(op)));
}

const updateItemCalls = (res: GqlResponse) => res.extensions?.dynamodb?.commands.UpdateItem ?? 0;

describe('setJobTags', () => {
  test('sets and removes keys, keeps the others; the same call again writes nothing', async () => {
    const jobId = await createJob(server, { tags: { team: 'ml', stage: 'dev', keep: 'me' } });
    const input = {
      jobId,
      set: [
        { key: 'stage', value: 'prod' },
        { key: 'dataset.version', value: 'v2' },
      ],
      remove: ['team', 'absent'],
    };
    const first = await server.gql(SET_TAGS, { input });
    expect(first.data?.setJobTags.userErrors).toEqual([]);
    expect(first.data?.setJobTags.job.tags).toEqual({ stage: 'prod', 'dataset.version': 'v2', keep: 'me' });
    expect(writes(first)).toEqual({ UpdateItem: 1 });
    expect(first.extensions?.dynamodb?.commands).toEqual({ GetItem: 1, UpdateItem: 1 });
    const item = await jobItem(jobId);
    expect(item?.tags).toEqual({ stage: 'prod', 'dataset.version': 'v2', keep: 'me' });

    const again = await server.gql(SET_TAGS, { input });
    expect(again.data?.setJobTags).toEqual(first.data?.setJobTags);
    expect(writes(again)).toEqual({});
    expect(again.extensions?.dynamodb?.commands).toEqual({ GetItem: 1 });
    expect(await jobItem(jobId)).toEqual(item);

    // Only an absent key to remove, or values already stored: nothing to write either.
    const noop = await server.gql(SET_TAGS, { input: { jobId, set: [{ key: 'keep', value: 'me' }], remove: ['team'] } });
    expect(noop.data?.setJobTags.userErrors).toEqual([]);
    expect(writes(noop)).toEqual({});
  });

  test('a legacy job item without a tags map gets one; its legacy extras survive every edit', async () => {
    const jobId = randomUUID();
    const legacy = {
      ...legacyJob({ id: jobId, name: 'legacy-untagged', status: 'running', createdAt: '2026-01-05T08:00:00.000001+00:00' }),
      estimated_duration: 3600,
      storage: { bucket: 's3://runs' },
    };
    expect(legacy).not.toHaveProperty('tags');
    await putItems(server.doc, tableName, [legacy]);

    const removeOnly = await server.gql(SET_TAGS, { input: { jobId, remove: ['x'] } });
    expect(removeOnly.data?.setJobTags).toMatchObject({ userErrors: [], job: { tags: {} } });
    expect(writes(removeOnly)).toEqual({});

    const first = await server.gql(SET_TAGS, { input: { jobId, set: [{ key: 'owner', value: 'ana' }] } });
    expect(first.data?.setJobTags).toMatchObject({ userErrors: [], job: { tags: { owner: 'ana' }, name: 'legacy-untagged' } });
    expect(await jobItem(jobId)).toEqual({ ...legacy, tags: { owner: 'ana' } });

    const second = await server.gql(SET_TAGS, { input: { jobId, set: [{ key: 'gpu', value: 'a100' }], remove: ['owner'] } });
    expect(second.data?.setJobTags.job.tags).toEqual({ gpu: 'a100' });
    expect(await jobItem(jobId)).toEqual({ ...legacy, tags: { gpu: 'a100' } });
  });

  test('a tags map written between the read and the update is caught by the condition and kept', async () => {
    const jobId = randomUUID();
    const legacy = legacyJob({ id: jobId, name: 'legacy-raced', status: 'running', createdAt: '2026-01-06T08:00:00.000001+00:00' });
    await putItems(server.doc, tableName, [legacy]);
    const gw = new DynamoGateway(server.doc, tableName);
    let reads = 0;
    // Another writer gives the job a tags map just after this edit's first read (which saw none).
    class RacedRepository extends JobRepository {
      override async getItemConsistent(id: string) {
        const item = await super.getItemConsistent(id);
        if (reads++ === 0) await putItems(server.doc, tableName, [{ ...legacy, tags: { other: 'writer' } }]);
        return item;
      }
    }
    const jobs = new RacedRepository(gw);
    const loaders = createLoaders({
      jobs,
      partitions: new PartitionRepository(gw),
      metrics: new MetricRepository(gw),
      steps: new StepRepository(gw),
      cards: new CardRepository(gw),
    });
    const result = await new JobEditService(jobs, loaders).setTags({ jobId, set: [{ key: 'mine', value: 'yes' }] });
    expect(result).toMatchObject({ userErrors: [], job: { tags: { other: 'writer', mine: 'yes' } } });
    expect(reads).toBe(2);
    expect((await jobItem(jobId))?.tags).toEqual({ other: 'writer', mine: 'yes' });
  });

  test('invalid input: INVALID naming the field, nothing read or written', async () => {
    const jobId = await createJob(server);
    const cases: [Record<string, unknown>, (string | number)[]][] = [
      [{ jobId }, ['input']],
      [{ jobId, set: [], remove: [] }, ['input']],
      [{ jobId, set: [{ key: 'a', value: '1' }], remove: ['a'] }, ['input', 'remove', '0']],
      [{ jobId, set: [{ key: '', value: '1' }] }, ['input', 'set', '0', 'key']],
      [{ jobId, set: [{ key: 'k'.repeat(201), value: '1' }] }, ['input', 'set', '0', 'key']],
      [{ jobId, set: [{ key: 'k', value: 'v'.repeat(2001) }] }, ['input', 'set', '0', 'value']],
      [
        {
          jobId,
          set: [
            { key: 'k', value: '1' },
            { key: 'k', value: '2' },
          ],
        },
        ['input', 'set', '1'],
      ],
      [{ jobId, set: Array.from({ length: 101 }, (_, i) => ({ key: `k${i}`, value: 'v' })) }, ['input', 'set']],
      [
        {
          jobId,
          set: Array.from({ length: 60 }, (_, i) => ({ key: `k${i}`, value: 'v' })),
          remove: Array.from({ length: 41 }, (_, i) => `r${i}`),
        },
        ['input', 'remove'],
      ],
      [{ jobId: 'not-a-uuid', set: [{ key: 'a', value: '1' }] }, ['input', 'jobId']],
    ];
    for (const [input, field] of cases) {
      const res = await server.gql(SET_TAGS, { input });
      expect({ input, payload: res.data?.setJobTags }).toEqual({
        input,
        payload: { job: null, userErrors: [expect.objectContaining({ code: 'INVALID', field })] },
      });
      expect(res.extensions?.dynamodb?.calls).toBe(0);
    }
    // 100 in all is the limit, not more.
    const hundred = await server.gql(SET_TAGS, {
      input: {
        jobId,
        set: Array.from({ length: 60 }, (_, i) => ({ key: `k${i}`, value: 'v' })),
        remove: Array.from({ length: 40 }, (_, i) => `r${i}`),
      },
    });
    expect(hundred.data?.setJobTags.userErrors).toEqual([]);
    expect(Object.keys(hundred.data?.setJobTags.job.tags)).toHaveLength(60);
  });

  test('a job that is not there: NOT_FOUND, nothing written', async () => {
    const res = await server.gql(SET_TAGS, { input: { jobId: randomUUID(), set: [{ key: 'a', value: '1' }] } });
    expect(res.data?.setJobTags).toEqual({
      job: null,
      userErrors: [expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'jobId'] })],
    });
    expect(writes(res)).toEqual({});
  });

  test('tags that would take the room kept for results are INVALID', async () => {
    const jobId = await createJob(server);
    const big = Array.from({ length: 100 }, (_, i) => ({ key: `big-${i}`, value: 'x'.repeat(2000) }));
    expect((await server.gql(SET_TAGS, { input: { jobId, set: big } })).data?.setJobTags.userErrors).toEqual([]);
    // 200 KB stored; another 200 KB would pass 368 KB (400 KB less the 32 KB kept for results).
    const more = big.map((t) => ({ ...t, key: `more-${t.key}` }));
    const res = await server.gql(SET_TAGS, { input: { jobId, set: more } });
    expect(res.data?.setJobTags).toEqual({
      job: null,
      userErrors: [expect.objectContaining({ code: 'INVALID', field: ['input', 'set'] })],
    });
    expect(writes(res)).toEqual({});
    expect(Object.keys((await jobItem(jobId))?.tags)).toHaveLength(100);
  });
});

describe('updateJob', () => {
  test('a rename moves the job in the by-name index (GSI2) in the same write', async () => {
    const oldName = `before-${randomUUID().slice(0, 8)}`;
    const newName = `after-${randomUUID().slice(0, 8)}`;
    const jobId = await createJob(server, { name: oldName, description: 'kept' });
    const res = await server.gql(UPDATE_JOB, { input: { jobId, name: newName } });
    expect(res.data?.updateJob).toMatchObject({ userErrors: [], job: { id: jobId, name: newName, description: 'kept' } });
    expect(writes(res)).toEqual({ UpdateItem: 1 });
    const item = await jobItem(jobId);
    expect(item).toMatchObject({
      name: newName,
      GSI2PK: `JOB_NAME#${newName}`,
      GSI2SK: `CREATED#${item?.created_at}`,
      description: 'kept',
    });

    const byName = async (name: string) =>
      (
        await server.doc.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'GSI2',
            KeyConditionExpression: 'GSI2PK = :pk',
            ExpressionAttributeValues: { ':pk': `JOB_NAME#${name}` },
          }),
        )
      ).Items ?? [];
    // Index reads are eventually consistent: give the index a moment.
    let [found, left] = await Promise.all([byName(newName), byName(oldName)]);
    for (let i = 0; i < 50 && (found.length !== 1 || left.length !== 0); i++) {
      await new Promise((r) => setTimeout(r, 100));
      [found, left] = await Promise.all([byName(newName), byName(oldName)]);
    }
    expect(found.map((i) => i.PK)).toEqual([`JOB#${jobId}`]);
    expect(left).toEqual([]);

    const again = await server.gql(UPDATE_JOB, { input: { jobId, name: newName } });
    expect(again.data?.updateJob).toEqual(res.data?.updateJob);
    expect(writes(again)).toEqual({});
  });

  test('description and notes; fields left out stay; empty notes clear them; repeats write nothing', async () => {
    const jobId = await createJob(server, { description: 'first', tags: { a: '1' } });
    const notes = 'Loss spiked at step 1,200: bad shard.\nRerun with shard 17 removed.';
    const set = await server.gql(UPDATE_JOB, { input: { jobId, notes, description: 'second' } });
    expect(set.data?.updateJob).toMatchObject({ userErrors: [], job: { description: 'second', notes, tags: { a: '1' } } });
    expect(await jobItem(jobId)).toMatchObject({ description: 'second', notes });

    const same = await server.gql(UPDATE_JOB, { input: { jobId, notes, description: 'second' } });
    expect(same.data?.updateJob).toEqual(set.data?.updateJob);
    expect(writes(same)).toEqual({});

    const description = await server.gql(UPDATE_JOB, { input: { jobId, description: '' } });
    expect(description.data?.updateJob.job).toMatchObject({ description: '', notes });
    expect((await jobItem(jobId))?.description).toBe('');

    const cleared = await server.gql(UPDATE_JOB, { input: { jobId, notes: '' } });
    expect(cleared.data?.updateJob).toMatchObject({ userErrors: [], job: { notes: null, description: '' } });
    expect(writes(cleared)).toEqual({ UpdateItem: 1 });
    const item = await jobItem(jobId);
    expect(item).not.toHaveProperty('notes');
    expect(item).toMatchObject({ name: expect.any(String), description: '', tags: { a: '1' }, job_config: {} });

    const clearedAgain = await server.gql(UPDATE_JOB, { input: { jobId, notes: '' } });
    expect(clearedAgain.data?.updateJob.userErrors).toEqual([]);
    expect(writes(clearedAgain)).toEqual({});
  });

  test('invalid input: INVALID naming the field; a missing job NOT_FOUND', async () => {
    const jobId = await createJob(server);
    const cases: [Record<string, unknown>, (string | number)[]][] = [
      [{ jobId }, ['input']],
      [{ jobId, name: null, notes: null }, ['input']],
      [{ jobId, name: 'a#b' }, ['input', 'name']],
      [{ jobId, name: '  ' }, ['input', 'name']],
      [{ jobId, name: 'n'.repeat(201) }, ['input', 'name']],
      [{ jobId, description: 'd'.repeat(2001) }, ['input', 'description']],
      [{ jobId, notes: 'n'.repeat(100_001) }, ['input', 'notes']],
    ];
    for (const [input, field] of cases) {
      const res = await server.gql(UPDATE_JOB, { input });
      expect({ field, payload: res.data?.updateJob }).toEqual({
        field,
        payload: { job: null, userErrors: [expect.objectContaining({ code: 'INVALID', field })] },
      });
      expect(res.extensions?.dynamodb?.calls).toBe(0);
    }
    const longest = await server.gql(UPDATE_JOB, { input: { jobId, notes: 'n'.repeat(100_000) } });
    expect(longest.data?.updateJob.job.notes).toHaveLength(100_000);

    const missing = await server.gql(UPDATE_JOB, { input: { jobId: randomUUID(), description: 'x' } });
    expect(missing.data?.updateJob).toEqual({
      job: null,
      userErrors: [expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'jobId'] })],
    });
    expect(writes(missing)).toEqual({});
  });
});

describe('heartbeat', () => {
  test("moves the job's last_seen_at to now, on any status; never back", async () => {
    const jobId = await createJob(server, { status: 'RUNNING' });
    expect(await jobItem(jobId)).not.toHaveProperty('last_seen_at');
    const first = await server.gql(HEARTBEAT, { input: { jobId } });
    expect(first.data?.heartbeat.userErrors).toEqual([]);
    expect(writes(first)).toEqual({ UpdateItem: 1 });
    const seen = (await jobItem(jobId))?.last_seen_at;
    expect(seen).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    expect(first.data?.heartbeat.job).toMatchObject({ id: jobId, status: 'RUNNING', lastSeenAt: seen });

    const second = await server.gql(HEARTBEAT, { input: { jobId } });
    const later = (await jobItem(jobId))?.last_seen_at;
    expect(later > seen).toBe(true);
    expect(second.data?.heartbeat.job.lastSeenAt).toBe(later);

    // Finished jobs take heartbeats too.
    expect((await server.gql(FINALIZE, { input: { jobId, status: 'SUCCEEDED' } })).data?.finalizeJob.userErrors).toEqual([]);
    const finished = await server.gql(HEARTBEAT, { input: { jobId } });
    expect(finished.data?.heartbeat).toMatchObject({ userErrors: [], job: { status: 'SUCCEEDED' } });
    expect((await jobItem(jobId))?.last_seen_at > later).toBe(true);
  });

  test('a mark already later (another clock) stays, and is no error; a missing job is NOT_FOUND', async () => {
    const jobId = await createJob(server);
    const future = '2999-01-01T00:00:00.000000+00:00';
    await putItems(server.doc, tableName, [{ ...(await jobItem(jobId)), last_seen_at: future }]);
    const res = await server.gql(HEARTBEAT, { input: { jobId } });
    expect(res.data?.heartbeat).toMatchObject({ userErrors: [], job: { id: jobId, lastSeenAt: future } });
    expect((await jobItem(jobId))?.last_seen_at).toBe(future);

    const missing = await server.gql(HEARTBEAT, { input: { jobId: randomUUID() } });
    expect(missing.data?.heartbeat).toEqual({
      job: null,
      userErrors: [expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'jobId'] })],
    });
    const invalid = await server.gql(HEARTBEAT, { input: { jobId: 'x' } });
    expect(invalid.data?.heartbeat.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'jobId'] })]);
  });
});

describe("the last-seen mark from a job's writes", () => {
  const points = (from: number) => Array.from({ length: 3 }, (_, i) => ({ name: 'train_loss', step: from + i, value: 1 / (from + i + 1) }));

  test('logMetrics: one extra UpdateItem for two calls within a minute', async () => {
    const jobId = await createJob(server, { status: 'RUNNING' });
    const before = nowTimestamp();
    const first = await server.gql(LOG_METRICS, { input: { jobId, points: points(0) } });
    const second = await server.gql(LOG_METRICS, { input: { jobId, points: points(3) } });
    expect([first.data?.logMetrics.written, second.data?.logMetrics.written]).toEqual([3, 3]);
    expect(updateItemCalls(first) + updateItemCalls(second)).toBe(1);
    expect(updateItemCalls(first)).toBe(1);
    const seen = (await jobItem(jobId))?.last_seen_at;
    expect(seen > before).toBe(true);
    // A replay writes no point, and marks nothing either.
    const replay = await server.gql(LOG_METRICS, { input: { jobId, points: points(0) } });
    expect(replay.data?.logMetrics).toMatchObject({ written: 0, replayed: 3 });
    expect(updateItemCalls(replay)).toBe(0);
  });

  test('appendJobLog: the same, and the mark is shared with the job’s other writes on this server', async () => {
    const jobId = await createJob(server, { status: 'RUNNING' });
    const first = await server.gql(APPEND_LOG, { input: { jobId, level: 'INFO', message: 'one' } });
    const second = await server.gql(APPEND_LOG, { input: { jobId, level: 'INFO', message: 'two' } });
    const third = await server.gql(LOG_METRICS, { input: { jobId, points: points(0) } });
    expect([first, second, third].map(updateItemCalls)).toEqual([1, 0, 0]);
    expect((await jobItem(jobId))?.last_seen_at).toEqual(expect.any(String));
  });

  test('each server instance keeps its own minute: another instance marks the job again', async () => {
    const jobId = await createJob(server, { status: 'RUNNING' });
    const here = await server.gql(APPEND_LOG, { input: { jobId, level: 'INFO', message: 'here' } });
    const firstMark = (await jobItem(jobId))?.last_seen_at;
    const other = await startTestServer({ tableName, skipTableCreation: true, server: { activity: new JobActivity() } });
    try {
      const there = await other.gql(APPEND_LOG, { input: { jobId, level: 'INFO', message: 'there' } });
      const thereAgain = await other.gql(APPEND_LOG, { input: { jobId, level: 'INFO', message: 'there again' } });
      expect([here, there, thereAgain].map(updateItemCalls)).toEqual([1, 1, 0]);
      expect((await jobItem(jobId))?.last_seen_at > firstMark).toBe(true);
    } finally {
      await other.close();
    }
  });
});

describe('roles', () => {
  test('a reader key is FORBIDDEN the edits; a writer may make them, stamped with its name', async () => {
    const add = async (role: Role, name: string) => {
      const { key, keyId, hash } = newApiKey();
      await keys.create({ keyId, name, role, hash, createdAt: nowTimestamp(), revokedAt: null });
      return key;
    };
    const reader = await add('reader', 'editing-reader');
    const writer = await add('writer', 'editing-writer');
    const secured = await startTestServer({
      tableName,
      skipTableCreation: true,
      server: { auth: new Authenticator(keys, { ttlMs: 60_000 }) },
    });
    try {
      const jobId = await createJob(server, { tags: { a: '1' } });
      await server.gql(UPDATE_JOB, { input: { jobId, notes: 'to clear' } });
      const call = async (key: string, query: string, input: Record<string, unknown>) => {
        const res = await fetch(secured.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ query, variables: { input } }),
        });
        return { status: res.status, body: (await res.json()) as GqlResponse };
      };
      const edits: [string, Record<string, unknown>][] = [
        [SET_TAGS, { jobId, remove: ['a'] }],
        [UPDATE_JOB, { jobId, notes: '' }],
        [HEARTBEAT, { jobId }],
      ];
      const before = await jobItem(jobId);
      for (const [query, input] of edits) {
        const denied = await call(reader, query, input);
        expect(denied.status).toBe(403);
        expect(denied.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
        expect(denied.body.extensions?.dynamodb?.calls).toBe(0);
      }
      expect(await jobItem(jobId)).toEqual(before);
      // Remove-only updates (no SET of their own) are stamped too.
      const removed = await call(writer, SET_TAGS, edits[0][1]);
      expect(removed.body.errors).toBeUndefined();
      expect(await jobItem(jobId)).toMatchObject({ tags: {}, written_by: 'editing-writer' });
      await putItems(server.doc, tableName, [{ ...(await jobItem(jobId)), written_by: 'someone-else' }]);
      const cleared = await call(writer, UPDATE_JOB, edits[1][1]);
      expect(cleared.body.errors).toBeUndefined();
      const item = await jobItem(jobId);
      expect(item).toMatchObject({ written_by: 'editing-writer' });
      expect(item).not.toHaveProperty('notes');
      const beat = await call(writer, HEARTBEAT, edits[2][1]);
      expect(beat.body.errors).toBeUndefined();
      expect((await jobItem(jobId))?.last_seen_at).toEqual(expect.any(String));
    } finally {
      await secured.close();
    }
  });
});

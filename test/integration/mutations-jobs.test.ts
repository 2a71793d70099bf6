import { randomUUID } from 'node:crypto';
import { DynamoGateway } from '../../src/db/gateway';
import { JobRepository } from '../../src/modules/jobs/job-repository';
import { LogRepository } from '../../src/modules/logs/log-repository';
import { createJob, CREATE_JOB, epochInput, RECORD_EPOCH } from '../helpers/api';
import { partitionItems } from '../helpers/table-items';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const UPDATE_STATUS = `mutation($input: UpdateJobStatusInput!) { updateJobStatus(input: $input) { job { status } userErrors { code field message } } }`;
const FINALIZE = `mutation($input: FinalizeJobInput!) { finalizeJob(input: $input) { job { status results { bestF1 bestEpoch trainRuntime totalFlos earlyStoppingTriggered bestCheckpointS3Path raw } } userErrors { code field message } } }`;
const APPEND_LOG = `mutation($input: AppendJobLogInput!) { appendJobLog(input: $input) { log { jobId timestamp level message source data } userErrors { code field message } } }`;
const DELETE = `mutation($id: ID!) { deleteJob(input: { jobId: $id }) { deletedJobId deletedItems userErrors { code field message } } }`;

describe('createJob', () => {
  test('defaults PENDING, MEDIUM and system, and generates a UUID v4', async () => {
    const res = await server.gql(CREATE_JOB, { input: { name: 'defaults' } });
    const job = res.data?.createJob.job;
    expect(job).toMatchObject({
      name: 'defaults',
      description: '',
      status: 'PENDING',
      priority: 'MEDIUM',
      createdBy: 'system',
      config: {},
      tags: {},
    });
    expect(job.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const [item] = (await partitionItems(server.doc, server.tableName, job.id)).filter((i) => i.SK === 'JOB');
    expect(item).toMatchObject({
      TYPE: 'JOB',
      GSI1PK: 'STATUS#pending',
      GSI1SK: `CREATED#${job.createdAt}`,
      GSI2PK: 'JOB_NAME#defaults',
      GSI2SK: `CREATED#${job.createdAt}`,
      status: 'pending',
      priority: 'medium',
      created_by: 'system',
      created_at: job.createdAt,
      job_config: {},
    });
  });

  test('the same job again is a replay; the same id with other content ALREADY_EXISTS', async () => {
    const id = randomUUID();
    const input = { id, name: 'replay', description: 'd', priority: 'HIGH', config: { lr: 0.1, layers: [1, 2] }, tags: { team: 'ml' } };
    const first = await server.gql(CREATE_JOB, { input });
    expect(first.data?.createJob).toMatchObject({ replayed: false, userErrors: [] });
    const again = await server.gql(CREATE_JOB, { input: { ...input, config: { layers: [1, 2], lr: 0.1 } } });
    expect(again.data?.createJob).toMatchObject({
      replayed: true,
      userErrors: [],
      job: { id, createdAt: first.data?.createJob.job.createdAt },
    });
    const other = await server.gql(CREATE_JOB, { input: { ...input, name: 'other' } });
    expect(other.data?.createJob).toMatchObject({
      job: null,
      replayed: false,
      userErrors: [{ code: 'ALREADY_EXISTS', field: ['input', 'id'] }],
    });
  });

  test.each([
    ['a non-UUID id', { id: 'job-1' }, ['input', 'id']],
    ['a UUID v1', { id: 'a8098c1a-f86e-11da-bd1a-00112444be1e' }, ['input', 'id']],
    ['an empty name', { name: '' }, ['input', 'name']],
    ['a blank name', { name: '   ' }, ['input', 'name']],
    ['# in the name', { name: 'a#b' }, ['input', 'name']],
    ['a name too long', { name: 'x'.repeat(201) }, ['input', 'name']],
    ['a config that is not an object', { config: [1, 2] }, ['input', 'config']],
    ['a config nested too deep', { config: JSON.parse('{"a":'.repeat(40) + '1' + '}'.repeat(40)) }, ['input', 'config']],
    ['a config number out of range', { config: { big: 1e200 } }, ['input', 'config']],
    ['tags that are not strings', { tags: { epochs: 3 } }, ['input', 'tags']],
    ['a config over the item size limit', { config: { blob: 'x'.repeat(400 * 1024) } }, ['input', 'config']],
  ])('%s is INVALID and nothing is written', async (_what, override, field) => {
    const id = randomUUID();
    const res = await server.gql(CREATE_JOB, { input: { id, name: 'valid', ...override } });
    expect(res.errors).toBeUndefined();
    expect(res.data?.createJob.userErrors).toContainEqual({ code: 'INVALID', field, message: expect.any(String) });
    expect(await partitionItems(server.doc, server.tableName, id)).toEqual([]);
  });
});

describe('updateJobStatus', () => {
  test('moves the status and its GSI1 key and appends a history item', async () => {
    const id = await createJob(server);
    const res = await server.gql(UPDATE_STATUS, { input: { jobId: id, status: 'RUNNING' } });
    expect(res.data?.updateJobStatus).toEqual({ job: { status: 'RUNNING' }, userErrors: [] });
    const items = await partitionItems(server.doc, server.tableName, id);
    expect(items.find((i) => i.SK === 'JOB')).toMatchObject({ status: 'running', GSI1PK: 'STATUS#running' });
    const history = items.filter((i) => i.TYPE === 'JOB_STATUS');
    expect(history).toEqual([
      expect.objectContaining({ status: 'running', GSI1PK: 'STATUS#running', GSI1SK: expect.stringMatching(/^UPDATED#/) }),
    ]);
    const running = await server.gql(`{ jobs(status: RUNNING, first: 500) { edges { node { id } } } }`);
    expect(running.data?.jobs.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(id);
  });

  test('a terminal status is final: leaving it is CONFLICT', async () => {
    const id = await createJob(server);
    expect((await server.gql(UPDATE_STATUS, { input: { jobId: id, status: 'CANCELLED' } })).data?.updateJobStatus.userErrors).toEqual([]);
    const res = await server.gql(UPDATE_STATUS, { input: { jobId: id, status: 'RUNNING' } });
    expect(res.data?.updateJobStatus).toEqual({
      job: null,
      userErrors: [{ code: 'CONFLICT', field: ['input', 'status'], message: expect.any(String) }],
    });
    const missing = await server.gql(UPDATE_STATUS, { input: { jobId: randomUUID(), status: 'RUNNING' } });
    expect(missing.data?.updateJobStatus.userErrors[0].code).toBe('NOT_FOUND');
  });

  test('a move based on a stale read fails even when the status came back (running -> pending -> running)', async () => {
    const id = await createJob(server, { status: 'RUNNING' });
    const repo = new JobRepository(new DynamoGateway(server.doc, server.tableName));
    const stale = await repo.getConsistent(id);
    for (const status of ['PENDING', 'RUNNING'])
      expect((await server.gql(UPDATE_STATUS, { input: { jobId: id, status } })).data?.updateJobStatus.userErrors).toEqual([]);
    const late = { jobId: id, status: 'PENDING' as const, timestamp: '2026-01-01T00:00:00.000001+00:00', message: null };
    expect(stale?.status).toBe('RUNNING');
    expect(await repo.transition(stale as NonNullable<typeof stale>, late)).toBe(false);
    const history = (await partitionItems(server.doc, server.tableName, id))
      .filter((i) => i.TYPE === 'JOB_STATUS')
      .map((i) => String(i.status));
    expect(history).toEqual(['pending', 'running']);
  });

  test('concurrent updates never lose a transition', async () => {
    const id = await createJob(server);
    const statuses = Array.from({ length: 16 }, (_, i) => (i % 2 ? 'PENDING' : 'RUNNING'));
    const results = await Promise.all(statuses.map((status) => server.gql(UPDATE_STATUS, { input: { jobId: id, status } })));
    expect(results.every((r) => r.data?.updateJobStatus.userErrors.length === 0)).toBe(true);
    const items = await partitionItems(server.doc, server.tableName, id);
    const history = items.filter((i) => i.TYPE === 'JOB_STATUS').map((i) => String(i.status));
    // Each applied transition is one history item; consecutive ones alternate, and the job ends where history ends.
    for (let i = 1; i < history.length; i++) expect(history[i]).not.toBe(history[i - 1]);
    expect(history[0]).toBe('running');
    expect(items.find((i) => i.SK === 'JOB')?.status).toBe(history[history.length - 1]);
  });
});

describe('finalizeJob', () => {
  test('stores results under the legacy keys with best_f1/best_epoch from the epochs (earliest wins a tie)', async () => {
    const id = await createJob(server);
    for (const [epoch, valF1] of [
      [1, 0.7],
      [2, 0.9],
      [3, 0.9],
      [4, 0.8],
    ]) {
      await server.gql(RECORD_EPOCH, { input: epochInput(id, epoch, 1, { valF1 }) });
    }
    const input = {
      jobId: id,
      status: 'SUCCEEDED',
      trainRuntime: 3847.5,
      totalFlos: 1.2e15,
      earlyStoppingTriggered: true,
      bestCheckpointS3Path: 's3://b/best/',
      extra: { num_labels: 12 },
    };
    const res = await server.gql(FINALIZE, { input });
    expect(res.data?.finalizeJob.userErrors).toEqual([]);
    expect(res.data?.finalizeJob.job).toEqual({
      status: 'SUCCEEDED',
      results: {
        bestF1: 0.9,
        bestEpoch: 2,
        trainRuntime: 3847.5,
        totalFlos: 1.2e15,
        earlyStoppingTriggered: true,
        bestCheckpointS3Path: 's3://b/best/',
        raw: {
          best_f1: 0.9,
          best_epoch: 2,
          train_runtime: 3847.5,
          total_flos: 1.2e15,
          early_stopping_triggered: true,
          best_checkpoint_s3_path: 's3://b/best/',
          num_labels: 12,
        },
      },
    });
    const item = (await partitionItems(server.doc, server.tableName, id)).find((i) => i.SK === 'JOB');
    expect(item).toMatchObject({
      status: 'succeeded',
      GSI1PK: 'STATUS#succeeded',
      results: expect.objectContaining({ best_f1: 0.9, best_epoch: 2 }),
    });
    expect((await server.gql(FINALIZE, { input })).data?.finalizeJob).toMatchObject({ userErrors: [], job: { status: 'SUCCEEDED' } });
    const different = await server.gql(FINALIZE, { input: { ...input, trainRuntime: 1 } });
    expect(different.data?.finalizeJob).toEqual({
      job: null,
      userErrors: [{ code: 'CONFLICT', field: ['input', 'status'], message: expect.any(String) }],
    });
  });

  test('0.0 is a value like any other for best_f1', async () => {
    const id = await createJob(server);
    await server.gql(RECORD_EPOCH, { input: epochInput(id, 1, 0, { valF1: 0 }) });
    const res = await server.gql(FINALIZE, { input: { jobId: id, status: 'FAILED' } });
    expect(res.data?.finalizeJob.job.results).toMatchObject({ bestF1: 0, bestEpoch: 1 });
  });

  test('a non-terminal status is INVALID; an unknown job NOT_FOUND', async () => {
    const id = await createJob(server);
    const res = await server.gql(FINALIZE, { input: { jobId: id, status: 'RUNNING' } });
    expect(res.data?.finalizeJob.userErrors).toEqual([{ code: 'INVALID', field: ['input', 'status'], message: expect.any(String) }]);
    const missing = await server.gql(FINALIZE, { input: { jobId: randomUUID(), status: 'FAILED' } });
    expect(missing.data?.finalizeJob.userErrors[0].code).toBe('NOT_FOUND');
  });

  test('concurrent finalizes: one wins whole, the others are no-ops or CONFLICT, results never mixed', async () => {
    const id = await createJob(server);
    const inputs = Array.from({ length: 8 }, (_, i) => ({ jobId: id, status: 'SUCCEEDED', trainRuntime: i, extra: { run: i } }));
    const results = await Promise.all(inputs.map((input) => server.gql(FINALIZE, { input })));
    const ok = results.filter((r) => r.data?.finalizeJob.userErrors.length === 0);
    expect(ok).toHaveLength(1);
    const raw = (await server.gql(`query($id: ID!) { job(id: $id) { results { raw } } }`, { id })).data?.job.results.raw;
    expect(raw.run).toBe(raw.train_runtime);
  });
});

describe('appendJobLog', () => {
  test('stores the log in the legacy shape and parses JSON messages', async () => {
    const id = await createJob(server);
    const message = JSON.stringify({ type: 'run_config', data: { epochs: 5 } });
    const res = await server.gql(APPEND_LOG, { input: { jobId: id, level: 'INFO', message, source: 'trainer' } });
    expect(res.data?.appendJobLog).toEqual({
      log: {
        jobId: id,
        timestamp: expect.any(String),
        level: 'INFO',
        message,
        source: 'trainer',
        data: { type: 'run_config', data: { epochs: 5 } },
      },
      userErrors: [],
    });
    const plain = await server.gql(APPEND_LOG, { input: { jobId: id, level: 'WARNING', message: 'not json {' } });
    expect(plain.data?.appendJobLog.log.data).toBeNull();
    const items = (await partitionItems(server.doc, server.tableName, id)).filter((i) => i.TYPE === 'JOB_LOG');
    expect(items[0]).toMatchObject({
      GSI1PK: 'LOG',
      GSI1SK: expect.stringMatching(new RegExp(`^JOB#${id}#`)),
      log_level: 'INFO',
      message,
      source: 'trainer',
    });
    const missing = await server.gql(APPEND_LOG, { input: { jobId: randomUUID(), level: 'INFO', message: 'x' } });
    expect(missing.data?.appendJobLog.userErrors[0].code).toBe('NOT_FOUND');
  });

  test('two logs in the same microsecond never overwrite each other', async () => {
    const id = await createJob(server);
    const repo = new LogRepository(new DynamoGateway(server.doc, server.tableName));
    const timestamp = '2026-02-01T10:00:00.000001+00:00';
    const stamps = await Promise.all(
      ['a', 'b', 'c'].map((message) => repo.append({ jobId: id, timestamp, level: 'INFO', message, source: null })),
    );
    expect(new Set(stamps.map((s) => s?.timestamp)).size).toBe(3);
    const logs = await server.gql(`query($id: ID!) { job(id: $id) { logs { edges { node { message timestamp } } } } }`, { id });
    expect(logs.data?.job.logs.edges.map((e: { node: { message: string } }) => e.node.message).sort()).toEqual(['a', 'b', 'c']);
  });
});

describe("appendJobLog with the client's timestamp", () => {
  const REPLAYABLE = `mutation($input: AppendJobLogInput!) { appendJobLog(input: $input) { log { timestamp message } replayed userErrors { code field } } }`;

  test('a resend of the same line is stored once and reported as replayed; another line at that instant is kept too', async () => {
    const id = await createJob(server);
    const line = { jobId: id, level: 'INFO', message: 'epoch 3 done', source: 'trainer', timestamp: '2026-03-01T10:00:00.123456Z' };
    const first = await server.gql(REPLAYABLE, { input: line });
    expect(first.data?.appendJobLog).toEqual({
      log: { timestamp: '2026-03-01T10:00:00.123456+00:00', message: 'epoch 3 done' },
      replayed: false,
      userErrors: [],
    });
    const resends = await Promise.all(Array.from({ length: 5 }, () => server.gql(REPLAYABLE, { input: line })));
    for (const r of resends) expect(r.errors ?? r.data?.appendJobLog).toEqual({ ...first.data?.appendJobLog, replayed: true });
    // A different line stamped the same microsecond is a different line, not a replay and not an overwrite.
    const other = await server.gql(REPLAYABLE, { input: { ...line, message: 'epoch 3 saved' } });
    expect(other.data?.appendJobLog).toMatchObject({ replayed: false, log: { timestamp: '2026-03-01T10:00:00.123457+00:00' } });
    const items = (await partitionItems(server.doc, server.tableName, id)).filter((i) => i.TYPE === 'JOB_LOG');
    expect(items.map((i) => i.message).sort()).toEqual(['epoch 3 done', 'epoch 3 saved']);
  });

  test('a bad timestamp is INVALID, naming the field', async () => {
    const id = await createJob(server);
    const res = await server.gql(REPLAYABLE, { input: { jobId: id, level: 'INFO', message: 'x', timestamp: 'yesterday' } });
    expect(res.errors?.[0].extensions?.code ?? res.data?.appendJobLog.userErrors[0].code).toMatch(/BAD_USER_INPUT|INVALID/);
  });
});

describe('deleteJob', () => {
  test('removes every item of the partition (more than one batch) and counts them', async () => {
    const id = await createJob(server);
    await server.gql(RECORD_EPOCH, { input: epochInput(id, 1, 60) });
    await server.gql(APPEND_LOG, { input: { jobId: id, level: 'INFO', message: 'hello' } });
    const stored = await partitionItems(server.doc, server.tableName, id);
    expect(stored.length).toBeGreaterThan(25);
    const res = await server.gql(DELETE, { id });
    expect(res.data?.deleteJob).toEqual({ deletedJobId: id, deletedItems: stored.length, userErrors: [] });
    expect(await partitionItems(server.doc, server.tableName, id)).toEqual([]);
    expect((await server.gql(`query($id: ID!) { job(id: $id) { id } }`, { id })).data?.job).toBeNull();
    const again = await server.gql(DELETE, { id });
    expect(again.data?.deleteJob).toEqual({
      deletedJobId: null,
      deletedItems: 0,
      userErrors: [{ code: 'NOT_FOUND', field: ['input', 'jobId'], message: expect.any(String) }],
    });
  });
});

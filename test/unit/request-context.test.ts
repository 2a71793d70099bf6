/**
 * The request context builds its gateway, repositories, loaders and services on first use, keeps them for the request,
 * and builds them anew after `renew` (each subscription event). Nothing here reaches DynamoDB.
 */
import { createDocumentClient } from '../../src/db/client';
import { newCallStats } from '../../src/db/call-stats';
import { DynamoGateway } from '../../src/db/gateway';
import { createRequestContext } from '../../src/graphql/context';
import { JobRepository } from '../../src/modules/jobs/job-repository';
import { LogRepository } from '../../src/modules/logs/log-repository';
import { MetricRepository } from '../../src/modules/metrics/metric-repository';
import { MetricWriter } from '../../src/modules/metrics/metric-writer';
import { StepRepository } from '../../src/modules/metrics/step-repository';

/** The module at `path` as itself, but with the constructions of its class `name` counted. */
function mockCounted(path: string, name: string) {
  const actual = jest.requireActual(path);
  return { ...actual, [name]: jest.fn((gw) => new actual[name](gw)) };
}

// Each repository (and the writer) as itself, its constructions counted.
jest.mock('../../src/modules/jobs/job-repository', () => mockCounted('../../src/modules/jobs/job-repository', 'JobRepository'));
jest.mock('../../src/modules/logs/log-repository', () => mockCounted('../../src/modules/logs/log-repository', 'LogRepository'));
jest.mock('../../src/modules/metrics/metric-repository', () =>
  mockCounted('../../src/modules/metrics/metric-repository', 'MetricRepository'),
);
jest.mock('../../src/modules/metrics/metric-writer', () => mockCounted('../../src/modules/metrics/metric-writer', 'MetricWriter'));
jest.mock('../../src/modules/metrics/step-repository', () => mockCounted('../../src/modules/metrics/step-repository', 'StepRepository'));

const db = new DynamoGateway(createDocumentClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', timeoutMs: 100 }), 'unused');

/** How many of each were built. */
function built() {
  return {
    gateways: jest.mocked(db.withStats).mock.calls.length,
    jobs: jest.mocked(JobRepository).mock.calls.length,
    metrics: jest.mocked(MetricRepository).mock.calls.length,
    steps: jest.mocked(StepRepository).mock.calls.length,
    logs: jest.mocked(LogRepository).mock.calls.length,
    writers: jest.mocked(MetricWriter).mock.calls.length,
  };
}

const NOTHING = { gateways: 0, jobs: 0, metrics: 0, steps: 0, logs: 0, writers: 0 };

beforeEach(() => {
  jest.clearAllMocks();
  jest.spyOn(db, 'withStats');
});

afterEach(() => jest.restoreAllMocks());

afterAll(() => db.destroy());

describe('createRequestContext', () => {
  it('builds nothing until a resolver asks for it', () => {
    const ctx = createRequestContext(db, 'r1');
    expect([ctx.requestId, ctx.caller?.name, ctx.live, ctx.stats]).toEqual(['r1', 'anonymous', null, newCallStats()]);
    expect(built()).toEqual(NOTHING);
  });

  it('a request touching only jobs builds the job repository alone, once', () => {
    const ctx = createRequestContext(db, 'r1');
    const jobs = ctx.jobs;
    expect(ctx.jobs).toBe(jobs);
    expect(ctx.loaders).toBe(ctx.loaders);
    expect(built()).toEqual({ ...NOTHING, gateways: 1, jobs: 1 });
    expect(db.withStats).toHaveBeenCalledWith(ctx.stats, undefined);
  });

  it('services share one gateway, one of each repository and the loaders', () => {
    const ctx = createRequestContext(db, 'r1');
    const loaders = ctx.loaders;
    for (const service of [ctx.queries, ctx.recording, ctx.finalizing, ctx.logs, ctx.stepLogging, ctx.jobs]) expect(service).toBeDefined();
    expect(ctx.loaders).toBe(loaders);
    expect(built()).toEqual({ gateways: 1, jobs: 1, metrics: 1, steps: 1, logs: 1, writers: 1 });
  });

  it("stamps the caller's name on writes when asked to", () => {
    const ctx = createRequestContext(db, 'r1', { name: 'trainer', role: 'writer' }, true);
    void ctx.recording;
    expect(db.withStats).toHaveBeenCalledTimes(1);
    expect(db.withStats).toHaveBeenCalledWith(ctx.stats, 'trainer');
  });

  it('renew starts over: a new tally, and loaders, services and repositories built anew on first use', () => {
    const ctx = createRequestContext(db, 'r1', { name: 'reader', role: 'reader' }, true);
    const before = { stats: ctx.stats, loaders: ctx.loaders, jobs: ctx.jobs };
    before.stats.calls = 3;
    ctx.renew();
    expect(built()).toEqual({ ...NOTHING, gateways: 1, jobs: 1 });
    expect(ctx.stats).not.toBe(before.stats);
    expect(ctx.stats).toEqual(newCallStats());
    expect(ctx.loaders).not.toBe(before.loaders);
    expect(ctx.jobs).not.toBe(before.jobs);
    expect(built()).toEqual({ ...NOTHING, gateways: 2, jobs: 2 });
    expect(db.withStats).toHaveBeenLastCalledWith(ctx.stats, 'reader');
    expect([ctx.requestId, ctx.caller?.name]).toEqual(['r1', 'reader']);
  });
});

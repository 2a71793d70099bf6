import { closeContainer, handler } from '../../src/app/lambda-handler';
import { redisEvents } from '../../src/app/live-setup';
import { topics, type LiveEvent } from '../../src/live/live-events';
import { createJob, epochInput, RECORD_EPOCH } from '../helpers/api';
import type { Started } from '../helpers/child-process';
import { startRedis } from '../helpers/redis-server';
import { streamRecords } from '../helpers/stream-records';
import { startTestServer, type TestServer } from '../helpers/test-server';

/** The Lambda alternative to the stream worker: a stream event in, the same events out on Redis. */
describe('the stream Lambda handler', () => {
  let server: TestServer;
  let redis: Started & { url: string };
  beforeAll(async () => {
    server = await startTestServer();
    redis = await startRedis();
    Object.assign(process.env, { REDIS_URL: redis.url, TABLE_NAME: server.tableName, LEGACY_EPOCH_QUIET_MS: '100' });
  });
  afterAll(async () => {
    await closeContainer();
    await server.close();
    await redis.stop();
  });

  test('an epoch in the event reaches Redis subscribers once, whole, even when Lambda retries the batch', async () => {
    const jobId = await createJob(server);
    expect((await server.gql(RECORD_EPOCH, { input: epochInput(jobId, 3, 4) })).data?.recordEpoch.userErrors).toEqual([]);
    const events = redisEvents(redis.url, () => undefined);
    const sub = events.live.subscribe(topics.epochs(jobId));
    const first = sub.next();
    await new Promise((r) => setTimeout(r, 200)); // the SUBSCRIBE reaches Redis
    const records = await streamRecords(server);
    await handler({ Records: records });
    const event = (await first).value as Extract<LiveEvent, { kind: 'epoch' }>;
    expect(event.epoch).toMatchObject({ jobId, epoch: 3, valF1: 0.53 });
    expect(event.epoch.labels).toHaveLength(4);
    // The same batch again (a retry after a time-out): nothing new is published.
    await handler({ Records: records });
    const second = await Promise.race([sub.next(), new Promise((r) => setTimeout(() => r('none'), 500))]);
    expect(second).toBe('none');
    await sub.return?.();
    await events.close();
  });
});

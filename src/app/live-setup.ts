import { PubSub } from 'graphql-subscriptions';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { Redis } from 'ioredis';
import { ConfigError, type AppConfig } from './config';
import { createDynamoClients } from '../db/client';
import { DynamoGateway } from '../db/gateway';
import { LiveEvents } from '../live/live-events';
import { startStreamConsumer, TableWithoutStream, type StreamConsumer } from '../stream/stream-consumer';

/** A server's or worker's live events and how to stop them. */
export interface LiveSetup {
  live: LiveEvents | null;
  /**
   * Where the job catalog hears of the table's changes (the live events, or a private channel when they are off);
   * null when nothing reads the table's stream for this server.
   */
  catalogEvents?: LiveEvents | null;
  /** Resolves once this process's stream consumer reads new changes as they come (at once where the stream is read elsewhere). */
  caughtUp?: Promise<void>;
  /** Where changes come over Redis: calls `listener` when the subscription is back after a lost connection. */
  onResubscribed?: (listener: () => void) => void;
  close(): Promise<void>;
}

/** Redis pub/sub for live events (graphql-redis-subscriptions on two ioredis connections), reconnecting on its own. */
export function redisEvents(
  url: string,
  log: (msg: string) => void,
): { live: LiveEvents; onResubscribed: (listener: () => void) => void; close(): Promise<void> } {
  const resubscribed: Array<() => void> = [];
  const connect = (role: string) => {
    const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 20 });
    let reported = false;
    let lost = false;
    redis.on('error', (error: Error) => {
      if (!reported) log(`live: redis ${role}: ${error.message} (reconnecting)`);
      reported = true;
    });
    redis.on('close', () => (lost = true));
    redis.on('ready', () => {
      reported = false;
      // Pub/sub keeps nothing for a subscriber away: what was published meanwhile is gone, so those who need it all hear.
      if (lost && role === 'subscriber') resubscribed.forEach((listener) => listener());
      lost = false;
    });
    return redis;
  };
  const pubsub = new RedisPubSub({ publisher: connect('publisher'), subscriber: connect('subscriber') });
  return {
    live: new LiveEvents(pubsub),
    onResubscribed: (listener) => void resubscribed.push(listener),
    close: async () => void (await pubsub.close().catch(() => undefined)),
  };
}

/** The Redis URL a publisher needs; a ConfigError when REDIS_URL is missing. */
export function requireRedis(config: AppConfig): string {
  if (config.live.mode !== 'redis')
    throw new ConfigError('Invalid configuration:\n  REDIS_URL is required: live events are published to Redis');
  return config.live.redisUrl;
}

/**
 * What a stream consumer outside the servers (the worker, the Lambda handler) works with: the table at `endpoint` (as
 * configured by default: an endpoint, else AWS), and Redis to publish to. Throws when REDIS_URL is missing.
 */
export function publisherParts(
  config: AppConfig,
  log: (msg: string) => void,
  endpoint = config.dynamo.mode === 'endpoint' ? config.dynamo.endpoint : undefined,
) {
  const redisUrl = requireRedis(config);
  const db = new DynamoGateway(
    createDynamoClients({ region: config.region, endpoint, timeoutMs: config.dynamoTimeoutMs }),
    config.tableName,
  );
  const events = redisEvents(redisUrl, log);
  return { db, endpoint, events, redisHost: new URL(redisUrl).host, close: async () => (await events.close(), db.destroy()) };
}

/** What the stream consumer needs from the configuration. */
export function consumerOptions(config: AppConfig, db: DynamoGateway, endpoint: string | undefined, log: (msg: string) => void) {
  return {
    db,
    connection: { region: config.region, endpoint, timeoutMs: config.dynamoTimeoutMs },
    checkpointPath: config.streamCheckpointFile,
    quietMs: config.legacyEpochQuietMs,
    idleMs: config.streamPollMs,
    log,
  };
}

/**
 * `off`: no live events, but the stream consumer still runs here when the table has a stream, for the leaderboard
 * upkeep alone: jobs the legacy writer fills rank without `npm run reindex`.
 */
async function upkeepOnly(
  config: AppConfig,
  db: DynamoGateway,
  endpoint: string | undefined,
  log: (msg: string) => void,
): Promise<LiveSetup> {
  try {
    const catalogEvents = new LiveEvents(new PubSub());
    const consumer = await startStreamConsumer({ ...consumerOptions(config, db, endpoint, log), publishCatalog: catalogEvents.publish });
    log(
      'live updates off: the table stream is still read here, for leaderboard summaries and the job catalog (legacy jobs rank and are found without `npm run reindex`)',
    );
    return { live: null, catalogEvents, caughtUp: consumer.caughtUp, close: () => consumer.stop() };
  } catch (error) {
    if (!(error instanceof TableWithoutStream)) throw error;
    log(`live updates off, and ${error.message}: legacy jobs rank only after \`npm run reindex\`, and search is off (no job catalog)`);
    return { live: null, catalogEvents: null, close: async () => undefined };
  }
}

/**
 * The server's live events as configured: `local` runs the stream consumer here and fans out in memory; `redis` only
 * subscribes (a stream worker publishes); `off` has none, its stream consumer keeping leaderboard summaries only.
 */
export async function startLive(
  config: AppConfig,
  db: DynamoGateway,
  endpoint: string | undefined,
  log: (msg: string) => void,
): Promise<LiveSetup> {
  if (config.live.mode === 'off') return upkeepOnly(config, db, endpoint, log);
  if (config.live.mode === 'redis') {
    const events = redisEvents(config.live.redisUrl, log);
    return { ...events, catalogEvents: events.live, caughtUp: Promise.resolve() };
  }
  const live = new LiveEvents(new PubSub());
  const consumer: StreamConsumer = await startStreamConsumer({ ...consumerOptions(config, db, endpoint, log), publish: live.publish });
  return { live, catalogEvents: live, caughtUp: consumer.caughtUp, close: () => consumer.stop() };
}

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { MAX_SERIES_POINTS } from '../modules/metrics/series-size';

const flag = z.enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off']).transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

/** Per-attempt DynamoDB time-out when DYNAMODB_TIMEOUT_MS is unset: with 3 attempts an outage fails a request within seconds. */
export const DEFAULT_DYNAMODB_TIMEOUT_MS = 2000;

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DYNAMODB_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  DYNAMODB_EMBEDDED: flag.optional(),
  AWS_REGION: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'a region name such as us-east-1')
    .optional(),
  TABLE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{3,255}$/, '3-255 characters of A-Z a-z 0-9 _ . -')
    .default('training-metrics'),
  DATA_DIR: z.string().min(1).default('./data'),
  DYNAMODB_STATS: flag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().optional(),
  GRAPHQL_IDE: flag.optional(),
  INTROSPECTION: flag.optional(),
  CORS_ORIGINS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/ }).refine((o) => new URL(o).origin === o, 'an origin such as https://dash.example.com')))
    .optional(),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600000).default(30000),
  AUTH: flag.optional(),
  ADMIN_API_KEY: z.string().min(32, 'at least 32 characters').optional(),
  API_KEY_CACHE_MS: z.coerce.number().int().min(100).max(60000).default(5000),
  DYNAMODB_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(DEFAULT_DYNAMODB_TIMEOUT_MS),
  LIVE_EVENTS: z.enum(['local', 'redis', 'off']).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  STREAM_CHECKPOINT_FILE: z.string().min(1).optional(),
  LEGACY_EPOCH_QUIET_MS: z.coerce.number().int().min(100).max(600000).default(1000),
  STREAM_POLL_MS: z.coerce.number().int().min(50).max(10000).default(250),
  STALE_AFTER_S: z.coerce.number().min(1).max(31_536_000).default(600),
  MAX_SERIES_POINTS: z.coerce.number().int().min(1000).max(10_000_000).default(MAX_SERIES_POINTS),
});

/** The server's validated configuration. */
export interface AppConfig {
  port: number;
  host: string;
  /** Where DynamoDB is: an explicit endpoint, the embedded DynamoDB Local, or AWS itself. */
  dynamo: { mode: 'endpoint'; endpoint: string } | { mode: 'embedded'; dataDir: string } | { mode: 'aws' };
  region: string;
  tableName: string;
  stats: boolean;
  logLevel: string;
  /** NODE_ENV=development: stack traces of unexpected errors in responses. */
  development: boolean;
  dynamoTimeoutMs: number;
  /** GraphiQL at /graphql for browsers; on unless NODE_ENV=production (GRAPHQL_IDE overrides). */
  ide: boolean;
  /** Schema introspection; on unless NODE_ENV=production (INTROSPECTION overrides). */
  introspection: boolean;
  /** Origins allowed to call the API from a browser on another origin; none by default. */
  corsOrigins: string[];
  /** How long the server waits to receive a request (headers and body; 408 past it); answers are not cut. */
  requestTimeoutMs: number;
  /** API keys required: on unless AUTH=off, or the embedded default (open, with a warning). */
  auth: boolean;
  adminApiKey?: string;
  /** How long key checks trust the cached keys: the bound on a revocation reaching every instance. */
  apiKeyCacheMs: number;
  /**
   * Live events for subscriptions: `local` reads the table's stream inside this server and fans out in memory (one
   * instance); `redis` serves subscribers from Redis pub/sub, fed by `npm run stream-worker`; `off`.
   */
  live: { mode: 'local' | 'off' } | { mode: 'redis'; redisUrl: string };
  /** The stream consumer's checkpoint file (positions and state). */
  streamCheckpointFile: string;
  legacyEpochQuietMs: number;
  streamPollMs: number;
  /** A RUNNING job not seen written for this long is stale (STALE_AFTER_S). */
  staleAfterMs: number;
  /** Most points one series or compareMetric answer holds (MAX_SERIES_POINTS). */
  maxSeriesPoints: number;
}

/**
 * The default checkpoint file, per table and per DynamoDB, so a checkout pointed at another DynamoDB never reads the
 * positions of a stream it does not read: `-<8 hex digits of the endpoint's SHA-256>` with DYNAMODB_ENDPOINT,
 * `-aws-<region>` on AWS, nothing for the embedded default (DATA_DIR's own DynamoDB Local).
 */
function defaultCheckpointFile(dataDir: string, tableName: string, dynamo: AppConfig['dynamo'], region: string): string {
  const where =
    dynamo.mode === 'endpoint'
      ? `-${createHash('sha256').update(dynamo.endpoint).digest('hex').slice(0, 8)}`
      : dynamo.mode === 'aws'
        ? `-aws-${region}`
        : '';
  return join(dataDir, `stream-checkpoints-${tableName}${where}.json`);
}

/** Thrown with every problem of the environment at once, one line each. */
export class ConfigError extends Error {}

/** Parses the environment once at start; throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable means unset (PORT= would otherwise coerce to port 0).
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const embedded = e.DYNAMODB_EMBEDDED ?? !e.DYNAMODB_ENDPOINT;
  if (embedded && e.DYNAMODB_ENDPOINT) {
    throw new ConfigError('Invalid configuration:\n  DYNAMODB_EMBEDDED=1 and DYNAMODB_ENDPOINT cannot both be set');
  }
  if (!embedded && !e.DYNAMODB_ENDPOINT && !e.AWS_REGION) {
    throw new ConfigError(
      'Invalid configuration:\n  AWS_REGION is required to use AWS DynamoDB (DYNAMODB_EMBEDDED=0 without DYNAMODB_ENDPOINT)',
    );
  }
  const liveMode = e.LIVE_EVENTS ?? (e.REDIS_URL ? 'redis' : 'local');
  if (liveMode === 'redis' && !e.REDIS_URL) throw new ConfigError('Invalid configuration:\n  REDIS_URL is required with LIVE_EVENTS=redis');
  const dynamo: AppConfig['dynamo'] = e.DYNAMODB_ENDPOINT
    ? { mode: 'endpoint', endpoint: e.DYNAMODB_ENDPOINT }
    : embedded
      ? { mode: 'embedded', dataDir: e.DATA_DIR }
      : { mode: 'aws' };
  const region = e.AWS_REGION ?? 'us-east-1';
  return {
    port: e.PORT,
    host: e.HOST,
    dynamo,
    region,
    tableName: e.TABLE_NAME,
    stats: e.DYNAMODB_STATS,
    logLevel: e.LOG_LEVEL,
    development: e.NODE_ENV === 'development',
    dynamoTimeoutMs: e.DYNAMODB_TIMEOUT_MS,
    ide: e.GRAPHQL_IDE ?? e.NODE_ENV !== 'production',
    introspection: e.INTROSPECTION ?? e.NODE_ENV !== 'production',
    corsOrigins: e.CORS_ORIGINS ?? [],
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    auth: e.AUTH ?? dynamo.mode !== 'embedded',
    adminApiKey: e.ADMIN_API_KEY,
    apiKeyCacheMs: e.API_KEY_CACHE_MS,
    live: liveMode === 'redis' ? { mode: 'redis', redisUrl: e.REDIS_URL as string } : { mode: liveMode },
    streamCheckpointFile: e.STREAM_CHECKPOINT_FILE ?? defaultCheckpointFile(e.DATA_DIR, e.TABLE_NAME, dynamo, region),
    legacyEpochQuietMs: e.LEGACY_EPOCH_QUIET_MS,
    streamPollMs: e.STREAM_POLL_MS,
    staleAfterMs: e.STALE_AFTER_S * 1000,
    maxSeriesPoints: e.MAX_SERIES_POINTS,
  };
}

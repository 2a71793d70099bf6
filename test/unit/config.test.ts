import { join } from 'node:path';
/** Configuration: defaults, where DynamoDB is (embedded, endpoint, AWS), and one clear error per bad variable. */
import { ConfigError, loadConfig } from '../../src/app/config';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has defaults for everything: embedded DynamoDB Local on 127.0.0.1:4000', () => {
    expect(loadConfig({})).toEqual({
      port: 4000,
      host: '127.0.0.1',
      dynamo: { mode: 'embedded', dataDir: './data' },
      region: 'us-east-1',
      tableName: 'training-metrics',
      stats: false,
      logLevel: 'info',
      development: false,
      dynamoTimeoutMs: 2000,
      ide: true,
      introspection: true,
      corsOrigins: [],
      requestTimeoutMs: 30000,
      auth: false,
      adminApiKey: undefined,
      apiKeyCacheMs: 5000,
      live: { mode: 'local' },
      streamCheckpointFile: join('./data', 'stream-checkpoints-training-metrics.json'),
      legacyEpochQuietMs: 1000,
      streamPollMs: 250,
      staleAfterMs: 600_000,
      maxSeriesPoints: 200_000,
    });
  });

  it('production turns the IDE and introspection off unless asked; auth is on away from the embedded default', () => {
    const config = loadConfig({ NODE_ENV: 'production', DYNAMODB_ENDPOINT: 'http://db:8000' });
    expect(config).toMatchObject({ ide: false, introspection: false, auth: true, development: false });
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_IDE: '1', AUTH: 'off', DYNAMODB_ENDPOINT: 'http://db:8000' })).toMatchObject({
      ide: true,
      auth: false,
    });
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example.com, http://localhost:3000' }).corsOrigins).toEqual([
      'https://a.example.com',
      'http://localhost:3000',
    ]);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example.com/path' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ ADMIN_API_KEY: 'short' })).toThrow(/ADMIN_API_KEY/);
  });

  it('ignores unrelated environment variables', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root', npm_config_x: '1' }).port).toBe(4000);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DYNAMODB_ENDPOINT: 'http://localhost:8000',
      AWS_REGION: 'eu-west-1',
      TABLE_NAME: 'ml.metrics_v2',
      DYNAMODB_STATS: 'yes',
      LOG_LEVEL: 'debug',
      NODE_ENV: 'development',
      DYNAMODB_TIMEOUT_MS: '500',
      REDIS_URL: 'redis://cache.internal:6379',
      STREAM_CHECKPOINT_FILE: '/var/lib/metrics/stream.json',
      LEGACY_EPOCH_QUIET_MS: '3000',
      STREAM_POLL_MS: '500',
      STALE_AFTER_S: '120',
      MAX_SERIES_POINTS: '1000000',
    });
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dynamo: { mode: 'endpoint', endpoint: 'http://localhost:8000' },
      region: 'eu-west-1',
      tableName: 'ml.metrics_v2',
      stats: true,
      logLevel: 'debug',
      development: true,
      dynamoTimeoutMs: 500,
      ide: true,
      introspection: true,
      corsOrigins: [],
      requestTimeoutMs: 30000,
      auth: true,
      adminApiKey: undefined,
      apiKeyCacheMs: 5000,
      live: { mode: 'redis', redisUrl: 'redis://cache.internal:6379' },
      streamCheckpointFile: '/var/lib/metrics/stream.json',
      legacyEpochQuietMs: 3000,
      streamPollMs: 500,
      staleAfterMs: 120_000,
      maxSeriesPoints: 1_000_000,
    });
  });

  it('keeps stream checkpoints per table and per DynamoDB by default, so two endpoints never share a file', () => {
    const file = (env: Record<string, string>) => loadConfig(env).streamCheckpointFile;
    expect(file({ DATA_DIR: '/d' })).toBe('/d/stream-checkpoints-training-metrics.json');
    // With an endpoint: 8 hex digits of its SHA-256.
    expect(file({ DATA_DIR: '/d', DYNAMODB_ENDPOINT: 'http://localhost:8000' })).toBe(
      '/d/stream-checkpoints-training-metrics-0121783a.json',
    );
    expect(file({ DATA_DIR: '/d', DYNAMODB_ENDPOINT: 'http://db:8000', TABLE_NAME: 'm.v2' })).toBe(
      '/d/stream-checkpoints-m.v2-7be677ba.json',
    );
    expect(file({ DATA_DIR: '/d', DYNAMODB_EMBEDDED: '0', AWS_REGION: 'eu-west-1' })).toBe(
      '/d/stream-checkpoints-training-metrics-aws-eu-west-1.json',
    );
    expect(file({ DYNAMODB_ENDPOINT: 'http://db:8000', STREAM_CHECKPOINT_FILE: '/x.json' })).toBe('/x.json');
  });

  it('chooses where live events come from', () => {
    expect(loadConfig({ LIVE_EVENTS: 'off' }).live).toEqual({ mode: 'off' });
    expect(loadConfig({ REDIS_URL: 'redis://r:6379', LIVE_EVENTS: 'local' }).live).toEqual({ mode: 'local' });
    expect(() => loadConfig({ LIVE_EVENTS: 'redis' })).toThrow(/REDIS_URL is required/);
    expect(() => loadConfig({ REDIS_URL: 'http://r:6379' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ LEGACY_EPOCH_QUIET_MS: '10' })).toThrow(/LEGACY_EPOCH_QUIET_MS/);
  });

  describe('where DynamoDB is', () => {
    it('an endpoint when DYNAMODB_ENDPOINT is set', () => {
      expect(loadConfig({ DYNAMODB_ENDPOINT: 'https://dynamodb.local:8443' }).dynamo).toEqual({
        mode: 'endpoint',
        endpoint: 'https://dynamodb.local:8443',
      });
    });

    it('an endpoint when DYNAMODB_EMBEDDED=0 and an endpoint is set', () => {
      expect(loadConfig({ DYNAMODB_EMBEDDED: '0', DYNAMODB_ENDPOINT: 'http://db:8000' }).dynamo.mode).toBe('endpoint');
    });

    it('embedded with DYNAMODB_EMBEDDED=1, with its data directory', () => {
      expect(loadConfig({ DYNAMODB_EMBEDDED: '1', DATA_DIR: '/var/lib/metrics' }).dynamo).toEqual({
        mode: 'embedded',
        dataDir: '/var/lib/metrics',
      });
      expect(loadConfig({ DYNAMODB_EMBEDDED: 'true' }).dynamo.mode).toBe('embedded');
    });

    it('AWS itself with DYNAMODB_EMBEDDED=0 and a region', () => {
      const config = loadConfig({ DYNAMODB_EMBEDDED: 'off', AWS_REGION: 'us-west-2' });
      expect(config.dynamo).toEqual({ mode: 'aws' });
      expect(config.region).toBe('us-west-2');
    });

    it('refuses AWS without a region', () => {
      expect(configError({ DYNAMODB_EMBEDDED: 'no' }).message).toMatch(/AWS_REGION is required/);
    });

    it('refuses both embedded and an endpoint', () => {
      expect(configError({ DYNAMODB_EMBEDDED: '1', DYNAMODB_ENDPOINT: 'http://localhost:8000' }).message).toMatch(
        /DYNAMODB_EMBEDDED=1 and DYNAMODB_ENDPOINT cannot both be set/,
      );
    });
  });

  it.each([
    ['1', true],
    ['true', true],
    ['yes', true],
    ['on', true],
    ['0', false],
    ['false', false],
    ['no', false],
    ['off', false],
  ])('reads the flag value %s as %s', (value, expected) => {
    expect(loadConfig({ DYNAMODB_STATS: value }).stats).toBe(expected);
  });

  describe('errors name each bad variable', () => {
    it.each([
      ['PORT', 'abc'],
      ['PORT', '70000'],
      ['PORT', '-1'],
      ['PORT', '80.5'],
      ['TABLE_NAME', 'ab'],
      ['TABLE_NAME', 'has space'],
      ['TABLE_NAME', 'x'.repeat(256)],
      ['DYNAMODB_EMBEDDED', 'maybe'],
      ['DYNAMODB_STATS', 'Y'],
      ['DYNAMODB_ENDPOINT', 'localhost:8000'],
      ['DYNAMODB_ENDPOINT', 'ftp://localhost:8000'],
      ['AWS_REGION', 'US East 1'],
      ['LOG_LEVEL', 'verbose'],
      ['DYNAMODB_TIMEOUT_MS', '10'],
      ['MAX_SERIES_POINTS', '10'],
      ['MAX_SERIES_POINTS', '1.5e3x'],
    ])('%s=%j', (name, value) => {
      const error = configError({ [name]: value });
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toMatch(/^Invalid configuration:\n/);
      expect(error.message).toMatch(new RegExp(`^  ${name}: `, 'm'));
    });

    it('treats an empty variable as unset, so PORT= is the default port, not port 0', () => {
      expect(loadConfig({ PORT: '', HOST: '' })).toMatchObject({ port: 4000, host: '127.0.0.1' });
    });

    it('reports all bad variables at once, one line each', () => {
      const error = configError({ PORT: 'abc', TABLE_NAME: 'ab', DYNAMODB_STATS: 'maybe' });
      const lines = error.message.split('\n').slice(1);
      expect(lines).toHaveLength(3);
      expect(lines.map((l) => l.trim().split(':')[0]).sort()).toEqual(['DYNAMODB_STATS', 'PORT', 'TABLE_NAME']);
      expect(lines.find((l) => l.includes('TABLE_NAME'))).toContain('3-255 characters of A-Z a-z 0-9 _ . -');
    });
  });

  it('accepts the edges of the ranges', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
    expect(loadConfig({ TABLE_NAME: 'abc' }).tableName).toBe('abc');
    expect(loadConfig({ TABLE_NAME: 'x'.repeat(255) }).tableName).toHaveLength(255);
  });
});

import { ConfigError, loadConfig } from './config';
import { consumerOptions, publisherParts } from './live/live-setup';
import { startStreamConsumer } from './live/stream-consumer';

/**
 * `npm run stream-worker`: the one consumer of the table's stream when several server instances run. It turns item
 * changes into live events and publishes them to Redis (REDIS_URL), from which every instance serves its subscribers.
 * Run exactly one (DynamoDB allows about two readers per shard); it keeps its position in STREAM_CHECKPOINT_FILE.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const say = (msg: string) => process.stdout.write(`${msg}\n`);
  if (config.dynamo.mode === 'embedded') {
    throw new ConfigError('Invalid configuration:\n  DYNAMODB_ENDPOINT (or DYNAMODB_EMBEDDED=0 with AWS_REGION) is required: the worker reads the table the servers use');
  }
  const { db, endpoint, events, redisHost, close } = publisherParts(config, say);
  const consumer = await startStreamConsumer({ ...consumerOptions(config, db, endpoint, say), publish: events.live.publish });
  say(`stream worker: table ${config.tableName} -> ${redisHost} (checkpoints in ${config.streamCheckpointFile})`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), 10_000).unref();
    await consumer.stop();
    await close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `stream worker failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

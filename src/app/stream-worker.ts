import { join } from 'node:path';
import { loadConfig } from './config';
import { consumerOptions, publisherParts, requireRedis } from './live-setup';
import { startStreamConsumer } from '../stream/stream-consumer';
import { prepareProcess, startFailureMessage, watchLauncher } from './process-setup';
import { locateDatabase } from './storage';

/**
 * What a restarted worker still announces: changes made up to 10 minutes before it started (servers' subscribers kept
 * listening while it was down). An older backlog is read through without events.
 */
const RESUME_WINDOW_MS = 10 * 60_000;

/**
 * `npm run stream-worker`: the one consumer of the table's stream when several server instances run. It turns item
 * changes into live events and publishes them to Redis (REDIS_URL), from which every instance serves its subscribers,
 * and keeps the leaderboard summaries of legacy epochs right (the leaderboard upkeep).
 * Run exactly one (DynamoDB allows about two readers per shard); it keeps its position in STREAM_CHECKPOINT_FILE. With
 * the embedded default it reads the DynamoDB Local of the server running on DATA_DIR (or starts its own when none runs).
 */
async function main(): Promise<void> {
  prepareProcess();
  const config = loadConfig();
  const say = (msg: string) => process.stdout.write(`${msg}\n`);
  requireRedis(config);
  const location = await locateDatabase(config, say);
  // Not the checkpoint file of a server on the same DATA_DIR, which may read the stream itself.
  const checkpoints =
    config.dynamo.mode === 'embedded' && !process.env.STREAM_CHECKPOINT_FILE
      ? join(config.dynamo.dataDir, `stream-worker-checkpoints-${config.tableName}.json`)
      : config.streamCheckpointFile;
  const { db, events, redisHost, close } = publisherParts(config, say, location.endpoint);
  const consumer = await startStreamConsumer({
    ...consumerOptions(config, db, location.endpoint, say),
    checkpointPath: checkpoints,
    resumeWindowMs: RESUME_WINDOW_MS,
    publish: events.live.publish,
  });
  say(`stream worker: table ${config.tableName} -> ${redisHost} (checkpoints in ${checkpoints})`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), 10_000).unref();
    await consumer.stop();
    await close();
    await location.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  watchLauncher(() => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`${startFailureMessage('stream worker failed', error)}\n`);
  process.exit(1);
});

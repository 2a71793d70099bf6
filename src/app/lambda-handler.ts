import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import { loadConfig } from './config';
import { MemoryCheckpoints } from '../stream/checkpoints';
import { toChange, type ItemChange } from '../stream/table-stream-reader';
import { LiveChangeFeed } from '../stream/change-feed';
import { publisherParts } from './live-setup';

/** The part of a DynamoDB stream event this handler reads. */
export interface StreamEvent {
  Records: _Record[];
}

const LAMBDA_SHARD = 'lambda';

let container: { feed: LiveChangeFeed; close(): Promise<void> } | undefined;

/** Built once per container: the same feed the stream worker runs, publishing to REDIS_URL. */
function feedOfThisContainer(): LiveChangeFeed {
  if (container) return container.feed;
  const log = (msg: string) => process.stdout.write(`${msg}\n`);
  const config = loadConfig();
  const { db, events, close } = publisherParts(config, log);
  const feed = new LiveChangeFeed(db, events.live.publish, new MemoryCheckpoints(), { quietMs: config.legacyEpochQuietMs, log });
  container = { feed, close };
  return feed;
}

/** Lets go of the container's connections (Redis, DynamoDB): on the runtime's SIGTERM, or at the end of a test. */
export async function closeContainer(): Promise<void> {
  await container?.close();
  container = undefined;
}

/**
 * AWS Lambda entry (`dist/app/lambda-handler.handler`) with the table's stream as its event source: the alternative to
 * `npm run stream-worker`, with AWS keeping each shard's position and retrying a batch that throws. Legacy epochs that
 * wait for their quiet period are announced at the shard's next invocation (or when the next epoch starts or the job
 * finishes), since a Lambda cannot keep a timer between invocations.
 */
export async function handler(event: StreamEvent): Promise<void> {
  const live = feedOfThisContainer();
  const invoked = Date.now();
  // Lambda names no shard: the batch is what the shard held up to about now, which is what a caught-up read means.
  const changes = event.Records.map((r) => toChange(r, LAMBDA_SHARD)).filter((c): c is ItemChange => c !== null);
  await live.handle(changes);
  live.caughtUpWith(LAMBDA_SHARD, invoked);
  await live.tick();
}

import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { credentialsFor, type DynamoConnection } from '../db/client';
import type { DynamoGateway } from '../db/gateway';
import { describeTable } from '../db/table';
import { FileCheckpoints } from './checkpoints';
import { TableStreamReader, type ItemChange } from './table-stream-reader';
import { LiveChangeFeed } from './change-feed';
import { LeaderboardUpkeepFeed } from './leaderboard-upkeep-feed';
import type { PublishEvent } from '../live/live-events';

export interface StreamConsumerOptions {
  db: DynamoGateway;
  connection: DynamoConnection;
  /** The JSON file of positions and state: a restarted consumer goes on from there. */
  checkpointPath: string;
  /** Where live events go; without it (LIVE_EVENTS=off) the consumer only keeps leaderboard summaries. */
  publish?: PublishEvent;
  /** Without `publish`: where the job catalog's events go (the server's own catalog). */
  publishCatalog?: PublishEvent;
  /** A legacy epoch with no new row for this long is announced. */
  quietMs: number;
  /** Pause before polling a shard that had nothing new (DynamoDB allows 5 reads per second per shard). */
  idleMs?: number;
  /**
   * Changes made up to this long before the consumer started are still announced (what a restarted stream worker
   * missed while down); older ones are read through without events. 0 (the default) for a server's own consumer: no
   * one could subscribe to it before it started.
   */
  resumeWindowMs?: number;
  log: (msg: string) => void;
}

/** What the consumer does with the changes it reads: the live change feed, or the leaderboard upkeep alone. */
interface ChangeWork {
  readonly handle: (batch: ItemChange[]) => Promise<void>;
  readonly caughtUpWith: (shardId: string, startedAtMs: number) => void;
  tick(): Promise<void>;
}

/** The table has no stream to consume. */
export class TableWithoutStream extends Error {
  constructor(tableName: string) {
    super(`table ${tableName} has no stream: enable it with NEW_AND_OLD_IMAGES (deploy/table.yaml does)`);
  }
}

/** A running consumer of the table's stream. */
export interface StreamConsumer {
  /** Resolves once a read has reached the end of a shard: from then on every new change reaches the consumer. */
  readonly caughtUp: Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The table's stream ARN; waits (retrying) while the database is unreachable; fails when the table has no stream. */
async function streamArnOf(db: DynamoGateway, signal: AbortSignal, log: (msg: string) => void): Promise<string | null> {
  for (let attempt = 0; !signal.aborted; attempt++) {
    try {
      const out = await describeTable(db.client, db.tableName);
      const arn = out.Table?.StreamSpecification?.StreamEnabled ? out.Table.LatestStreamArn : undefined;
      if (!arn) throw new TableWithoutStream(db.tableName);
      return arn;
    } catch (error) {
      if (error instanceof TableWithoutStream) throw error;
      if (attempt === 0) log(`live: cannot read table ${db.tableName} yet (${(error as Error).message}); retrying`);
      await sleep(Math.min(5000, 250 * 2 ** attempt));
    }
  }
  return null;
}

/**
 * Starts the one consumer of the table's stream: every shard, from its checkpoint, each change turned into live events
 * for `publish` (in memory inside a single server, Redis for several) and the leaderboard summaries the legacy writer
 * leaves out kept right; without `publish`, only the latter. Resolves once the stream is found (TableWithoutStream when
 * there is none). A backlog made before it started (see `resumeWindowMs`) is read through in constant memory without
 * events.
 */
export async function startStreamConsumer(opts: StreamConsumerOptions): Promise<StreamConsumer> {
  const startedAt = Date.now();
  const abort = new AbortController();
  const arn = await streamArnOf(opts.db, abort.signal, opts.log);
  if (!arn) return { caughtUp: Promise.resolve(), stop: async () => undefined };
  const streams = new DynamoDBStreamsClient({
    region: opts.connection.region,
    endpoint: opts.connection.endpoint,
    credentials: credentialsFor(opts.connection.endpoint),
    maxAttempts: 3,
  });
  const checkpoints = new FileCheckpoints(opts.checkpointPath, arn, opts.log);
  const announceSince = startedAt - (opts.resumeWindowMs ?? 0);
  const work: ChangeWork = opts.publish
    ? new LiveChangeFeed(opts.db, opts.publish, checkpoints, { quietMs: opts.quietMs, announceSince, log: opts.log })
    : new LeaderboardUpkeepFeed(opts.db, opts.publishCatalog);
  let reachedEnd: () => void = () => undefined;
  const caughtUp = new Promise<void>((resolve) => (reachedEnd = resolve));
  const reader = new TableStreamReader(streams, arn, checkpoints, {
    startAt: 'LATEST',
    idleMs: opts.idleMs ?? 250,
    log: opts.log,
    onCaughtUp: (shardId, startedAtMs) => {
      reachedEnd();
      work.caughtUpWith(shardId, startedAtMs);
    },
  });
  const ticker = setInterval(() => void work.tick(), Math.max(50, Math.min(250, opts.quietMs / 4)));
  const running = reader.run(work.handle, abort.signal);
  return {
    caughtUp,
    stop: async () => {
      abort.abort();
      clearInterval(ticker);
      await running;
      streams.destroy();
    },
  };
}

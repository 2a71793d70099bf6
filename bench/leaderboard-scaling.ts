import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Index, ItemType } from '../src/db/schema';
import type { BenchDatabase } from './database';
import { rawLeaderboard } from './raw/reads';
import { planMoreJobs } from './seed/plan';
import { ItemSink, seedJobs } from './seed/seed';
import { LEADERBOARD, LEADERS } from './workloads/reads';
import type { BenchContext } from './workloads/workload';

/** The O(k) leaderboard check: what `leaderboard(first: 10)` reads at the seeded size and at ten times as many jobs. */

/** One measurement of the leaderboard at a table size. */
export interface LeaderboardAt {
  jobs: number;
  graphqlItems: number;
  graphqlCalls: number;
  graphqlRcu: number;
  rawItems: number;
}

/** Jobs in the table (GSITYPE holds every item by TYPE; a COUNT query returns no items). */
async function countJobs(db: BenchDatabase): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: Index.byType,
        KeyConditionExpression: '#type = :job',
        ExpressionAttributeNames: { '#type': 'TYPE' },
        ExpressionAttributeValues: { ':job': ItemType.job },
        Select: 'COUNT',
        ExclusiveStartKey: start,
      }),
    );
    count += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return count;
}

/** Reads the leaderboard once through GraphQL and once raw, with their DynamoDB tallies. */
export async function leaderboardAt(ctx: BenchContext): Promise<LeaderboardAt> {
  const { stats } = await ctx.gql.request(LEADERBOARD, { metric: 'val_f1', first: LEADERS });
  const raw = await rawLeaderboard(ctx.db, 'val_f1', LEADERS);
  return {
    jobs: await countJobs(ctx.db),
    graphqlItems: stats.itemsRead,
    graphqlCalls: stats.calls,
    graphqlRcu: stats.readCapacityUnits,
    rawItems: raw.stats.itemsRead,
  };
}

/** Adds cheap jobs (one epoch each, with their summaries) until the table holds `total` jobs; returns how many were added. */
export async function growToJobs(ctx: BenchContext, total: number): Promise<number> {
  const missing = total - (await countJobs(ctx.db));
  if (missing <= 0) return 0;
  const jobs = planMoreJobs({
    prefix: 'bench-extra',
    count: missing,
    after: ctx.jobs.length + 100,
    epochs: 1,
    labels: ctx.opts.labels,
    status: 'SUCCEEDED',
    seed: 901,
  });
  await seedJobs(new ItemSink(ctx.db.gateway()), jobs);
  return missing;
}

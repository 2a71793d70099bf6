import { ConfigError, loadConfig } from '../config';
import { JavaNotFoundError } from '../db/embedded-dynamodb';
import { reindexLeaderboards } from '../metrics/leaderboard-reindex';
import { openStorage } from '../storage';

/** `npm run reindex`: backfills leaderboard summaries (jobs the legacy writer wrote); safe to rerun and to run live. */
async function main(): Promise<void> {
  const config = loadConfig();
  const say = (msg: string) => process.stdout.write(`${msg}\n`);
  const storage = await openStorage(config, say);
  try {
    const started = Date.now();
    let lastReport = 0;
    const result = await reindexLeaderboards(storage.db, {
      onProgress: (p) => {
        if (p.jobsDone === p.jobsTotal || Date.now() - lastReport > 1000) {
          lastReport = Date.now();
          say(`reindex: ${p.jobsDone}/${p.jobsTotal} jobs, ${p.summariesWritten} summaries written`);
        }
      },
    });
    say(`reindex done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.jobsTotal} jobs, ${result.summariesWritten} summaries written`);
  } finally {
    await storage.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof ConfigError || error instanceof JavaNotFoundError ? `${error.message}\n` : `reindex failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

import { loadConfig } from '../config';
import { LeaderboardUpkeep } from '../../modules/leaderboard/summary-upkeep';
import { runScript } from '../process-setup';
import { openStorage } from '../storage';

/** `npm run reindex`: backfills leaderboard summaries (jobs the legacy writer wrote); safe to rerun and to run live. */
runScript('reindex', async (keep) => {
  const config = loadConfig();
  const say = (msg: string) => process.stdout.write(`${msg}\n`);
  const storage = keep(await openStorage(config, say));
  const started = Date.now();
  let lastReport = 0;
  const result = await LeaderboardUpkeep.over(storage.db).reindexAll({
    onProgress: (p) => {
      if (p.jobsDone === p.jobsTotal || Date.now() - lastReport > 1000) {
        lastReport = Date.now();
        say(`reindex: ${p.jobsDone}/${p.jobsTotal} jobs, ${p.summariesWritten} summaries written`);
      }
    },
  });
  say(
    `reindex done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.jobsTotal} jobs, ${result.summariesWritten} summaries written`,
  );
});

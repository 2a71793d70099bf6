import { loadConfig } from '../config';
import { CardUpkeep } from '../../modules/cards/card-upkeep';
import { JobRepository } from '../../modules/jobs/job-repository';
import { LeaderboardUpkeep, type ReindexProgress } from '../../modules/leaderboard/summary-upkeep';
import { runScript } from '../process-setup';
import { openStorage } from '../storage';

/**
 * `npm run reindex`: backfills leaderboard summaries and job cards (jobs the legacy writer wrote, cards missing or
 * behind; a card already right is not written) and the legacy library's `updated_at` on status-history items stored
 * without it, reading each job's partition once; safe to rerun and to run live.
 */
runScript('reindex', async (keep) => {
  const config = loadConfig();
  const say = (msg: string) => process.stdout.write(`${msg}\n`);
  const storage = keep(await openStorage(config, say));
  const jobs = new JobRepository(storage.db);
  const cards = CardUpkeep.over(storage.db);
  const started = Date.now();
  let lastReport = 0;
  let repaired = 0;
  let cardsWritten = 0;
  const counts = (p: ReindexProgress) =>
    `${p.summariesWritten} summaries written, ${cardsWritten} cards written, ${repaired} status items repaired`;
  const result = await LeaderboardUpkeep.over(storage.db).reindexAll({
    alongside: async (view) => {
      // Awaited first: `+= await` would add to a stale total.
      const stamped = await jobs.repairStatusHistory(view.jobId, view.statusMissingUpdatedAt);
      repaired += stamped;
      if ((await cards.rebuild(view.jobId, view)) === 'written') cardsWritten++;
    },
    onProgress: (p) => {
      if (p.jobsDone === p.jobsTotal || Date.now() - lastReport > 1000) {
        lastReport = Date.now();
        say(`reindex: ${p.jobsDone}/${p.jobsTotal} jobs, ${counts(p)}`);
      }
    },
  });
  say(`reindex done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.jobsTotal} jobs, ${counts(result)}`);
});

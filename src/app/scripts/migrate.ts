import { loadConfig } from '../config';
import { migrateStorage, type MigrationProgress } from '../migration';
import { runScript } from '../process-setup';
import { openStorage } from '../storage';

/**
 * `npm run migrate`: packs step series stored one item per point (written before packing) and builds job cards;
 * resumable, idempotent, safe to run while trainers write (docs/storage.md, "Migration").
 */
runScript('migrate', async (keep) => {
  const config = loadConfig();
  const say = (msg: string) => process.stdout.write(`${msg}\n`);
  const storage = keep(await openStorage(config, say));
  const started = Date.now();
  let lastReport = 0;
  const line = (p: MigrationProgress) =>
    `${p.seriesDone}/${p.seriesTotal} series packed, ${p.pointsFolded} points folded into parts, ${p.itemsRemoved} per-point items removed` +
    (p.disagreed ? `, ${p.disagreed} per-point items disagreed with a part (the part's value kept)` : '') +
    `; ${p.jobsDone}/${p.jobsTotal} jobs' cards checked, ${p.cardsWritten} written`;
  const result = await migrateStorage(storage.db, (p) => {
    if ((p.seriesDone === p.seriesTotal && p.jobsDone === p.jobsTotal) || Date.now() - lastReport > 1000) {
      lastReport = Date.now();
      say(`migrate: ${line(p)}`);
    }
  });
  say(`migrate done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${line(result)}`);
});

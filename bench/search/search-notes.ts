import { quantile } from '../stats';
import { searchText, SR_SEARCH } from '../workloads/search';
import type { FreshnessRun } from './freshness';
import type { SearchRun } from './search-run';

/** SR's further facts, printed under its line of the report. */

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(0)} ms` : '-');

function freshnessLines(f: FreshnessRun): string[] {
  const writers = [...new Set(f.probes.map((p) => p.writer))];
  const byWriter = writers.map((w) => {
    const probes = f.probes.filter((p) => p.writer === w);
    const d = probes
      .map((p) => p.delayMs)
      .filter((x): x is number => x !== null)
      .sort((a, b) => a - b);
    const one = probes.length === 1;
    return `${w} ${one ? ms(d[0] ?? Number.NaN) : `p50 ${ms(quantile(d, 0.5))}, max ${ms(d[d.length - 1] ?? Number.NaN)}`} (${d.length}/${probes.length} found)`;
  });
  const writes = f.probes
    .map((p) => p.writeMs)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const errors = f.probes.filter((p) => p.error);
  return [
    `freshness, write acknowledged to found by the search (polled every ${f.pollMs} ms, so up to that late): ${byWriter.join('; ')}`,
    `    the writes themselves: p50 ${ms(quantile(writes, 0.5))}, max ${ms(writes[writes.length - 1] ?? Number.NaN)}${errors.length ? `; ${errors.length} failed, first: ${errors[0].error}` : ''}`,
  ];
}

/** The lines: SR's table, the server's start, the catalog's memory, the text form, freshness. */
export function searchNotes(run: SearchRun): string[] {
  const r = run.ready.readiness;
  const lines = [
    `table of its own (DynamoDB Local): ${run.jobs.toLocaleString('en-US')} jobs${run.jobs < 10_000 ? ' (quick run; a full run seeds 10,000)' : ''}, ${run.seed.items.toLocaleString('en-US')} items seeded in ${run.seed.seconds.toFixed(1)} s (${(run.seed.items / run.seed.seconds).toFixed(0)} items/s)`,
    `server ready ${(run.ready.sinceSpawnMs / 1000).toFixed(1)} s after its start, RSS then ${mb(run.ready.rssBytes)}; /readyz catalog: ${r.catalog === null ? 'not reported' : `${r.catalog}, ${r.jobs ?? '?'} jobs, ${r.rows ?? '?'} rows, loaded in ${r.loadMs ?? '?'} ms`}`,
  ];
  const m = run.memory;
  if ('measured' in m) {
    const c = m.measured;
    lines.push(
      `catalog memory (loaded first, in a node --expose-gc process of its own): heap +${mb(c.heapBytes)}, external +${mb(c.externalBytes)} for ${c.jobs} jobs (size ${c.size}) and ${c.rows} rows; load() ${c.loadMs} ms (DynamoDB Local's first reads since the seeding), ${c.calls} DynamoDB calls`,
    );
  } else lines.push(`catalog memory: the measurement failed: ${m.error}`);
  const raw = [...run.alone.rawMs].sort((a, b) => a - b);
  const g = run.alone.graphql;
  lines.push(
    `one search at a time: GraphQL ${g ? `p50 ${g.p50Ms.toFixed(1)} ms, p99 ${g.p99Ms.toFixed(1)} ms (${g.requests} searches)` : 'failed'}; raw ${raw.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')} (${raw.length} searches)`,
  );
  if (run.text) {
    const t = run.text;
    lines.push(
      `as query: ${JSON.stringify(searchText(SR_SEARCH))}: p50 ${t.p50Ms.toFixed(1)} ms, p99 ${t.p99Ms.toFixed(1)} ms, ${t.perSecond.toFixed(0)} req/s, ${t.calls.toFixed(1)} calls/req, ${t.errors} errors`,
    );
  }
  if (run.searchFailed) lines.push(`the GraphQL search failed (text form, freshness not run): ${run.searchFailed}`);
  if (run.freshness) lines.push(...freshnessLines(run.freshness));
  return lines;
}

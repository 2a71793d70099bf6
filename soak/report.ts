import type { AuditReport } from './audit';
import { faultReport, type FaultObservation } from './fault-window';
import type { AnswerChecks } from './ledger';
import type { SoakOptions } from './options';

/** What a soak run measured and checked. */
export interface SoakResult {
  options: SoakOptions;
  operations: { operation: string; ok: number; p50Ms: number; p99Ms: number }[];
  failures: Record<string, number>;
  http5xx: number;
  unexpected: string[];
  audit: AuditReport;
  faults: FaultObservation[];
  answers: AnswerChecks;
  rss: { warmBytes: number; endBytes: number; growth: number };
  jobs: number;
}

/**
 * Shortest run whose RSS growth is judged. The heap of a freshly started server still grows for a good 30 s under the
 * soak's load, and the run compares the median after its first third against its last sixth: under 60 s both windows
 * fall in that growth (at CI's 20 s: 7-10 s against 17-20 s), which a shorter run cannot tell from a leak.
 */
export const RSS_JUDGED_FROM_MS = 60_000;
const RSS_GROWTH_LIMIT = 0.1;

const first = (list: readonly string[], n = 5) => (list.length ? ` (${[...new Set(list)].slice(0, n).join('; ')})` : '');

/** Each check, true when it passed, 'info' when printed only. */
function checks(r: SoakResult, origin: number): [boolean | 'info', string][] {
  const rss = `server RSS: ${(r.rss.warmBytes / 1e6).toFixed(0)} MB after warm-up, ${(r.rss.endBytes / 1e6).toFixed(0)} MB at the end (${(r.rss.growth * 100).toFixed(1)} % growth`;
  const judged = r.options.durationMs >= RSS_JUDGED_FROM_MS;
  const a = r.answers;
  return [
    [r.http5xx === 0, `5xx responses: ${r.http5xx}`],
    [r.unexpected.length === 0, `failures other than "database unavailable": ${r.unexpected.length}${first(r.unexpected)}`],
    [r.audit.missing.length === 0, `acknowledged writes missing: ${r.audit.missing.length}${first(r.audit.missing)}`],
    [r.audit.duplicates.length === 0, `duplicates: ${r.audit.duplicates.length}${first(r.audit.duplicates)}`],
    [r.audit.partial.length === 0, `partial epochs: ${r.audit.partial.length}${first(r.audit.partial)}`],
    [r.audit.checked > 0, `acknowledged writes checked: ${r.audit.checked}`],
    ...r.faults.flatMap((o) => faultReport(o, origin).checks),
    [
      a.withEpochs > 0 && a.wrong === 0,
      `dashboard answers missing or misstating a write acknowledged before the query: ${a.wrong} of ${a.checked} checked (${a.withEpochs} with acknowledged epochs, ${a.epochs} epochs compared)${first(a.mismatches, 3)}`,
    ],
    judged
      ? [r.rss.growth < RSS_GROWTH_LIMIT, `${rss}, limit ${RSS_GROWTH_LIMIT * 100} %)`]
      : ['info', `${rss}): not judged in a run under ${RSS_JUDGED_FROM_MS / 1000} s`],
  ];
}

/** The report as printed, and the failed checks' lines. */
export function renderSoak(r: SoakResult, origin: number): { text: string; failed: string[] } {
  const lines = ['', 'operation               ok      p50 ms    p99 ms', '--------------------- ------- --------- ---------'];
  for (const o of r.operations)
    lines.push(`${o.operation.padEnd(21)} ${String(o.ok).padStart(7)} ${o.p50Ms.toFixed(1).padStart(9)} ${o.p99Ms.toFixed(1).padStart(9)}`);
  lines.push(
    '',
    `failed calls (all retried or re-polled): ${
      Object.entries(r.failures)
        .map(([k, n]) => `${k} x${n}`)
        .join(', ') || 'none'
    }`,
  );
  lines.push(`jobs created: ${r.jobs}; acknowledged writes checked against the table: ${r.audit.checked}`);
  for (const o of r.faults) lines.push(...faultReport(o, origin).lines);
  const list = checks(r, origin);
  lines.push('', 'checks (a FAIL makes the run exit 1; INFO is printed only):');
  for (const [ok, text] of list) lines.push(`  ${ok === 'info' ? 'INFO' : ok ? 'PASS' : 'FAIL'}  ${text}`);
  return { text: lines.join('\n'), failed: list.filter(([ok]) => ok === false).map(([, text]) => `FAIL  ${text}`) };
}

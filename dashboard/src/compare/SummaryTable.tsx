import { num } from '../lib/format.js';
import type { ComparedRun } from './compare-data.js';
import { RunColumns } from './RunColumns.js';

/** Lower is better for losses (as the API ranks them); higher for the rest. */
export const lowerIsBetter = (metric: string) => metric.endsWith('loss');

/** Metrics no run is better at by having more or less of (a schedule, not a score): no best run is marked. */
const UNRANKED = new Set(['learning_rate']);

/**
 * The runs holding the best value of a metric (several on a tie); none when fewer than two runs have a value or all
 * of them share it (no run is better then).
 */
export function bestRuns(runs: readonly ComparedRun[], metric: string): Set<string> {
  const values = runs.flatMap((run) => {
    const value = run.summaries.get(metric)?.best;
    return value === null || value === undefined ? [] : [{ id: run.id, value }];
  });
  const best = lowerIsBetter(metric) ? Math.min(...values.map((v) => v.value)) : Math.max(...values.map((v) => v.value));
  const winners = values.filter((v) => v.value === best);
  return new Set(values.length < 2 || winners.length === values.length ? [] : winners.map((w) => w.id));
}

/**
 * The runs' summaries side by side: per metric (the standard ones, then any other a run has), each run's best (with its
 * epoch) and last value; the runs with the best value of a row are marked ★ (none when all share it).
 */
export function SummaryTable(props: { runs: ComparedRun[]; sel: readonly string[]; metrics: string[]; standard: readonly string[] }) {
  const { runs, sel } = props;
  const metrics = props.metrics.filter((m) => props.standard.includes(m) || runs.some((r) => r.summaries.has(m)));
  return (
    <section class="panel compare-section" aria-labelledby="compare-summaries-title">
      <div class="section-head">
        <h3 id="compare-summaries-title">Summaries</h3>
        <span class="muted">best (epoch) and last value of each metric; ★ the best run</span>
      </div>
      <RunColumns label="Metric" runs={runs} sel={sel} class="summary-table" labelledBy="compare-summaries-title">
        {metrics.map((metric) => {
          const winners = UNRANKED.has(metric) ? new Set<string>() : bestRuns(runs, metric);
          return (
            <tr key={metric} data-metric={metric}>
              <th scope="row" class="key-col" title={`${metric} (${lowerIsBetter(metric) ? 'lower' : 'higher'} is better)`}>
                {metric}
              </th>
              {runs.map((run) => {
                const s = run.summaries.get(metric);
                const isBest = winners.has(run.id);
                return (
                  <td
                    key={run.id}
                    class={`num${isBest ? ' best-run' : ''}${s ? '' : ' missing'}`}
                    data-job={run.id}
                    data-best={s?.best ?? ''}
                    data-last={s?.last ?? ''}
                    data-winner={isBest ? 'true' : undefined}
                  >
                    {s ? (
                      <>
                        {isBest ? (
                          <span class="best-mark" title="The best run of this row">
                            ★<span class="visually-hidden"> best:</span>
                          </span>
                        ) : null}
                        <span class="best-value">{num(s.best)}</span>
                        {s.epochOfBest !== null ? <span class="muted"> @{s.epochOfBest}</span> : null}
                        <span class="last-value muted"> · last {num(s.last)}</span>
                      </>
                    ) : (
                      <span title="no value">–</span>
                    )}
                  </td>
                );
              })}
            </tr>
          );
        })}
      </RunColumns>
    </section>
  );
}

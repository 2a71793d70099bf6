import { num } from '../lib/format.js';
import { runColor } from '../lib/colors.js';
import { niceTicks } from '../hparams/scales.js';
import { useWidth } from '../hparams/sizing.js';
import type { ComparedRun, LabelScore } from './compare-data.js';
import { RunColumns } from './RunColumns.js';
import { Swatch } from './RunsHeader.js';

const HEIGHT = 300;
const M = { top: 12, right: 16, bottom: 84, left: 48 };
const PLOT_H = HEIGHT - M.top - M.bottom;
/** Room between two labels' groups of bars. */
const GAP = 14;
const short = (text: string, chars = 16) => (text.length > chars ? `${text.slice(0, chars - 1)}…` : text);

/** The labels of the runs (the union), sorted. */
export const labelsOf = (runs: readonly ComparedRun[]) => [...new Set(runs.flatMap((r) => [...r.labels.keys()]))].sort();

const scoreText = (s: LabelScore) =>
  `F1 ${num(s.f1)} · precision ${num(s.precision)} · recall ${num(s.recall)} · support ${s.support ?? '–'}`;

function epochNote(run: ComparedRun): string {
  if (run.labelEpoch === null) return 'no epochs';
  return `epoch ${run.labelEpoch}${run.labelEpochIsBest ? ' (best)' : ' (last; no val_f1)'}`;
}

/**
 * Per-label F1 as grouped bars: the labels along x, one bar per run in its colour, the label's F1 at the run's best
 * epoch (else its last). A label a run has no score for is marked '×' at the baseline, not drawn as 0. Values show on
 * hover, and in full in the table under the chart.
 */
export function LabelBars(props: { runs: ComparedRun[]; sel: readonly string[] }) {
  const { sel } = props;
  const runs = props.runs.filter((r) => r.found);
  const labels = labelsOf(runs);
  const [box, width] = useWidth<HTMLDivElement>();
  const n = Math.max(1, runs.length);
  const minGroup = n * (n <= 4 ? 14 : n <= 10 ? 9 : 6) + GAP;
  const plotW = Math.max(width - M.left - M.right, labels.length * minGroup);
  const groupW = labels.length ? plotW / labels.length : plotW;
  const barW = Math.min(28, (groupW - GAP) / n);
  const max = Math.max(1, ...runs.flatMap((r) => [...r.labels.values()].map((s) => s.f1 ?? 0)));
  const ticks = niceTicks(0, max, 5);
  const y = (v: number) => M.top + PLOT_H * (1 - v / max);
  const svgW = plotW + M.left + M.right;
  return (
    <section class="panel compare-section" aria-labelledby="compare-labels-title">
      <div class="section-head">
        <h3 id="compare-labels-title">Per-label F1</h3>
        <span class="muted">at each run's best epoch by val_f1 (else its last); × marks a label the run has no score for</span>
      </div>
      <ul class="bars-legend plain-list" aria-label="Runs">
        {runs.map((run) => (
          <li key={run.id} title={`${run.name}: ${epochNote(run)}`}>
            <Swatch sel={sel} id={run.id} />
            <span class="run-name ellipsis">{run.name}</span>
            <span class="muted">{epochNote(run)}</span>
          </li>
        ))}
      </ul>
      {!labels.length ? (
        <p class="muted">None of these runs has per-label scores.</p>
      ) : (
        <div class="bars-scroll" ref={box} tabIndex={0} role="region" aria-label="Per-label F1 chart (scrolls sideways)">
          <svg
            class="label-bars"
            width={svgW}
            height={HEIGHT}
            role="img"
            aria-label={`Per-label F1 of ${runs.length} runs over ${labels.length} labels; the values are in the table below`}
            data-labels={labels.length}
            data-runs={runs.length}
          >
            {ticks.map((t) => (
              <g key={t} transform={`translate(0,${y(t)})`}>
                <line class="grid-line" x1={M.left} x2={M.left + plotW} />
                <text class="tick-label" x={M.left - 6} dy="0.32em" text-anchor="end">
                  {num(t)}
                </text>
              </g>
            ))}
            <line class="axis-line" x1={M.left} x2={M.left + plotW} y1={y(0)} y2={y(0)} />
            {labels.map((label, li) => {
              const x0 = M.left + li * groupW + (groupW - barW * n) / 2;
              const cx = M.left + (li + 0.5) * groupW;
              return (
                <g key={label} class="bar-group" data-label={label}>
                  {runs.map((run, ri) => {
                    const s = run.labels.get(label);
                    const x = x0 + ri * barW;
                    if (!s || s.f1 === null)
                      return (
                        <g key={run.id} class="bar-missing" data-run={run.id} data-label={label} data-missing="true">
                          <title>{`${run.name} · ${label}: no score`}</title>
                          <line x1={x + 1} x2={x + barW - 1} y1={y(0) - 1} y2={y(0) - 1} />
                          <text x={x + barW / 2} y={y(0) - 5} text-anchor="middle">
                            ×
                          </text>
                        </g>
                      );
                    const h = y(0) - y(s.f1);
                    return (
                      <rect
                        key={run.id}
                        class="bar"
                        x={x + 0.5}
                        y={y(s.f1)}
                        width={Math.max(1, barW - 1)}
                        height={Math.max(0, h)}
                        fill={runColor(sel, run.id)}
                        data-run={run.id}
                        data-label={label}
                        data-value={s.f1}
                        data-height={h.toFixed(2)}
                      >
                        <title>{`${run.name} · ${label}: ${scoreText(s)}`}</title>
                      </rect>
                    );
                  })}
                  <text class="category-label" transform={`translate(${cx},${y(0) + 10}) rotate(-35)`} text-anchor="end" dy="0.32em">
                    <title>{label}</title>
                    {short(label)}
                  </text>
                </g>
              );
            })}
          </svg>
        </div>
      )}
      {labels.length ? (
        <details class="bars-table">
          <summary id="compare-labels-table">Per-label F1 as a table</summary>
          <RunColumns label="Label" runs={runs} sel={sel} class="labels-table" labelledBy="compare-labels-table">
            {labels.map((label) => (
              <tr key={label} data-label={label}>
                <th scope="row" class="key-col" title={label}>
                  {label}
                </th>
                {runs.map((run) => {
                  const s = run.labels.get(label);
                  return (
                    <td key={run.id} class="num" data-job={run.id} title={s ? scoreText(s) : 'no score'}>
                      {num(s?.f1)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </RunColumns>
        </details>
      ) : null}
    </section>
  );
}

import './compare.css';
import { useEffect, useState } from 'preact/hooks';
import { MetricCharts } from '../charts/MetricCharts.js';
import { Link } from '../components/Link.js';
import { MAX_OVERLAID, runColor } from '../lib/colors.js';
import { showError } from '../lib/errors.js';
import { useViewState } from '../lib/url-state.js';
import { loadComparison, STANDARD_METRICS, type Comparison } from './compare-data.js';
import { ConfigTable } from './ConfigTable.js';
import { LabelBars } from './LabelBars.js';
import { RunsHeader } from './RunsHeader.js';
import { SummaryTable } from './SummaryTable.js';

/**
 * The selected runs side by side (URL `sel`, at most MAX_OVERLAID): their configurations with the differing keys
 * highlighted, their summaries with the best run of each metric marked, their curves overlaid and their per-label F1 as
 * grouped bars. Each run keeps its colour (its place in the selection) everywhere.
 */
export function CompareView() {
  const state = useViewState();
  const ids = state.sel.slice(0, MAX_OVERLAID);
  const key = ids.join(',');
  const [data, setData] = useState<{ key: string; comparison: Comparison } | null>(null);
  useEffect(() => {
    if (!ids.length) return;
    let live = true;
    loadComparison(ids).then((comparison) => live && setData({ key, comparison }), showError);
    return () => {
      live = false;
    };
  }, [key]);

  if (!ids.length)
    return (
      <section class="compare-view" aria-labelledby="compare-title">
        <h2 id="compare-title">Compare</h2>
        <p class="empty surface">
          No runs are selected. Tick the runs to compare in the <Link to={{ view: 'runs' }}>runs table</Link> (up to {MAX_OVERLAID}
          ), then come back here.
        </p>
      </section>
    );

  // While another selection loads, the runs still selected stay on screen (a removed one drops out at once).
  const comparison = data?.comparison;
  const runs = comparison ? comparison.runs.filter((r) => ids.includes(r.id)) : [];
  return (
    <section class="compare-view" aria-labelledby="compare-title" data-loaded={data?.key === key ? 'true' : 'false'}>
      <div class="view-head">
        <h2 id="compare-title">
          Compare {ids.length} run{ids.length === 1 ? '' : 's'}
        </h2>
        {state.sel.length > MAX_OVERLAID ? (
          <p class="notice" role="note">
            {state.sel.length} runs are selected: the first {MAX_OVERLAID} are compared.
          </p>
        ) : null}
      </div>
      {!comparison ? (
        <p class="muted" role="status">
          Loading the runs…
        </p>
      ) : (
        <>
          <RunsHeader runs={runs} sel={state.sel} />
          <ConfigTable runs={runs} sel={state.sel} all={state.allConfig} />
          <SummaryTable runs={runs} sel={state.sel} metrics={comparison.metrics} standard={STANDARD_METRICS} />
          <section class="panel compare-section" aria-label="Curves">
            <MetricCharts runs={runs.filter((r) => r.found).map((r) => ({ id: r.id, name: r.name, color: runColor(state.sel, r.id) }))} />
          </section>
          <LabelBars runs={runs} sel={state.sel} />
        </>
      )}
    </section>
  );
}

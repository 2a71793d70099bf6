import { Link } from '../components/Link.js';
import { runColor } from '../lib/colors.js';
import { navigate } from '../lib/url-state.js';
import { StatusBadge } from '../runs/RunsTable.js';
import type { ComparedRun } from './compare-data.js';

/** A run's colour swatch (its place in the selection), the same in every table and chart of the view. */
export function Swatch(props: { sel: readonly string[]; id: string }) {
  return <span class="swatch" style={{ background: runColor(props.sel, props.id) }} aria-hidden="true" />;
}

/** The compared runs: colour, name (a link to the run page), status, and a button taking the run out of the selection. */
export function RunsHeader(props: { runs: ComparedRun[]; sel: readonly string[] }) {
  const { runs, sel } = props;
  return (
    <ul class="compare-runs plain-list" aria-label="Compared runs">
      {runs.map((run) => (
        <li key={run.id} class="compare-run surface" data-job={run.id}>
          <Swatch sel={sel} id={run.id} />
          <span class="run-name ellipsis" title={run.name}>
            {run.found ? <Link to={{ view: 'run', run: run.id }}>{run.name}</Link> : <span class="muted">{run.id} (not found)</span>}
          </span>
          {run.status ? <StatusBadge status={run.status} stale={run.stale} /> : null}
          <button
            type="button"
            class="icon remove"
            aria-label={`Remove ${run.name} from the comparison`}
            title="Remove from the comparison"
            onClick={() => navigate({ sel: sel.filter((id) => id !== run.id) })}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

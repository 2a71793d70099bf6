import { Link } from '../components/Link.js';
import { MAX_OVERLAID, runColor } from '../lib/colors.js';
import { duration, when } from '../lib/format.js';
import { runDuration } from '../lib/run-duration.js';
import { navigate, type ViewState } from '../lib/url-state.js';
import { StatusBadge } from '../runs/RunsTable.js';
import type { RunJob } from './use-run.js';

/** Adds the run to the compare selection (`sel`) or takes it out; a full selection takes no more. */
function SelectToggle(props: { id: string; sel: string[] }) {
  const { id, sel } = props;
  const selected = sel.includes(id);
  const full = !selected && sel.length >= MAX_OVERLAID;
  return (
    <button
      type="button"
      id="run-select"
      aria-pressed={selected}
      disabled={full}
      title={full ? `${MAX_OVERLAID} runs are selected, the most the charts overlay: take one out first` : undefined}
      onClick={() => navigate({ sel: selected ? sel.filter((s) => s !== id) : [...sel, id] })}
    >
      {selected ? <span class="swatch" style={{ background: runColor(sel, id) }} aria-hidden="true" /> : null}
      {selected ? 'Selected for compare' : 'Select for compare'}
    </button>
  );
}

/** The run's name, status (and staleness), times, the compare toggle and the way back to the runs table. */
export function RunHeader(props: { job: RunJob; state: ViewState }) {
  const { job, state } = props;
  return (
    <header class="run-header panel">
      <div class="run-title-line">
        <Link to={{ view: 'runs', run: null }} class="back">
          ← Runs
        </Link>
        <h2 id="run-title" class="run-name ellipsis" title={job.name}>
          {job.name}
        </h2>
        <StatusBadge status={job.status} stale={job.stale} />
        <span class="spacer" />
        {state.sel.length > 0 ? (
          <Link to={{ view: 'compare', run: null }} class="button">
            Compare ({state.sel.length})
          </Link>
        ) : null}
        <SelectToggle id={job.id} sel={state.sel} />
      </div>
      {job.description ? <p class="run-description">{job.description}</p> : null}
      <dl class="run-facts">
        <div>
          <dt>Duration</dt>
          <dd id="run-duration">{duration(runDuration(job))}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            {when(job.createdAt)} <span class="muted">by</span> {job.createdBy}
          </dd>
        </div>
        <div>
          <dt>Last seen</dt>
          <dd>{when(job.lastSeenAt)}</dd>
        </div>
        <div>
          <dt>Id</dt>
          <dd class="mono">{job.id}</dd>
        </div>
      </dl>
    </header>
  );
}

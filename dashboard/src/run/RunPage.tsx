import './run.css';
import { MetricCharts } from '../charts/MetricCharts.js';
import { Link } from '../components/Link.js';
import { NotesEditor } from '../components/NotesEditor.js';
import { TagEditor } from '../components/TagEditor.js';
import { runColor } from '../lib/colors.js';
import { useViewState } from '../lib/url-state.js';
import { ConfigPanel } from './ConfigPanel.js';
import { ConfusionPanel } from './ConfusionPanel.js';
import { DatasetStats } from './DatasetStats.js';
import { ExportLinks } from './ExportLinks.js';
import { LabelHeatMap } from './LabelHeatMap.js';
import { LogTail } from './LogTail.js';
import { Panel } from './Panel.js';
import { ResultsPanel } from './ResultsPanel.js';
import { RunHeader } from './RunHeader.js';
import { StatusHistory } from './StatusHistory.js';
import { useRun } from './use-run.js';

function Absent(props: { message: string; detail?: string }) {
  return (
    <section class="run-page run-absent" aria-labelledby="run-title">
      <h2 id="run-title">{props.message}</h2>
      {props.detail ? (
        <p class="no-such-run" role="alert">
          {props.detail}
        </p>
      ) : null}
      <Link to={{ view: 'runs', run: null }}>← Back to the runs</Link>
    </section>
  );
}

/** One run: its header, tags and notes, curves, per-label heat map, confusion matrix, results, config, history and log. */
function Run(props: { id: string }) {
  const state = useViewState();
  const { state: run, replace } = useRun(props.id);
  if (run.kind === 'loading')
    return (
      <section class="run-page" aria-busy="true" aria-label="Run">
        <p class="muted">Loading the run…</p>
      </section>
    );
  if (run.kind === 'missing') return <Absent message="No such run" detail={`There is no run with the id ${props.id}.`} />;
  if (run.kind === 'failed') return <Absent message="The run could not be read" detail={run.message} />;
  const { job, version } = run;
  const bestEpoch = job.epochs.find((e) => e.isBest)?.epoch ?? job.results?.bestEpoch ?? null;
  return (
    <section class="run-page" aria-labelledby="run-title" data-job={job.id} data-status={job.status} data-version={version}>
      <RunHeader job={job} state={state} />
      <div class="run-grid">
        <Panel id="annotations" title="Tags and notes" class="wide">
          <div class="annotations">
            <TagEditor jobId={job.id} tags={job.tags} onSaved={(tags) => replace({ tags })} />
            <NotesEditor jobId={job.id} notes={job.notes} onSaved={(notes) => replace({ notes })} />
          </div>
        </Panel>
        <Panel id="curves" title="Curves" class="wide">
          <MetricCharts runs={[{ id: job.id, name: job.name, color: runColor(state.sel, job.id) }]} />
        </Panel>
        <Panel id="labels" title="Per-label F1" class="wide">
          <LabelHeatMap epochs={job.epochs} bestEpoch={bestEpoch} />
        </Panel>
        <ConfusionPanel jobId={job.id} version={version} />
        <ResultsPanel results={job.results} />
        <DatasetStats metrics={job.datasetMetrics} />
        <StatusHistory history={job.statusHistory} />
        <ExportLinks jobId={job.id} version={version} />
        <ConfigPanel config={job.config} />
        <LogTail jobId={job.id} running={job.status === 'RUNNING'} version={version} />
      </div>
    </section>
  );
}

/** The run page (`?view=run&run=<id>`). */
export function RunPage() {
  const { run } = useViewState();
  if (!run) return <Absent message="No run chosen" detail="Open a run from the runs table." />;
  // Keyed by the id: another run starts from a clean page (its own reads, editors and log tail).
  return <Run key={run} id={run} />;
}

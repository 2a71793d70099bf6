import { configText, duration, num } from '../lib/format.js';
import { Panel } from './Panel.js';
import type { RunJob } from './use-run.js';

/** The keys of `raw` the modelled fields already show (the writer's snake_case names). */
const MODELLED = new Set(['best_f1', 'best_epoch', 'train_runtime', 'total_flos', 'early_stopping_triggered', 'best_checkpoint_s3_path']);

/** The run's end-of-run results: the modelled ones first, then any further key the writer stored. */
export function ResultsPanel(props: { results: RunJob['results'] }) {
  const r = props.results;
  if (!r)
    return (
      <Panel id="results" title="Results">
        <p class="muted">No results yet: the run has not been finalized.</p>
      </Panel>
    );
  const raw = (r.raw ?? {}) as Record<string, unknown>;
  // Older legacy runs stored a local checkpoint path, which bestCheckpointS3Path shows when there is no S3 one.
  const shownAsCheckpoint = (key: string) => key === 'best_checkpoint_path' && raw.best_checkpoint_s3_path === undefined;
  const extra = Object.entries(raw).filter(([key]) => !MODELLED.has(key) && !shownAsCheckpoint(key));
  const rows: [string, string, string][] = [
    ['bestF1', 'Best val_f1', num(r.bestF1)],
    ['bestEpoch', 'Best epoch', r.bestEpoch === null ? '–' : String(r.bestEpoch)],
    ['trainRuntime', 'Training time', r.trainRuntime === null ? '–' : `${duration(r.trainRuntime)} (${num(r.trainRuntime)} s)`],
    ['totalFlos', 'Total FLOs', num(r.totalFlos)],
    ['earlyStoppingTriggered', 'Early stopping', r.earlyStoppingTriggered === null ? '–' : r.earlyStoppingTriggered ? 'yes' : 'no'],
    ['bestCheckpointS3Path', 'Best checkpoint', r.bestCheckpointS3Path ?? '–'],
    ...extra.map(([key, value]): [string, string, string] => [key, key, configText(value)]),
  ];
  return (
    <Panel id="results" title="Results">
      <table class="kv data" id="results-table">
        <tbody>
          {rows.map(([key, label, text]) => (
            <tr key={key} data-key={key}>
              <th scope="row">{label}</th>
              <td class="num-text" title={text}>
                {text}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}

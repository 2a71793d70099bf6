import { configText, num } from '../lib/format.js';
import { Panel } from './Panel.js';
import type { RunJob } from './use-run.js';

/** The run-level metrics recorded without an epoch: dataset sizes, class balance... */
export function DatasetStats(props: { metrics: RunJob['datasetMetrics'] }) {
  return (
    <Panel id="dataset" title="Dataset statistics">
      {props.metrics.length === 0 ? (
        <p class="muted">No dataset statistics recorded.</p>
      ) : (
        <table class="kv data" id="dataset-table">
          <tbody>
            {props.metrics.map((m) => (
              <tr key={m.name} data-key={m.name}>
                <th scope="row" class="mono" title={m.name}>
                  {m.name}
                </th>
                <td class="num-text" data-value={m.value ?? ''}>
                  {m.value !== null ? num(m.value) : configText(m.data)}
                  {m.unit ? <span class="muted"> {m.unit}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

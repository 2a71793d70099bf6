import { useEffect, useState } from 'preact/hooks';
import { showError } from '../lib/errors.js';
import { num } from '../lib/format.js';
import { loadConfusionMatrices, type ConfusionMatrix } from './confusion-data.js';
import { textOn } from '../lib/color-ramps.js';
import { shareColor } from './heat-scale.js';
import { Panel } from './Panel.js';

const count = (v: number) => (Number.isInteger(v) ? v.toLocaleString('en-US') : num(v));

/** One matrix as a labelled grid: counts in the cells, each shaded by its share of its row (the true label's count). */
function MatrixTable(props: { m: ConfusionMatrix }) {
  const { labels, matrix } = props.m;
  return (
    <div class="heat-scroll">
      <table class="confusion" id="confusion-matrix" data-epoch={props.m.epoch ?? ''}>
        <caption class="visually-hidden">
          Confusion matrix{props.m.epoch !== null ? ` of epoch ${props.m.epoch}` : ''}: true labels in rows, predicted labels in columns;
          shading is the cell's share of its row
        </caption>
        <thead>
          <tr>
            <th scope="col" class="corner">
              <span class="muted">true ↓ · predicted →</span>
            </th>
            {labels.map((l) => (
              <th key={l} scope="col" class="label" title={l}>
                {l}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => {
            const total = row.reduce((a, b) => a + b, 0);
            return (
              <tr key={labels[i]}>
                <th scope="row" class="label" title={labels[i]}>
                  {labels[i]}
                </th>
                {row.map((v, j) => {
                  const share = total > 0 ? v / total : 0;
                  const background = v > 0 ? shareColor(share) : undefined;
                  return (
                    <td
                      key={labels[j]}
                      class={`cell${i === j ? ' diagonal' : ''}`}
                      data-true={labels[i]}
                      data-predicted={labels[j]}
                      data-count={v}
                      title={`true ${labels[i]}, predicted ${labels[j]}: ${count(v)} (${num(share * 100, 3)}% of the row)`}
                      style={background ? { background, color: textOn(background) } : undefined}
                    >
                      {count(v)}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The confusion matrix of the run (legacy runs store one per epoch as a `confusion_matrix` metric): the latest epoch's,
 * with a picker for the others. Absent (no panel at all) when the run has none. Read again with the run (`version`).
 */
export function ConfusionPanel(props: { jobId: string; version: number }) {
  const [matrices, setMatrices] = useState<ConfusionMatrix[]>([]);
  // The epoch picked; undefined: the latest.
  const [picked, setPicked] = useState<number | null | undefined>(undefined);
  useEffect(() => {
    let gone = false;
    loadConfusionMatrices(props.jobId).then((m) => !gone && setMatrices(m), showError);
    return () => {
      gone = true;
    };
  }, [props.jobId, props.version]);
  if (!matrices.length) return null;
  const latest = matrices[matrices.length - 1];
  const shown = picked === undefined ? latest : (matrices.find((m) => m.epoch === picked) ?? latest);
  const optionValue = (m: ConfusionMatrix) => (m.epoch === null ? '' : String(m.epoch));
  return (
    <Panel id="confusion" title="Confusion matrix" class="wide">
      {matrices.length > 1 ? (
        <label class="inline-field">
          Epoch
          <select
            id="confusion-epoch"
            value={optionValue(shown)}
            onChange={(e) => setPicked(e.currentTarget.value === '' ? null : Number(e.currentTarget.value))}
          >
            {matrices.map((m) => (
              <option key={optionValue(m)} value={optionValue(m)}>
                {m.epoch ?? '–'}
              </option>
            ))}
          </select>
        </label>
      ) : shown.epoch !== null ? (
        <p class="muted">Epoch {shown.epoch}</p>
      ) : null}
      <MatrixTable m={shown} />
    </Panel>
  );
}

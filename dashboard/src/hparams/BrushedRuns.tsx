import { Link } from '../components/Link.js';
import { configText, num } from '../lib/format.js';
import type { Axis } from './axes.js';
import type { HRun } from './hparams-data.js';

/** How many of the brushed runs the list shows. */
export const LIST_SIZE = 20;

/** The best brushed runs by val_f1 (the runs come best first), each linking to its run page, with its axes' values. */
export function BrushedRuns(props: { runs: HRun[]; mask: Uint8Array; axes: Axis[] }) {
  const top: HRun[] = [];
  for (let i = 0; i < props.runs.length && top.length < LIST_SIZE; i++) if (props.mask[i]) top.push(props.runs[i]);
  const configAxes = props.axes.filter((a) => a.path !== null);
  if (!top.length) return <p class="muted">No run lies inside every brush.</p>;
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label="The best brushed runs">
      <table class="brushed-runs data">
        <thead>
          <tr>
            <th scope="col" class="num">
              #
            </th>
            <th scope="col">Run</th>
            <th scope="col" class="num">
              best val_f1
            </th>
            {configAxes.map((a) => (
              <th key={a.key} scope="col" title={a.label}>
                {a.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {top.map((run, i) => (
            <tr key={run.id} data-job={run.id}>
              <td class="num">{i + 1}</td>
              <td class="name" title={run.name}>
                <Link to={{ view: 'run', run: run.id }}>{run.name}</Link>
              </td>
              <td class="num">{num(run.best)}</td>
              {configAxes.map((a) => (
                <td key={a.key}>{configText(a.value(run))}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

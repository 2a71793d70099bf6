import type { ComponentChildren } from 'preact';
import type { ComparedRun } from './compare-data.js';
import { Swatch } from './RunsHeader.js';

/**
 * A table of the compared runs side by side: a first column naming the rows (config keys, metrics, labels), then one
 * column per run headed by its swatch and name (cut with an ellipsis, the full name on hover). It scrolls sideways.
 */
export function RunColumns(props: {
  /** The first column's header. */
  label: string;
  runs: readonly ComparedRun[];
  sel: readonly string[];
  class: string;
  /** The id of the heading naming the table. */
  labelledBy: string;
  children: ComponentChildren;
}) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-labelledby={props.labelledBy}>
      <table class={`compare-table data ${props.class}`}>
        <thead>
          <tr>
            <th scope="col" class="key-col">
              {props.label}
            </th>
            {props.runs.map((run) => (
              <th key={run.id} scope="col" class="run-col" title={run.name} data-job={run.id}>
                <Swatch sel={props.sel} id={run.id} />
                <span class="run-col-name">{run.name}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

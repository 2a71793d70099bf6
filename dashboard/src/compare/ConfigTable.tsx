import { configText } from '../lib/format.js';
import { navigate } from '../lib/url-state.js';
import type { ComparedRun } from './compare-data.js';
import { configRows } from './config-diff.js';
import { RunColumns } from './RunColumns.js';

/**
 * The runs' configurations side by side: one row per config path (the union), one column per run; rows whose values
 * differ are highlighted and marked '≠'. With more than one run, only those rows show unless the user asks for all.
 */
export function ConfigTable(props: { runs: ComparedRun[]; sel: readonly string[]; all: boolean }) {
  const { runs, sel } = props;
  const rows = configRows(runs.map((r) => r.config));
  const differing = rows.filter((r) => r.differs).length;
  const onlyDiffs = runs.length > 1 && !props.all;
  const shown = onlyDiffs ? rows.filter((r) => r.differs) : rows;
  return (
    <section class="panel compare-section" aria-labelledby="compare-config-title">
      <div class="section-head">
        <h3 id="compare-config-title">Configuration</h3>
        <span class="muted" data-keys={rows.length} data-differing={differing}>
          {rows.length} key{rows.length === 1 ? '' : 's'}
          {runs.length > 1 ? `, ${differing} differ${differing === 1 ? 's' : ''}` : ''}
        </span>
        {runs.length > 1 ? (
          <label class="toggle">
            <input type="checkbox" checked={onlyDiffs} onChange={() => navigate({ allConfig: onlyDiffs })} />
            Only differences
          </label>
        ) : null}
      </div>
      <RunColumns label="Key" runs={runs} sel={sel} class="config-table" labelledBy="compare-config-title">
        {shown.map((row) => (
          <tr key={row.path} data-path={row.path} data-differs={row.differs ? 'true' : 'false'} class={row.differs ? 'differs' : ''}>
            <th scope="row" class="key-col" title={row.path}>
              {row.differs ? (
                <span class="diff-mark" title="The values differ across the runs">
                  ≠<span class="visually-hidden"> differs:</span>
                </span>
              ) : null}
              {row.path}
            </th>
            {row.values.map((v, i) => (
              <td key={runs[i].id} class={v === undefined ? 'missing' : ''} title={v === undefined ? 'not set' : configText(v)}>
                {configText(v)}
              </td>
            ))}
          </tr>
        ))}
        {!shown.length ? (
          <tr>
            <td colSpan={runs.length + 1} class="muted">
              {rows.length ? 'Every key has the same value in every run.' : 'These runs have no configuration.'}
            </td>
          </tr>
        ) : null}
      </RunColumns>
    </section>
  );
}

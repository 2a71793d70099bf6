import { useMemo, useState } from 'preact/hooks';
import { flattenConfig } from '../lib/config-paths.js';
import { configText } from '../lib/format.js';
import { Panel } from './Panel.js';

/** The run's configuration as dotted keys and values, narrowed by a key filter (any part of the key, any case). */
export function ConfigPanel(props: { config: unknown }) {
  const [filter, setFilter] = useState('');
  const rows = useMemo(() => [...flattenConfig(props.config)], [props.config]);
  const wanted = filter.trim().toLowerCase();
  const shown = wanted ? rows.filter(([key]) => key.toLowerCase().includes(wanted)) : rows;
  return (
    <Panel
      id="config"
      title="Config"
      class="wide"
      actions={
        <input
          type="search"
          id="config-filter"
          aria-label="Filter the config keys"
          placeholder="filter keys"
          value={filter}
          onInput={(e) => setFilter(e.currentTarget.value)}
        />
      }
    >
      <p class="muted count-line" aria-live="polite">
        {wanted ? `${shown.length} of ${rows.length} keys` : `${rows.length} key${rows.length === 1 ? '' : 's'}`}
      </p>
      {shown.length ? (
        <div class="kv-scroll">
          <table class="kv data" id="config-table">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {shown.map(([key, value]) => (
                <tr key={key} data-key={key}>
                  <th scope="row" class="mono" title={key}>
                    {key}
                  </th>
                  <td class="mono" title={configText(value)}>
                    {configText(value)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Panel>
  );
}

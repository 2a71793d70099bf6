import { useEffect, useState } from 'preact/hooks';
import { RunsGroupsDocument, type RunsGroupsQuery } from '../generated/graphql.js';
import { read } from '../lib/api.js';
import { errorText } from '../lib/errors.js';
import { configText, num } from '../lib/format.js';
import type { ViewState } from '../lib/url-state.js';
import { GroupCurves } from '../charts/MetricCharts.js';
import type { GroupKey } from './group-filter.js';
import { GroupMembers } from './GroupMembers.js';
import { searchOf } from './run-query.js';

type Group = RunsGroupsQuery['jobGroups'][number];

/** A group's key values as a person reads them: `optimizer.lr=0.001, model_name=bert`. */
const groupLabel = (by: readonly string[], key: GroupKey) => by.map((k) => `${k}=${configText(key[k])}`).join(', ');

/**
 * The runs grouped on the chosen keys (`group` in the URL): per group its key values, how many runs, and the mean ±
 * standard deviation (min, median, max) of their best val_f1; a group expands to list its runs. The groups' mean curves
 * are drawn below.
 */
export function GroupTable(props: { state: ViewState; refreshed: number }) {
  const { state } = props;
  const { filter, query } = searchOf(state);
  const by = state.group;
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const search = JSON.stringify([filter, query, by]);
  useEffect(() => {
    let current = true;
    setError(null);
    read(RunsGroupsDocument, { filter, query, by }).then(
      (d) => current && setGroups(d.jobGroups),
      (e) => current && setError(errorText(e)),
    );
    return () => {
      current = false;
    };
  }, [search, props.refreshed]);
  useEffect(() => setOpen(new Set()), [search]);
  const toggle = (id: string) => setOpen((was) => (was.has(id) ? new Set([...was].filter((x) => x !== id)) : new Set([...was, id])));
  return (
    <section class="groups panel" aria-labelledby="groups-title">
      <h3 id="groups-title">Runs grouped by {by.join(', ')}</h3>
      {error ? (
        <p role="alert" class="groups-error">
          {error}
        </p>
      ) : null}
      {!groups && !error ? <p class="muted">loading…</p> : null}
      {groups ? (
        <div class="groups-scroll">
          <table class="groups-table data" data-groups={groups.length}>
            <thead>
              <tr>
                <th scope="col" class="expand">
                  <span class="visually-hidden">Runs of the group</span>
                </th>
                {by.map((k) => (
                  <th key={k} scope="col" title={k}>
                    {k}
                  </th>
                ))}
                <th scope="col" class="num">
                  Runs
                </th>
                <th scope="col" class="num" title="Mean ± sample standard deviation of the runs' best val_f1">
                  best val_f1 mean ± std
                </th>
                <th scope="col" class="num">
                  min
                </th>
                <th scope="col" class="num">
                  median
                </th>
                <th scope="col" class="num">
                  max
                </th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => {
                const key = g.key as GroupKey;
                const id = JSON.stringify(key);
                const label = groupLabel(by, key);
                const expanded = open.has(id);
                return [
                  <tr key={id} class="group-row" data-group={id} data-count={g.count} data-mean={g.mean ?? ''} data-std={g.stddev ?? ''}>
                    <td class="expand">
                      <button
                        type="button"
                        class="icon"
                        aria-expanded={expanded}
                        aria-label={`${expanded ? 'Hide' : 'Show'} the ${g.count} run${g.count === 1 ? '' : 's'} of ${label}`}
                        onClick={() => toggle(id)}
                      >
                        {expanded ? '▾' : '▸'}
                      </button>
                    </td>
                    {by.map((k) => (
                      <td key={k} class="key" title={configText(key[k])}>
                        {configText(key[k])}
                      </td>
                    ))}
                    <td class="num count-cell">{g.count}</td>
                    <td class="num mean-cell">{g.mean === null ? '–' : `${num(g.mean)} ± ${num(g.stddev)}`}</td>
                    <td class="num">{num(g.min)}</td>
                    <td class="num">{num(g.median)}</td>
                    <td class="num">{num(g.max)}</td>
                  </tr>,
                  expanded ? (
                    <tr key={`${id}-members`} class="members-row">
                      <td colSpan={by.length + 6}>
                        <GroupMembers state={state} filter={filter} query={query} groupKey={key} jobIds={g.jobIds} label={label} />
                      </td>
                    </tr>
                  ) : null,
                ];
              })}
            </tbody>
          </table>
          {groups.length === 0 ? <p class="muted">No runs match.</p> : null}
        </div>
      ) : null}
      <GroupCurves filter={filter} query={query} by={by} />
    </section>
  );
}

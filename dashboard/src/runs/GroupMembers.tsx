import { useEffect, useState } from 'preact/hooks';
import { RunsGroupMembersDocument, type JobFilter, type RunsGroupMembersQuery } from '../generated/graphql.js';
import { read } from '../lib/api.js';
import { errorText } from '../lib/errors.js';
import { num } from '../lib/format.js';
import { navigate, type ViewState } from '../lib/url-state.js';
import { Link } from '../components/Link.js';
import { groupFilter, groupQuery, type GroupKey } from './group-filter.js';
import { StatusBadge } from './RunsTable.js';
import { select } from './selection.js';

type Member = RunsGroupMembersQuery['jobs']['edges'][number]['node'];

/** The most members a group's list reads at once (the API's page limit). */
const MEMBERS_READ = 500;

/**
 * An expanded group's members: names (links to the run), status, best val_f1 and a checkbox each, read from the search
 * narrowed to the group's key values; and a button showing the group in the runs table.
 */
export function GroupMembers(props: {
  state: ViewState;
  filter: JobFilter | null;
  query: string | null;
  groupKey: GroupKey;
  jobIds: string[];
  label: string;
}) {
  const { state, jobIds } = props;
  const [found, setFound] = useState<Member[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const narrowed = groupFilter(props.filter, state.group, props.groupKey);
  const key = JSON.stringify([narrowed, props.query, jobIds]);
  useEffect(() => {
    let current = true;
    read(RunsGroupMembersDocument, { filter: narrowed, query: props.query, first: MEMBERS_READ }).then(
      (d) => current && setFound(d.jobs.edges.map((e) => e.node)),
      (e) => current && setError(errorText(e)),
    );
    return () => {
      current = false;
    };
  }, [key]);
  if (error) return <p role="alert">{error}</p>;
  if (!found) return <p class="muted">loading…</p>;
  const byId = new Map(found.map((m) => [m.id, m]));
  const selected = new Set(state.sel);
  return (
    <div class="group-members">
      <ul aria-label={`Runs of ${props.label}`}>
        {jobIds.map((id) => {
          const m = byId.get(id);
          const name = m?.name ?? id;
          return (
            <li key={id} data-job={id}>
              <input
                type="checkbox"
                aria-label={`Select ${name}`}
                checked={selected.has(id)}
                onChange={() => select([id], !selected.has(id))}
              />
              <Link to={{ view: 'run', run: id }} title={name} class="member-name ellipsis">
                {name}
              </Link>
              {m ? <StatusBadge status={m.status} stale={m.stale} /> : null}
              <span class="num" title="best val_f1">
                {num(m?.best?.best)}
              </span>
            </li>
          );
        })}
      </ul>
      <button type="button" onClick={() => navigate({ q: groupQuery(state.q, state.group, props.groupKey), group: [] })}>
        Show these runs in the table
      </button>
    </div>
  );
}

import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { runColor } from '../lib/colors.js';
import { configText, duration, num, when } from '../lib/format.js';
import { runDuration } from '../lib/run-duration.js';
import { tagEntries } from '../lib/tags.js';
import { navigate, type ViewState } from '../lib/url-state.js';
import { Link } from '../components/Link.js';
import type { ExtraColumn } from './run-query.js';
import type { RunRow, RunRows } from './run-rows.js';
import { select } from './selection.js';

/** Every row is this tall (CSS keeps it so): the scroll position says which rows show, so only those are in the DOM. */
export const ROW_HEIGHT = 34;
/** Rows drawn above and below the visible ones, so a scroll shows rows already there. */
const OVERSCAN = 12;

/** Sortable fixed columns: their sort key in the URL and the direction a first click sorts by. */
const SORTS = { name: ['name', 'asc'], created: ['created', 'desc'], best: ['metric:val_f1:best', 'desc'] } as const;

export function StatusBadge(props: { status: string; stale: boolean }) {
  return (
    <span class="status-cell">
      <span class={`status status-${props.status.toLowerCase()}`}>{props.status.toLowerCase()}</span>
      {props.stale ? (
        <span class="badge stale" title="RUNNING, and nothing heard from it for longer than the server's staleness limit">
          stale
        </span>
      ) : null}
    </span>
  );
}

function SortHeader(props: { label: string; sortKey: string; first: 'asc' | 'desc'; state: ViewState; class?: string }) {
  const { sortKey, state } = props;
  const current = state.sort[0]?.startsWith(`${sortKey}:`) ? (state.sort[0].slice(sortKey.length + 1) as 'asc' | 'desc') : null;
  const next = current ? (current === 'asc' ? 'desc' : 'asc') : props.first;
  return (
    <th
      scope="col"
      class={props.class}
      data-sort={sortKey}
      aria-sort={current === 'asc' ? 'ascending' : current === 'desc' ? 'descending' : 'none'}
    >
      <button
        type="button"
        class="sort ellipsis"
        onClick={() => navigate({ sort: [`${sortKey}:${next}`] })}
        title={`Sort by ${props.label}`}
      >
        {props.label}
        <span aria-hidden="true" class="sort-mark">
          {current === 'asc' ? '▲' : current === 'desc' ? '▼' : ''}
        </span>
      </button>
    </th>
  );
}

function columnLabel(c: ExtraColumn): string {
  return c.kind === 'metric' ? `${c.metric} (${c.stat})` : c.path;
}

function columnSortKey(c: ExtraColumn): string {
  return c.kind === 'metric' ? `metric:${c.metric}:${c.stat}` : `config:${c.path}`;
}

function cellOf(row: RunRow, c: ExtraColumn, metrics: readonly string[], paths: readonly string[]): string {
  if (c.kind === 'config') return configText(row.configValues[paths.indexOf(c.path)]);
  const s = row.summaries[metrics.indexOf(c.metric)];
  return num(s ? s[c.stat] : null);
}

/** A row's tags (as `key=value`, cut with an ellipsis, all in the title), a mark when it has notes, and its edit button. */
function TagsAndNotes(props: { row: RunRow; onEdit: () => void }) {
  const { row } = props;
  const tags = tagEntries(row.tags).map(([k, v]) => `${k}=${v}`);
  const title = [tags.join(', '), row.notes ? `Notes: ${row.notes}` : ''].filter(Boolean).join('\n');
  return (
    <span class="tags-line" title={title || undefined}>
      <button
        type="button"
        class="icon edit-run"
        aria-label={`Edit the tags and notes of ${row.name}`}
        title="Edit tags and notes"
        onClick={props.onEdit}
      >
        ✎
      </button>
      {row.notes ? <span class="badge notes-badge">notes</span> : null}
      <span class="tags-text ellipsis">{tags.length ? tags.join(', ') : <span class="muted">–</span>}</span>
    </span>
  );
}

/**
 * The runs table: a fixed header, the rows in view (and a few around) between two spacers the height of the rest, so
 * 10,000 runs scroll like 50. Rows are read page by page as the scroll reaches them.
 */
/** Whether the table shows a search or filter (not every run). */
const searched = (state: ViewState) => Boolean(state.q.trim() || state.status.length || state.tags.length || state.stale);

export function RunsTable(props: {
  rows: RunRows;
  state: ViewState;
  columns: ExtraColumn[];
  metrics: string[];
  paths: string[];
  /** Opens the tags and notes editor of a row. */
  onEdit: (row: RunRow) => void;
}) {
  const { rows, state, columns } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const [height, setHeight] = useState(800);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight || 800);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  // A new search starts at the top; a live re-read of the same search keeps the scroll (it is the same RunRows).
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
    setTop(0);
  }, [rows]);
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.floor((top + height) / ROW_HEIGHT) + OVERSCAN;
  useEffect(() => {
    void rows.show(first, last).catch(() => undefined);
  }, [rows, first, last]);
  const total = rows.total ?? rows.loaded;
  const shown = rows.rows.slice(first, Math.min(last, rows.loaded));
  const now = Date.now();
  const selected = new Set(state.sel);
  const allShownSelected = shown.length > 0 && shown.every((r) => selected.has(r.id));
  return (
    <div
      class="table-scroll surface"
      ref={scroller}
      onScroll={(e) => {
        const t = e.currentTarget.scrollTop;
        requestAnimationFrame(() => setTop(t));
      }}
    >
      <table class="runs data" aria-rowcount={total + 1} style={{ minWidth: `${69 + 8.5 * columns.length}rem` }}>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col" class="select">
              <input
                type="checkbox"
                aria-label="Select the runs in view"
                checked={allShownSelected}
                onChange={() =>
                  select(
                    shown.map((r) => r.id),
                    !allShownSelected,
                  )
                }
              />
            </th>
            <SortHeader label="Name" sortKey={SORTS.name[0]} first={SORTS.name[1]} state={state} class="name" />
            <th scope="col" class="status-col">
              Status
            </th>
            <SortHeader label="Created" sortKey={SORTS.created[0]} first={SORTS.created[1]} state={state} />
            <th
              scope="col"
              class="num duration"
              title="Training time: the run's train_runtime, else from its creation to its last write (or now while it runs)"
            >
              Duration
            </th>
            <SortHeader label="Best val_f1" sortKey={SORTS.best[0]} first={SORTS.best[1]} state={state} class="num" />
            {columns.map((c) => (
              <SortHeader
                key={c.key}
                label={columnLabel(c)}
                sortKey={columnSortKey(c)}
                first={c.kind === 'metric' && !c.metric.endsWith('loss') ? 'desc' : 'asc'}
                state={state}
                class={c.kind === 'metric' ? 'num extra-col' : 'extra-col'}
              />
            ))}
            <th scope="col" class="tags-col">
              Tags and notes
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.complete && rows.total === 0 ? (
            <tr class="empty-row">
              <td colSpan={7 + columns.length}>
                {searched(state)
                  ? 'No run matches this search and these filters.'
                  : 'No runs yet: a trainer creates one with createJob (the trainer flow in the README, or the Python callback), or run `npm run seed:demo` for a demo.'}
              </td>
            </tr>
          ) : null}
          {first > 0 ? <tr class="spacer" style={{ height: `${first * ROW_HEIGHT}px` }} aria-hidden="true" /> : null}
          {shown.map((row, i) => (
            <tr
              key={row.id}
              data-job={row.id}
              aria-rowindex={first + i + 2}
              aria-selected={selected.has(row.id)}
              class={selected.has(row.id) ? 'selected' : ''}
            >
              <td class="select">
                <input
                  type="checkbox"
                  class="select-job"
                  aria-label={`Select ${row.name}`}
                  checked={selected.has(row.id)}
                  onChange={() => select([row.id], !selected.has(row.id))}
                />
                {selected.has(row.id) ? (
                  <span class="swatch" style={{ background: runColor(state.sel, row.id) }} aria-hidden="true" />
                ) : null}
              </td>
              <td class="name" title={row.name}>
                <Link to={{ view: 'run', run: row.id }}>{row.name}</Link>
              </td>
              <td>
                <StatusBadge status={row.status} stale={row.stale} />
              </td>
              <td class="when">{when(row.createdAt)}</td>
              <td class="num">{duration(runDuration(row, now))}</td>
              <td class="num best" data-value={row.best?.best ?? ''}>
                {num(row.best?.best)}
                {row.best?.epochOfBest != null ? <span class="muted"> @{row.best.epochOfBest}</span> : null}
              </td>
              {columns.map((c) => (
                <td key={c.key} class={c.kind === 'metric' ? 'num' : 'config'} data-col={c.key}>
                  {cellOf(row, c, props.metrics, props.paths)}
                </td>
              ))}
              <td class="tags-cell">
                <TagsAndNotes row={row} onEdit={() => props.onEdit(row)} />
              </td>
            </tr>
          ))}
          {total > Math.min(last, rows.loaded) ? (
            <tr class="spacer" style={{ height: `${(total - Math.min(last, rows.loaded)) * ROW_HEIGHT}px` }} aria-hidden="true" />
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

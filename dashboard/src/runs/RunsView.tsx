import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { RunsJobUpdatedDocument } from '../generated/graphql.js';
import { showError } from '../lib/errors.js';
import { coalesce } from '../lib/coalesce.js';
import { subscribe } from '../lib/live.js';
import { mark } from '../lib/perf.js';
import { useStore } from '../lib/store.js';
import { navigate, useViewState } from '../lib/url-state.js';
import { Link } from '../components/Link.js';
import { ColumnChooser } from './ColumnChooser.js';
import { FilterChips } from './FilterChips.js';
import { GroupPicker } from './GroupPicker.js';
import { GroupTable } from './GroupTable.js';
import { RunEditor } from './RunEditor.js';
import { forgetJobFields } from './run-fields.js';
import { extraColumns, pageVariables } from './run-query.js';
import { RunRows, type RunRow } from './run-rows.js';
import { RunsTable } from './RunsTable.js';
import { queryProblem, SearchBox, type QueryProblem } from './SearchBox.js';
import { selectionNotice } from './selection.js';
import './runs.css';

/** Whether the page has drawn its first rows (the benchmark's first-render mark is set once). */
let firstRendered = false;

/**
 * The runs view: search, filter chips, grouping and columns, the selection's actions, the tags and notes editor, and the
 * table of matching runs (or, when grouped, the group table and the groups' curves).
 */
export function RunsView() {
  const state = useViewState();
  const notice = useStore(selectionNotice);
  const [, setVersion] = useState(0);
  const rerender = () => setVersion((n) => n + 1);
  const [problem, setProblem] = useState<QueryProblem | null>(null);
  const [refreshed, setRefreshed] = useState(0);
  const [editing, setEditing] = useState<RunRow | null>(null);
  /** Bumped by a search submitted again unchanged: it runs again from the top. */
  const [again, setAgain] = useState(0);
  const columns = useMemo(() => extraColumns(state.cols), [state.cols]);
  const variables = pageVariables(state, 0, null);
  // A new search (text, chips, sort, columns) is a new RunRows, read from the top; a live change re-reads the one in view.
  const rows = useMemo(() => {
    const { first: _first, after: _after, ...search } = variables;
    return new RunRows(search, rerender);
  }, [JSON.stringify(variables), again]);
  const current = useRef(rows);
  current.current = rows;
  useEffect(() => {
    const started = performance.now();
    setProblem(null);
    rows.ensure(0).then(
      () =>
        requestAnimationFrame(() => {
          if (!firstRendered) mark('table-rendered', { rows: rows.loaded, total: rows.total });
          else mark('search-rendered', { rows: rows.loaded, total: rows.total, ms: performance.now() - started });
          firstRendered = true;
        }),
      (error) => {
        const p = queryProblem(error);
        if (p) setProblem(p);
        else showError(error);
      },
    );
  }, [rows]);
  // Any job's change re-reads what shows (at most once a second, however many arrive), keeping the scroll.
  useEffect(() => {
    const changed = coalesce(() => {
      forgetJobFields();
      setRefreshed((n) => n + 1);
      current.current.refresh().catch(showError);
    }, 1000);
    return subscribe(RunsJobUpdatedDocument, {}, changed, changed);
  }, []);
  const closeEditor = () => {
    const id = editing?.id;
    setEditing(null);
    if (id) document.querySelector<HTMLElement>(`tr[data-job="${CSS.escape(id)}"] button.edit-run`)?.focus();
  };
  return (
    <section class="runs-view" aria-labelledby="runs-title">
      <div class="toolbar">
        <h2 id="runs-title" class="visually-hidden">
          Runs
        </h2>
        <SearchBox query={state.q} problem={problem} onSearch={(q) => (q === state.q ? setAgain((n) => n + 1) : navigate({ q }))} />
        <div class="toolbar-row">
          <FilterChips state={state} />
          <span class="spacer" />
          <GroupPicker state={state} />
          <ColumnChooser state={state} />
        </div>
      </div>
      <div class="selection-bar">
        <span class="count-line" aria-live="polite">
          {rows.total === null
            ? problem
              ? 'the search was refused'
              : 'loading…'
            : `${rows.total.toLocaleString()} run${rows.total === 1 ? '' : 's'}`}
          {state.sel.length ? ` · ${state.sel.length} selected` : ''}
        </span>
        {state.sel.length ? (
          <>
            <Link to={{ view: 'compare' }} class="button">
              Compare
            </Link>
            <button
              type="button"
              onClick={() => {
                selectionNotice.set(null);
                navigate({ sel: [] });
              }}
            >
              Clear selection
            </button>
          </>
        ) : null}
        <span class="selection-notice" role="status">
          {notice ?? ''}
        </span>
      </div>
      {editing ? (
        <RunEditor
          row={editing}
          onSaved={(row) => {
            rows.replace(row);
            setEditing(row);
          }}
          onClose={closeEditor}
        />
      ) : null}
      {state.group.length ? (
        <GroupTable state={state} refreshed={refreshed} />
      ) : (
        <RunsTable rows={rows} state={state} columns={columns} metrics={variables.metrics} paths={variables.paths} onEdit={setEditing} />
      )}
    </section>
  );
}

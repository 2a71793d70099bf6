import { useEffect, useMemo, useState } from 'preact/hooks';
import { RunsJobUpdatedDocument } from '../generated/graphql.js';
import { showError } from '../lib/errors.js';
import { coalesce } from '../lib/coalesce.js';
import { subscribe } from '../lib/live.js';
import { mark } from '../lib/perf.js';
import { navigate, useViewState } from '../lib/url-state.js';
import { Link } from '../components/Link.js';
import { FilterChips } from './FilterChips.js';
import { extraColumns, pageVariables } from './run-query.js';
import { RunRows } from './run-rows.js';
import { RunsTable } from './RunsTable.js';
import { queryProblem, SearchBox, type QueryProblem } from './SearchBox.js';

/** Whether the page has drawn its first rows (the benchmark's first-render mark is set once). */
let firstRendered = false;

/** The runs view: search, filter chips, the selection's actions and the table of matching runs. */
export function RunsView() {
  const state = useViewState();
  const [, setVersion] = useState(0);
  const rerender = () => setVersion((n) => n + 1);
  const [problem, setProblem] = useState<QueryProblem | null>(null);
  const [refreshed, setRefreshed] = useState(0);
  const refresh = () => setRefreshed((n) => n + 1);
  const columns = useMemo(() => extraColumns(state.cols), [state.cols]);
  const variables = pageVariables(state, 0, null);
  const searchKey = JSON.stringify({ ...variables, refreshed });
  const rows = useMemo(() => {
    const { first: _first, after: _after, ...search } = variables;
    return new RunRows(search, rerender);
  }, [searchKey]);
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
  // Any job's change re-reads the table (at most once a second, however many arrive).
  useEffect(() => {
    const again = coalesce(refresh, 1000);
    return subscribe(RunsJobUpdatedDocument, {}, again, again);
  }, []);
  return (
    <section class="runs-view" aria-labelledby="runs-title">
      <div class="toolbar">
        <h2 id="runs-title" class="visually-hidden">
          Runs
        </h2>
        <SearchBox query={state.q} problem={problem} />
        <FilterChips state={state} />
      </div>
      <div class="selection-bar" aria-live="polite">
        <span class="count-line">
          {rows.total === null ? 'loading…' : `${rows.total.toLocaleString()} run${rows.total === 1 ? '' : 's'}`}
          {state.sel.length ? ` · ${state.sel.length} selected` : ''}
        </span>
        {state.sel.length ? (
          <>
            <Link to={{ view: 'compare' }} class="button">
              Compare
            </Link>
            <button type="button" onClick={() => navigate({ sel: [] })}>
              Clear selection
            </button>
          </>
        ) : null}
      </div>
      <RunsTable rows={rows} state={state} columns={columns} metrics={variables.metrics} paths={variables.paths} />
    </section>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../lib/api.js';
import { mark } from '../lib/perf.js';

/** The search error to show under the box: the server's message and, for a syntax error, the column it points at. */
export interface QueryProblem {
  message: string;
  column: number | null;
}

export function queryProblem(error: unknown): QueryProblem | null {
  if (!(error instanceof ApiError) || error.code !== 'BAD_USER_INPUT') return null;
  const column = typeof error.extensions.column === 'number' ? error.extensions.column : null;
  return { message: error.message, column };
}

/**
 * The text search (`config.optimizer.lr < 1e-4 and metrics.val_f1 > 0.8`): applied on Enter or the button (the
 * `search-submitted` mark the browser bench times from), refused queries explained below the box with a caret under
 * the column the server points at.
 */
export function SearchBox(props: { query: string; problem: QueryProblem | null; onSearch: (query: string) => void }) {
  const [text, setText] = useState(props.query);
  useEffect(() => setText(props.query), [props.query]);
  const apply = (e: Event) => {
    e.preventDefault();
    mark('search-submitted', { query: text.trim() });
    props.onSearch(text.trim());
  };
  const { problem } = props;
  return (
    <form class="search" role="search" onSubmit={apply}>
      <label for="search-input" class="visually-hidden">
        Search runs
      </label>
      <div class="search-field">
        <input
          id="search-input"
          type="search"
          value={text}
          spellcheck={false}
          autoComplete="off"
          placeholder='Search: config.optimizer.lr < 1e-4 and metrics.val_f1 > 0.8 and tags.dataset = "receipts"'
          aria-invalid={problem ? 'true' : 'false'}
          aria-describedby={problem ? 'search-problem' : undefined}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button type="submit">Search</button>
      </div>
      {problem ? (
        <div id="search-problem" class="search-problem problem" role="alert">
          {problem.column !== null ? (
            <pre class="caret" aria-hidden="true">
              {props.query}
              {'\n'}
              {' '.repeat(Math.max(0, problem.column - 1))}^
            </pre>
          ) : null}
          <span>{problem.message}</span>
        </div>
      ) : null}
    </form>
  );
}

import { useEffect } from 'preact/hooks';
import { CompareView } from './compare/CompareView.js';
import { KeyDialog } from './components/KeyDialog.js';
import { Link } from './components/Link.js';
import { LiveBadge } from './components/LiveBadge.js';
import { HParamsView } from './hparams/HParamsView.js';
import { pageError, usePageError } from './lib/errors.js';
import { toggleTheme, useTheme } from './lib/theme.js';
import { useViewState, type View } from './lib/url-state.js';
import { RunPage } from './run/RunPage.js';
import { RunsView } from './runs/RunsView.js';

const TABS: { view: View; label: string }[] = [
  { view: 'runs', label: 'Runs' },
  { view: 'compare', label: 'Compare' },
  { view: 'hparams', label: 'Hyper-parameters' },
];

/** The page: a header with the views, the live state, the theme switch; the open view below. */
export function App() {
  const state = useViewState();
  const theme = useTheme();
  const error = usePageError();
  useEffect(() => {
    document.body.dataset.loaded = 'true';
  }, []);
  return (
    <>
      <header class="top">
        <h1>Training metrics</h1>
        <nav aria-label="Views">
          {TABS.map((t) => (
            <Link
              key={t.view}
              to={{ view: t.view }}
              class={`tab${state.view === t.view ? ' current' : ''}`}
              aria-current={state.view === t.view ? 'page' : undefined}
            >
              {t.label}
              {t.view === 'compare' && state.sel.length > 0 ? <span class="count">{state.sel.length}</span> : null}
            </Link>
          ))}
        </nav>
        <span class="spacer" />
        <LiveBadge />
        <button
          type="button"
          class="icon"
          onClick={toggleTheme}
          aria-label={`Switch to the ${theme === 'dark' ? 'light' : 'dark'} theme`}
          title="Theme"
        >
          {theme === 'dark' ? '☀' : '☾'}
        </button>
      </header>
      {error ? (
        <p id="error" role="alert" class="error-line problem">
          {error}
          <button type="button" class="icon" aria-label="Dismiss the error" onClick={() => pageError.set(null)}>
            ×
          </button>
        </p>
      ) : null}
      <main id="main">
        {state.view === 'runs' ? <RunsView /> : null}
        {state.view === 'compare' ? <CompareView /> : null}
        {state.view === 'hparams' ? <HParamsView /> : null}
        {state.view === 'run' ? <RunPage /> : null}
      </main>
      <KeyDialog />
    </>
  );
}

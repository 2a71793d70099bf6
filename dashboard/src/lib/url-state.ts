import { createStore, useStore } from './store.js';
import { formatState, parseState, type ViewState } from './url-codec.js';

/*
 * The view state, kept in the URL: read from it at load and on back and forward, written to it by `navigate`. What a
 * query string means is lib/url-codec.ts's (re-exported here, so views import the state and its types from one place).
 */

export * from './url-codec.js';

const store = createStore<ViewState>(parseState(location.search));

window.addEventListener('popstate', () => store.set(parseState(location.search)));

/** The view state now (outside components). */
export const viewState = () => store.get();

/** The view state in a component, re-rendered when it changes (a click, back, forward). */
export const useViewState = () => useStore(store);

/**
 * Changes the view: a new history entry (back returns here), or with `replace` the current one (a slider moving, a
 * brush being dragged: one entry for the gesture, not one per pixel).
 */
export function navigate(patch: Partial<ViewState>, options: { replace?: boolean } = {}): void {
  const next = { ...store.get(), ...patch };
  const url = `${location.pathname}${formatState(next)}`;
  if (url !== `${location.pathname}${location.search}`) history[options.replace ? 'replaceState' : 'pushState'](null, '', url);
  store.set(next);
}

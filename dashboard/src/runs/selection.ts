import { MAX_OVERLAID } from '../lib/colors.js';
import { createStore } from '../lib/store.js';
import { navigate, viewState } from '../lib/url-state.js';

/** What the selection bar says after a selection was refused in part (the limit reached); null when all went in. */
export const selectionNotice = createStore<string | null>(null);

/**
 * Adds runs to the selection (in order, after the ones already there) or takes them out. The selection holds at most
 * MAX_OVERLAID runs (one colour each on the charts): runs beyond it are left out, and the selection bar says so.
 */
export function select(ids: readonly string[], add: boolean): void {
  const sel = viewState().sel;
  if (!add) {
    selectionNotice.set(null);
    navigate({ sel: sel.filter((id) => !ids.includes(id)) });
    return;
  }
  const fresh = ids.filter((id) => !sel.includes(id));
  const room = Math.max(0, MAX_OVERLAID - sel.length);
  const taken = fresh.slice(0, room);
  const refused = fresh.length - taken.length;
  selectionNotice.set(
    refused > 0
      ? `At most ${MAX_OVERLAID} runs can be selected (one colour each on the charts): ${refused === 1 ? 'one run was' : `${refused} runs were`} not added. Unselect some first.`
      : null,
  );
  if (taken.length) navigate({ sel: [...sel, ...taken] });
}

import type { JobStatus } from '../generated/graphql.js';
import { navigate, type ViewState } from '../lib/url-state.js';
import { TagChooser } from './TagChooser.js';

export const STATUSES: JobStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'PENDING', 'CANCELLED', 'INTERRUPTED'];

const toggle = (list: readonly string[], item: string) => (list.includes(item) ? list.filter((i) => i !== item) : [...list, item]);

/** Status and stale chips (each a toggle button), the active tag chips with a remove button each, and the tag chooser. */
export function FilterChips(props: { state: ViewState }) {
  const { state } = props;
  return (
    <div class="chips" role="group" aria-label="Filters">
      {STATUSES.map((s) => (
        <button
          key={s}
          type="button"
          class={`chip status-${s.toLowerCase()}`}
          aria-pressed={state.status.includes(s)}
          onClick={() => navigate({ status: toggle(state.status, s) })}
        >
          {s.toLowerCase()}
        </button>
      ))}
      <button type="button" class="chip stale" aria-pressed={state.stale} onClick={() => navigate({ stale: !state.stale })}>
        stale
      </button>
      {state.tags.map((t) => (
        <span key={t} class="chip tag-chip" data-tag={t} title={t}>
          <span class="chip-text ellipsis">{t}</span>
          <button
            type="button"
            class="icon"
            aria-label={`Remove the tag filter ${t}`}
            onClick={() => navigate({ tags: state.tags.filter((x) => x !== t) })}
          >
            ×
          </button>
        </span>
      ))}
      <TagChooser state={state} />
    </div>
  );
}

import { useState } from 'preact/hooks';

/** Entries a chooser's panel lists at most; typing narrows them. */
export const SHOWN_CHOICES = 200;

/**
 * A chooser's find box and what it narrows to: `items` whose text contains what was typed (case-insensitive), at most
 * SHOWN_CHOICES of them, with a line saying how many more there are.
 */
export function useChoiceFilter<T>(items: readonly T[], text: (item: T) => string) {
  const [typed, setTyped] = useState('');
  const needle = typed.trim().toLowerCase();
  const matching = needle ? items.filter((i) => text(i).toLowerCase().includes(needle)) : items;
  return {
    shown: matching.slice(0, SHOWN_CHOICES),
    hidden: Math.max(0, matching.length - SHOWN_CHOICES),
    findBox: (label: string) => (
      <label class="find">
        <span>{label}</span>
        <input type="search" value={typed} autoComplete="off" spellcheck={false} onInput={(e) => setTyped(e.currentTarget.value)} />
      </label>
    ),
  };
}

/** The state line of a chooser's panel: loading, the server's refusal, nothing to choose, or how many are not shown. */
export function ChoiceStatus(props: { loading: boolean; error: string | null; empty: boolean; hidden: number; none: string }) {
  if (props.error)
    return (
      <p class="choice-status error problem" role="alert">
        {props.error}
      </p>
    );
  if (props.loading) return <p class="choice-status muted">loading…</p>;
  if (props.empty) return <p class="choice-status muted">{props.none}</p>;
  return props.hidden ? <p class="choice-status muted">{props.hidden} more: type to narrow the list</p> : null;
}

import { useState } from 'preact/hooks';
import type { ConfigKey } from './hparams-data.js';

/**
 * The parallel coordinates' axes: each chosen config key with buttons to move it left or right or remove it, a picker
 * adding another, and a reset to the default axes. The best val_f1 axis always comes last.
 */
export function AxisChooser(props: { axes: string[]; keys: ConfigKey[]; custom: boolean; onChange(axes: string[] | null): void }) {
  const { axes, keys } = props;
  const addable = keys.filter((k) => !axes.includes(k.path));
  const [adding, setAdding] = useState('');
  const choice = addable.some((k) => k.path === adding) ? adding : (addable[0]?.path ?? '');
  const move = (i: number, by: number) => {
    const next = [...axes];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    props.onChange(next);
  };
  return (
    <div class="axis-chooser" role="group" aria-label="Axes">
      <span class="muted">Axes:</span>
      <ul class="axis-list plain-list">
        {axes.map((path, i) => (
          <li key={path} class="axis-chip" data-axis={path}>
            <button type="button" class="icon" aria-label={`Move ${path} left`} disabled={i === 0} onClick={() => move(i, -1)}>
              ‹
            </button>
            <span class="axis-name ellipsis" title={path}>
              {path}
            </span>
            <button
              type="button"
              class="icon"
              aria-label={`Move ${path} right`}
              disabled={i === axes.length - 1}
              onClick={() => move(i, 1)}
            >
              ›
            </button>
            <button
              type="button"
              class="icon"
              aria-label={`Remove the ${path} axis`}
              onClick={() => props.onChange(axes.filter((a) => a !== path))}
            >
              ×
            </button>
          </li>
        ))}
        <li class="axis-chip fixed" title="The last axis: each run's best val_f1">
          best val_f1
        </li>
      </ul>
      {addable.length ? (
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (choice) props.onChange([...axes, choice]);
          }}
        >
          <label>
            <span class="visually-hidden">Config key to add as an axis</span>
            <select value={choice} onChange={(e) => setAdding(e.currentTarget.value)}>
              {addable.map((k) => (
                <option key={k.path} value={k.path}>
                  {k.path}
                  {k.numeric ? '' : ' (categories)'} · {k.distinct} value{k.distinct === 1 ? '' : 's'}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">Add axis</button>
        </form>
      ) : null}
      {props.custom ? (
        <button type="button" onClick={() => props.onChange(null)}>
          Default axes
        </button>
      ) : null}
    </div>
  );
}

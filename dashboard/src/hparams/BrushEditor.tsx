import { useState } from 'preact/hooks';
import { num } from '../lib/format.js';
import type { Axis } from './axes.js';
import { categoriesInside, roundRange, type Brushes } from './brushes.js';

/** A brush in words: `0.0001 – 0.001`, or the categories inside it. */
export function brushText(axis: Axis, range: [number, number]): string {
  if (axis.scale.kind === 'category') return categoriesInside(axis.scale, range).join(', ') || 'no category';
  return `${num(range[0])} – ${num(range[1])}`;
}

/** One end of the range to brush: a number, or a category (by its index) on a category axis. */
function RangeEnd(props: { end: 'from' | 'to'; categories: string[] | null; value: string; fallback: string; set(v: string): void }) {
  const name = `Brush ${props.end}`;
  return (
    <label>
      {props.end}
      {props.categories ? (
        <select aria-label={name} value={props.value || props.fallback} onChange={(e) => props.set(e.currentTarget.value)}>
          {props.categories.map((c, i) => (
            <option key={c} value={i}>
              {c}
            </option>
          ))}
        </select>
      ) : (
        <input
          type="text"
          aria-label={name}
          inputMode="decimal"
          size={9}
          value={props.value}
          onInput={(e) => props.set(e.currentTarget.value)}
        />
      )}
    </label>
  );
}

/**
 * The brushes as a list (each removable) and a form setting one from the keyboard: an axis and its range (numbers, or
 * the first and last category).
 */
export function BrushEditor(props: { axes: Axis[]; brushes: Brushes; onSet(key: string, range: [number, number] | null): void }) {
  const { axes, brushes } = props;
  const [key, setKey] = useState('');
  const axis = axes.find((a) => a.key === key) ?? axes[0];
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [problem, setProblem] = useState('');
  const active = axes.filter((a) => brushes[a.key]);
  const categories =
    axis?.scale.kind === 'category' ? axis.scale.categories.map((c) => (typeof c === 'string' ? c : JSON.stringify(c))) : null;
  const apply = () => {
    if (!axis) return;
    const [a, b] = categories ? [Number(from || 0) - 0.4, Number(to || categories.length - 1) + 0.4] : [Number(from), Number(to)];
    const range = from.trim() === '' && !categories ? null : Number.isFinite(a) && Number.isFinite(b) ? roundRange(a, b) : null;
    if (!range) return setProblem('Give two different numbers.');
    setProblem('');
    props.onSet(axis.key, range);
  };
  return (
    <div class="brush-editor">
      {active.length ? (
        <ul class="brush-list plain-list" aria-label="Brushes">
          {active.map((a) => (
            <li key={a.key} class="brush-chip" data-brush={a.key}>
              <span class="ellipsis" title={a.label}>
                {a.label}
              </span>
              : {brushText(a, brushes[a.key])}
              <button type="button" class="icon" aria-label={`Remove the brush on ${a.label}`} onClick={() => props.onSet(a.key, null)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">Drag vertically on an axis to brush a range (a click on the axis clears it), or set one here.</p>
      )}
      {axis ? (
        <form
          class="inline-form"
          aria-label="Set a brush"
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
        >
          <label>
            Brush
            <select aria-label="Axis to brush" value={axis.key} onChange={(e) => [setKey(e.currentTarget.value), setFrom(''), setTo('')]}>
              {axes.map((a) => (
                <option key={a.key} value={a.key}>
                  {a.label}
                </option>
              ))}
            </select>
          </label>
          <RangeEnd end="from" categories={categories} value={from} fallback="0" set={setFrom} />
          <RangeEnd end="to" categories={categories} value={to} fallback={String((categories?.length ?? 1) - 1)} set={setTo} />
          <button type="submit">Set brush</button>
          {problem ? (
            <span role="alert" class="form-problem">
              {problem}
            </span>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}

import { useEffect, useRef, useState } from 'preact/hooks';
import { navigate, type ViewState, type XAxis } from '../lib/url-state.js';

/*
 * The charts' settings, all in the URL: which metrics (chosen from the runs' metric names), the x axis, the EMA
 * smoothing weight (a slider, moved with the keyboard too), the log scale, and the zoom's reset.
 */

const AXIS_LABELS: Record<XAxis, string> = { epoch: 'Epoch', step: 'Step', time: 'Wall time' };
/** More names than this: the chooser gets a filter box. */
const FILTER_FROM = 10;

/** Closes an open <details> popup on Escape (focus back on its summary) or a click elsewhere. */
function useClosingPopup() {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const outside = (e: MouseEvent) => {
      const el = ref.current;
      if (el?.open && !el.contains(e.target as Node)) el.open = false;
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, []);
  const onKeyDown = (e: KeyboardEvent) => {
    const el = ref.current;
    if (e.key !== 'Escape' || !el?.open) return;
    el.open = false;
    el.querySelector('summary')?.focus();
  };
  return { ref, onKeyDown };
}

function MetricChooser(props: { names: readonly string[]; chosen: readonly string[] }) {
  const [filter, setFilter] = useState('');
  const popup = useClosingPopup();
  const shown = props.names.filter((n) => n.toLowerCase().includes(filter.trim().toLowerCase()));
  const toggle = (name: string, on: boolean) =>
    navigate({ metrics: on ? [...props.chosen.filter((m) => m !== name), name] : props.chosen.filter((m) => m !== name) });
  const chosenShown = props.chosen.filter((m) => props.names.includes(m));
  return (
    <details class="metric-chooser" ref={popup.ref} onKeyDown={popup.onKeyDown}>
      <summary title={chosenShown.join(', ')}>
        Metrics <span class="count">{chosenShown.length}</span>
      </summary>
      <div class="chooser-popup">
        {props.names.length > FILTER_FROM ? (
          <input
            type="search"
            aria-label="Filter the metric names"
            placeholder="Filter metrics"
            value={filter}
            onInput={(e) => setFilter(e.currentTarget.value)}
          />
        ) : null}
        <fieldset>
          <legend class="visually-hidden">Metrics to chart</legend>
          {shown.map((name) => (
            <label key={name} title={name}>
              <input type="checkbox" checked={props.chosen.includes(name)} onChange={(e) => toggle(name, e.currentTarget.checked)} />
              <span>{name}</span>
            </label>
          ))}
          {shown.length === 0 ? <p class="muted">No metric matches.</p> : null}
        </fieldset>
      </div>
    </details>
  );
}

export function ChartToolbar(props: { names: readonly string[]; state: ViewState; axes: readonly XAxis[] }) {
  const { state } = props;
  return (
    <div class="chart-toolbar" role="group" aria-label="Chart settings">
      <MetricChooser names={props.names} chosen={state.metrics} />
      <label>
        x axis{' '}
        <select value={state.x} onChange={(e) => navigate({ x: e.currentTarget.value as XAxis, zoom: null })}>
          {props.axes.map((a) => (
            <option key={a} value={a}>
              {AXIS_LABELS[a]}
            </option>
          ))}
        </select>
      </label>
      <label class="smoothing">
        Smoothing{' '}
        <input
          type="range"
          min={0}
          max={0.99}
          step={0.01}
          value={state.smooth}
          aria-valuetext={state.smooth ? `EMA weight ${state.smooth}` : 'off'}
          onInput={(e) => navigate({ smooth: Number(e.currentTarget.value) }, { replace: true })}
        />
        <output>{state.smooth ? state.smooth.toFixed(2) : 'off'}</output>
      </label>
      <label>
        <input type="checkbox" checked={state.log} onChange={(e) => navigate({ log: e.currentTarget.checked })} /> Log scale
      </label>
      <button type="button" disabled={!state.zoom} onClick={() => navigate({ zoom: null })} title="Or double-click a chart">
        Reset zoom
      </button>
    </div>
  );
}

import type { ComponentChildren } from 'preact';
import { navigate, type ViewState } from '../lib/url-state.js';
import { ChoiceStatus, useChoiceFilter } from './ChoiceFilter.js';
import { Popover } from './Popover.js';
import { useJobFields } from './run-fields.js';
import { searchOf, STATS } from './run-query.js';

/** Adds the column `key` (`metric:NAME:STAT`, `config:PATH`) after the others, or takes it out. */
function toggleColumn(state: ViewState, key: string): void {
  navigate({ cols: state.cols.includes(key) ? state.cols.filter((c) => c !== key) : [...state.cols, key] });
}

function ColumnCheck(props: { state: ViewState; col: string; label: string; text: string }) {
  return (
    <label class="check" title={props.label}>
      <input
        type="checkbox"
        data-col={props.col}
        checked={props.state.cols.includes(props.col)}
        aria-label={props.label}
        onChange={() => toggleColumn(props.state, props.col)}
      />
      <span>{props.text}</span>
    </label>
  );
}

/** One part of the panel (metrics, config keys): a legend, a find box, and the columns of each item it narrows to. */
function ColumnSection<T>(props: {
  legend: string;
  find: string;
  items: readonly T[] | null;
  text: (item: T) => string;
  none: string;
  class: string;
  row: (item: T) => ComponentChildren;
}) {
  const { shown, hidden, findBox } = useChoiceFilter(props.items ?? [], props.text);
  return (
    <fieldset class="column-group">
      <legend>{props.legend}</legend>
      {findBox(props.find)}
      <ChoiceStatus loading={false} error={null} empty={props.items?.length === 0} hidden={hidden} none={props.none} />
      <ul class={`choices plain-list ${props.class}`}>{shown.map(props.row)}</ul>
    </fieldset>
  );
}

const runs = (n: number) => `${n} run${n === 1 ? '' : 's'}`;

function ColumnList(props: { state: ViewState }) {
  const { state } = props;
  const { filter, query } = searchOf(state);
  const { fields, error } = useJobFields(filter, query);
  return (
    <>
      <p class="hint muted">Columns of the matching runs' metrics (one per statistic) and config keys.</p>
      <ChoiceStatus loading={!fields && !error} error={error} empty={false} hidden={0} none="" />
      <ColumnSection
        legend="Metrics"
        find="Find a metric"
        items={fields?.metrics ?? null}
        text={(m) => m.name}
        none="No metrics yet."
        class="metric-columns"
        row={(m) => (
          <li key={m.name} data-metric={m.name}>
            <span class="choice-name ellipsis" title={`${m.name}: ${runs(m.jobs)}`}>
              {m.name}
            </span>
            <span class="stats">
              {STATS.map((stat) => (
                <ColumnCheck key={stat} state={state} col={`metric:${m.name}:${stat}`} label={`${m.name} (${stat})`} text={stat} />
              ))}
            </span>
          </li>
        )}
      />
      <ColumnSection
        legend="Config"
        find="Find a config key"
        items={fields?.configKeys ?? null}
        text={(k) => k.path}
        none="No config keys."
        class="config-columns"
        row={(k) => (
          <li key={k.path} data-path={k.path}>
            <ColumnCheck state={state} col={`config:${k.path}`} label={k.path} text={k.path} />
            <span class="count" title={`${runs(k.jobs)} have it`}>
              {k.jobs}
            </span>
          </li>
        )}
      />
    </>
  );
}

/** The "Columns" button: a panel of the matching runs' metrics (best, last, min, max) and config keys to show as columns. */
export function ColumnChooser(props: { state: ViewState }) {
  const count = props.state.cols.length;
  return (
    <Popover
      label="Choose columns"
      button={
        <>
          Columns
          {count ? (
            <>
              {' '}
              <span class="count">{count}</span>
              <span class="visually-hidden"> added</span>
            </>
          ) : null}
        </>
      }
      class="column-chooser"
    >
      {() => <ColumnList state={props.state} />}
    </Popover>
  );
}

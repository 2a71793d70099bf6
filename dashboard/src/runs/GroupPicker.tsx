import { navigate, type ViewState } from '../lib/url-state.js';
import { ChoiceStatus, useChoiceFilter } from './ChoiceFilter.js';
import { Popover } from './Popover.js';
import { useJobFields } from './run-fields.js';
import { searchOf } from './run-query.js';

/** Grouping keys the API takes beyond config paths. */
const FIXED_KEYS = ['status'];

function GroupKeyList(props: { state: ViewState }) {
  const { state } = props;
  const { filter, query } = searchOf(state);
  const { fields, error } = useJobFields(filter, query);
  const keys = fields
    ? [...FIXED_KEYS, ...new Set(fields.tags.map((t) => `tags.${t.key}`)), ...fields.configKeys.map((k) => k.path)]
    : [...FIXED_KEYS, ...state.group.filter((g) => !FIXED_KEYS.includes(g))];
  const { shown, hidden, findBox } = useChoiceFilter(keys, (k) => k);
  return (
    <>
      {findBox('Find a key')}
      <ChoiceStatus loading={!fields && !error} error={error} empty={false} hidden={hidden} none="" />
      <ul class="choices plain-list group-keys" aria-label="Grouping keys">
        {shown.map((k) => (
          <li key={k}>
            <label class="check" title={k}>
              <input
                type="checkbox"
                data-group={k}
                checked={state.group.includes(k)}
                onChange={() => navigate({ group: state.group.includes(k) ? state.group.filter((g) => g !== k) : [...state.group, k] })}
              />
              <span class="choice-name ellipsis">{k}</span>
            </label>
          </li>
        ))}
      </ul>
    </>
  );
}

/** "Group by": a panel of keys (status, tags, config paths) to group the runs on, and the chosen keys as removable chips. */
export function GroupPicker(props: { state: ViewState }) {
  const { state } = props;
  return (
    <div class="group-picker" role="group" aria-label="Grouping">
      <Popover label="Group the runs by" button="Group by" class="group-chooser">
        {() => <GroupKeyList state={state} />}
      </Popover>
      {state.group.map((g) => (
        <span key={g} class="chip tag-chip group-chip" data-group={g} title={`grouped by ${g}`}>
          <span class="chip-text ellipsis">{g}</span>
          <button
            type="button"
            class="icon"
            aria-label={`Stop grouping by ${g}`}
            onClick={() => navigate({ group: state.group.filter((x) => x !== g) })}
          >
            ×
          </button>
        </span>
      ))}
    </div>
  );
}

import { navigate, type ViewState } from '../lib/url-state.js';
import { ChoiceStatus, useChoiceFilter } from './ChoiceFilter.js';
import { Popover } from './Popover.js';
import { useJobFields } from './run-fields.js';
import { searchOf } from './run-query.js';

function TagList(props: { state: ViewState; close: () => void }) {
  const { state } = props;
  const { filter, query } = searchOf(state);
  const { fields, error } = useJobFields(filter, query);
  const tags = (fields?.tags ?? []).filter((t) => !state.tags.includes(`${t.key}=${t.value}`));
  const { shown, hidden, findBox } = useChoiceFilter(tags, (t) => `${t.key}=${t.value}`);
  return (
    <>
      {findBox('Find a tag')}
      <ChoiceStatus loading={!fields && !error} error={error} empty={!!fields && !tags.length} hidden={hidden} none="No other tags here." />
      <ul class="choices plain-list" aria-label="Tags of the matching runs">
        {shown.map((t) => (
          <li key={`${t.key}=${t.value}`}>
            <button
              type="button"
              class="choice tag-choice"
              data-tag={`${t.key}=${t.value}`}
              title={`${t.key}=${t.value}: ${t.jobs} run${t.jobs === 1 ? '' : 's'}`}
              onClick={() => {
                navigate({ tags: [...state.tags, `${t.key}=${t.value}`] });
                props.close();
              }}
            >
              <span class="choice-name ellipsis">
                {t.key}={t.value}
              </span>
              <span class="count">{t.jobs}</span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The "+ tag" chip: a panel listing the matching runs' tag key=value pairs with counts; choosing one adds its chip. */
export function TagChooser(props: { state: ViewState }) {
  return (
    <Popover
      label="Filter by a tag"
      button={
        <>
          + tag<span class="visually-hidden"> filter</span>
        </>
      }
      class="tag-chooser"
    >
      {(close) => <TagList state={props.state} close={close} />}
    </Popover>
  );
}

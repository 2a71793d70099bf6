import { useEffect, useRef, useState } from 'preact/hooks';
import { SharedSetTagsDocument, type SetJobTagsInput } from '../generated/graphql.js';
import { write } from '../lib/api.js';
import { errorText } from '../lib/errors.js';
import { tagEntries } from '../lib/tags.js';
import { UserErrors } from './UserErrors.js';
import './editors.css';

/**
 * A run's tags as chips, each with a remove button, and a form setting one (adding it, or overwriting its value): edits
 * with the writer key (asked for when the server wants one). Refusals show under the form; `onSaved` gets the tags as the
 * server then holds them. The run page and the runs table's row editor both use it.
 */
export function TagEditor(props: { jobId: string; tags: unknown; onSaved(tags: unknown): void; autoFocus?: boolean }) {
  const { jobId } = props;
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const [problems, setProblems] = useState<{ message: string }[]>([]);
  const keyInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (props.autoFocus) keyInput.current?.focus();
  }, []);
  const save = async (input: Omit<SetJobTagsInput, 'jobId'>, change: string): Promise<boolean> => {
    setBusy(true);
    setProblems([]);
    setDone('');
    try {
      const { setJobTags } = await write(SharedSetTagsDocument, { input: { jobId, ...input } });
      if (setJobTags.userErrors.length || !setJobTags.job) {
        setProblems(setJobTags.userErrors.length ? setJobTags.userErrors : [{ message: 'The server did not return the run.' }]);
        return false;
      }
      props.onSaved(setJobTags.job.tags);
      setDone(change);
      return true;
    } catch (error) {
      setProblems([{ message: errorText(error) }]);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const add = async (e: Event) => {
    e.preventDefault();
    const k = key.trim();
    if (!k) return setProblems([{ message: 'A tag needs a key.' }]);
    if (await save({ set: [{ key: k, value }] }, `Tag ${k} set.`)) {
      setKey('');
      setValue('');
      keyInput.current?.focus();
    }
  };
  const entries = tagEntries(props.tags);
  return (
    <div class="tag-editor">
      <ul class="chips plain-list tag-list" aria-label="Tags" id="run-tags">
        {entries.length === 0 ? <li class="muted">No tags</li> : null}
        {entries.map(([k, v]) => (
          <li key={k} class="chip tag-chip" data-tag={`${k}=${v}`} title={`${k}=${v}`}>
            <span class="tag-text ellipsis">
              {k}
              <span class="muted">=</span>
              {v}
            </span>
            <button
              type="button"
              class="icon"
              aria-label={`Remove the tag ${k}`}
              disabled={busy}
              onClick={() => void save({ remove: [k] }, `Tag ${k} removed.`)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form class="tag-form" onSubmit={add}>
        <label>
          <span class="visually-hidden">Tag key</span>
          <input
            ref={keyInput}
            type="text"
            id="tag-key"
            name="tag-key"
            placeholder="key"
            autoComplete="off"
            aria-describedby="tag-errors"
            value={key}
            onInput={(e) => setKey(e.currentTarget.value)}
          />
        </label>
        <label>
          <span class="visually-hidden">Tag value</span>
          <input
            type="text"
            id="tag-value"
            name="tag-value"
            placeholder="value"
            autoComplete="off"
            value={value}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          Add tag
        </button>
        <span class="muted edit-status" role="status">
          {busy ? 'Saving…' : done}
        </span>
      </form>
      <UserErrors id="tag-errors" errors={problems} />
    </div>
  );
}

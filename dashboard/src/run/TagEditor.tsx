import { useState } from 'preact/hooks';
import { RunSetTagsDocument, type SetJobTagsInput } from '../generated/graphql.js';
import { write } from '../lib/api.js';
import { errorText } from '../lib/errors.js';
import { UserErrors } from './UserErrors.js';

type Problem = { message: string };

/** The run's tags as chips, each with a remove button, and a form adding (or overwriting) one: edits with the writer key. */
export function TagEditor(props: { jobId: string; tags: Record<string, string>; onSaved(tags: Record<string, string>): void }) {
  const { jobId, tags } = props;
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Problem[]>([]);
  const save = async (input: Omit<SetJobTagsInput, 'jobId'>): Promise<boolean> => {
    setBusy(true);
    setProblems([]);
    try {
      const { setJobTags } = await write(RunSetTagsDocument, { input: { jobId, ...input } });
      if (setJobTags.userErrors.length) setProblems(setJobTags.userErrors);
      else if (setJobTags.job) props.onSaved(setJobTags.job.tags as Record<string, string>);
      return setJobTags.userErrors.length === 0;
    } catch (error) {
      setProblems([{ message: errorText(error) }]);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const add = async (e: Event) => {
    e.preventDefault();
    if (!key.trim()) return setProblems([{ message: 'A tag needs a key.' }]);
    if (await save({ set: [{ key: key.trim(), value }] })) {
      setKey('');
      setValue('');
    }
  };
  const entries = Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : 1));
  return (
    <div class="tag-editor">
      <ul class="chips" aria-label="Tags" id="run-tags">
        {entries.length === 0 ? <li class="muted">No tags</li> : null}
        {entries.map(([k, v]) => (
          <li key={k} class="chip tag-chip" data-tag={k} title={`${k}=${v}`}>
            <span class="tag-text">
              {k}
              <span class="muted">=</span>
              {v}
            </span>
            <button
              type="button"
              class="icon"
              aria-label={`Remove the tag ${k}`}
              disabled={busy}
              onClick={() => void save({ remove: [k] })}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form class="tag-form" onSubmit={add}>
        <label>
          <span class="visually-hidden">Tag key</span>
          <input type="text" id="tag-key" placeholder="key" value={key} onInput={(e) => setKey(e.currentTarget.value)} />
        </label>
        <label>
          <span class="visually-hidden">Tag value</span>
          <input type="text" id="tag-value" placeholder="value" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={busy}>
          Add tag
        </button>
      </form>
      <UserErrors id="tag-errors" errors={problems} />
    </div>
  );
}

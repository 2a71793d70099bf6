import { useEffect, useRef, useState } from 'preact/hooks';
import { RunsSetTagsDocument, RunsUpdateNotesDocument } from '../generated/graphql.js';
import { write } from '../lib/api.js';
import { errorText } from '../lib/errors.js';
import { tagsOf, type RunRow } from './run-rows.js';

type UserErrors = { message: string; field?: string[] | null }[];

function Problem(props: { id: string; text: string | null }) {
  return props.text ? (
    <p id={props.id} class="edit-problem" role="alert">
      {props.text}
    </p>
  ) : null;
}

/**
 * The tags and notes of one run, editable (with the writer key, asked for when the server wants one): a tag removed or
 * added, the notes saved. Refusals show where they happened; the row in the table takes the run as the server answers it.
 */
export function RunEditor(props: { row: RunRow; metrics: string[]; paths: string[]; onSaved: (row: RunRow) => void; onClose: () => void }) {
  const { row } = props;
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [notes, setNotes] = useState(row.notes ?? '');
  const [tagProblem, setTagProblem] = useState<string | null>(null);
  const [notesProblem, setNotesProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), [row.id]);
  useEffect(() => setNotes(row.notes ?? ''), [row.id]);

  /** Runs one edit; the refusal (user errors, or a key not given) goes to `problem`. */
  async function edit(
    run: () => Promise<{ job: RunRow | null; userErrors: UserErrors }>,
    problem: (text: string | null) => void,
    done: string,
  ): Promise<boolean> {
    setBusy(true);
    problem(null);
    setSaved(null);
    try {
      const { job, userErrors } = await run();
      if (userErrors.length || !job) {
        problem(userErrors.map((e) => e.message).join('; ') || 'The server did not return the run.');
        return false;
      }
      props.onSaved(job);
      setSaved(done);
      return true;
    } catch (e) {
      problem(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  }
  const vars = { metrics: props.metrics, paths: props.paths };
  const setTags = (input: { set?: { key: string; value: string }[]; remove?: string[] }, done: string) =>
    edit(async () => (await write(RunsSetTagsDocument, { ...vars, input: { jobId: row.id, ...input } })).setJobTags, setTagProblem, done);

  const addTag = async (e: Event) => {
    e.preventDefault();
    if (!key.trim()) return setTagProblem('Give the tag a key.');
    if (await setTags({ set: [{ key: key.trim(), value }] }, `Tag ${key.trim()} set.`)) {
      setKey('');
      setValue('');
      first.current?.focus();
    }
  };
  const saveNotes = (e: Event) => {
    e.preventDefault();
    void edit(
      async () => (await write(RunsUpdateNotesDocument, { ...vars, input: { jobId: row.id, notes } })).updateJob,
      setNotesProblem,
      'Notes saved.',
    );
  };
  const tags = tagsOf(row);
  return (
    <section
      class="run-editor panel"
      role="region"
      aria-labelledby="run-editor-title"
      data-job={row.id}
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onClose();
      }}
    >
      <div class="editor-head">
        <h3 id="run-editor-title" title={row.name}>
          Tags and notes of {row.name}
        </h3>
        <span class="editor-saved muted" role="status">
          {saved ?? ''}
        </span>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      <div class="editor-body">
        <div class="editor-tags">
          <ul class="tag-list" aria-label="Tags">
            {tags.length ? null : <li class="muted">no tags</li>}
            {tags.map(([k, v]) => (
              <li key={k} class="chip tag-chip" data-tag={`${k}=${v}`} title={`${k}=${v}`}>
                <span class="chip-text">
                  {k}={v}
                </span>
                <button
                  type="button"
                  class="icon"
                  disabled={busy}
                  aria-label={`Remove the tag ${k}`}
                  onClick={() => setTags({ remove: [k] }, `Tag ${k} removed.`)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
          <form class="add-tag" onSubmit={addTag} aria-describedby={tagProblem ? 'tag-problem' : undefined}>
            <label>
              Key
              <input ref={first} name="tag-key" type="text" value={key} autoComplete="off" onInput={(e) => setKey(e.currentTarget.value)} />
            </label>
            <label>
              Value
              <input name="tag-value" type="text" value={value} autoComplete="off" onInput={(e) => setValue(e.currentTarget.value)} />
            </label>
            <button type="submit" disabled={busy}>
              Set tag
            </button>
          </form>
          <Problem id="tag-problem" text={tagProblem} />
        </div>
        <form class="edit-notes" onSubmit={saveNotes}>
          <label for="run-notes">Notes</label>
          <textarea id="run-notes" rows={3} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />
          <button type="submit" disabled={busy}>
            Save notes
          </button>
          <Problem id="notes-problem" text={notesProblem} />
        </form>
      </div>
    </section>
  );
}

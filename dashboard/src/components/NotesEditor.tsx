import { useEffect, useState } from 'preact/hooks';
import { SharedSaveNotesDocument } from '../generated/graphql.js';
import { write } from '../lib/api.js';
import { errorText } from '../lib/errors.js';
import { UserErrors } from './UserErrors.js';
import './editors.css';

/**
 * A run's notes in a textarea, saved with the writer key (asked for when the server wants one). What the server holds
 * replaces the draft when it changes, unless the draft has edits of its own. The run page and the runs table's row
 * editor both use it (keyed by the run: another run starts from its own notes).
 */
export function NotesEditor(props: { jobId: string; notes: string | null; onSaved(notes: string | null): void }) {
  const saved = props.notes ?? '';
  const [draft, setDraft] = useState(saved);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [problems, setProblems] = useState<{ message: string }[]>([]);
  useEffect(() => {
    if (!dirty) setDraft(saved);
  }, [saved]);
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setProblems([]);
    setDone(false);
    try {
      const { updateJob } = await write(SharedSaveNotesDocument, { input: { jobId: props.jobId, notes: draft } });
      if (updateJob.userErrors.length) return setProblems(updateJob.userErrors);
      setDirty(false);
      setDone(true);
      props.onSaved(updateJob.job?.notes ?? null);
    } catch (error) {
      setProblems([{ message: errorText(error) }]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="notes-editor" onSubmit={save}>
      <label for="run-notes" class="visually-hidden">
        Notes
      </label>
      <textarea
        id="run-notes"
        rows={3}
        placeholder="What this run tried, what came of it…"
        value={draft}
        aria-describedby="notes-errors"
        onInput={(e) => {
          setDraft(e.currentTarget.value);
          setDirty(true);
          setDone(false);
        }}
      />
      <div class="notes-actions">
        <button type="submit" id="notes-save" disabled={busy || !dirty}>
          Save notes
        </button>
        <span class="muted edit-status" role="status">
          {busy ? 'Saving…' : done ? 'Saved' : dirty ? 'Unsaved changes' : ''}
        </span>
      </div>
      <UserErrors id="notes-errors" errors={problems} />
    </form>
  );
}

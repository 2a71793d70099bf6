import { NotesEditor } from '../components/NotesEditor.js';
import { TagEditor } from '../components/TagEditor.js';
import type { RunRow } from './run-rows.js';

/**
 * The tags and notes of one run, editable (components/TagEditor and NotesEditor, as on the run page), above the table:
 * the row takes each edit as the server answers it. Escape or Close puts it away.
 */
export function RunEditor(props: { row: RunRow; onSaved: (row: RunRow) => void; onClose: () => void }) {
  const { row } = props;
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
        <h3 id="run-editor-title" class="ellipsis" title={row.name}>
          Tags and notes of {row.name}
        </h3>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      {/* Keyed by the run: another row's editors start from its own tags and notes, the key field focused. */}
      <div class="editor-body" key={row.id}>
        <TagEditor jobId={row.id} tags={row.tags} autoFocus onSaved={(tags) => props.onSaved({ ...row, tags })} />
        <NotesEditor jobId={row.id} notes={row.notes ?? null} onSaved={(notes) => props.onSaved({ ...row, notes })} />
      </div>
    </section>
  );
}

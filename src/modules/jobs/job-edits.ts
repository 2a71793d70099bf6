import type { Item } from '../../db/batch';
import { readMap } from '../../db/item-values';
import { jobIndexKeys } from '../../db/schema';
import type { JobModel } from './job-model';

/**
 * The parts of one UpdateItem of a job item (docs/storage.md, "Job"): edits go into the legacy item's own attributes,
 * never a whole Put, so attributes this server does not know survive. Every plan is conditioned on the item existing.
 */
export interface JobItemUpdate {
  /** The UpdateExpression, SET clause first (the writer stamp goes there). */
  expression: string;
  condition: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

function joined(set: string[], remove: string[]): string {
  return [set.length ? `SET ${set.join(', ')}` : '', remove.length ? `REMOVE ${remove.join(', ')}` : ''].filter(Boolean).join(' ');
}

/** A tag to set. */
export interface TagChange {
  key: string;
  value: string;
}

/** The tags a job item holds: its `tags` map, or null when it has none (legacy items may lack it) or holds another type. */
export function storedTags(item: Item): Record<string, unknown> | null {
  return readMap(item.tags);
}

/**
 * The update that sets and removes tags, or null when the stored tags already say so (nothing to write). On an item
 * with a `tags` map, one `SET tags.#k = :v` / `REMOVE tags.#k` per changed key, conditioned on the map still being
 * there; on one without, `SET tags = :map` (the keys set), conditioned on it still having none. A failed condition
 * means the item changed under the read (or is gone): read again.
 */
export function tagsUpdate(item: Item, set: readonly TagChange[], remove: readonly string[]): JobItemUpdate | null {
  const stored = storedTags(item);
  const names: Record<string, string> = { '#tags': 'tags' };
  const values: Record<string, unknown> = { ':map': 'M' };
  if (!stored) {
    if (set.length === 0) return null;
    values[':tags'] = Object.fromEntries(set.map((t) => [t.key, t.value]));
    return { expression: 'SET #tags = :tags', condition: 'attribute_exists(PK) AND NOT attribute_type(#tags, :map)', names, values };
  }
  const setParts: string[] = [];
  const removeParts: string[] = [];
  set
    .filter((t) => stored[t.key] !== t.value)
    .forEach((t, i) => {
      names[`#s${i}`] = t.key;
      values[`:s${i}`] = t.value;
      setParts.push(`#tags.#s${i} = :s${i}`);
    });
  remove
    .filter((key) => Object.prototype.hasOwnProperty.call(stored, key))
    .forEach((key, i) => {
      names[`#r${i}`] = key;
      removeParts.push(`#tags.#r${i}`);
    });
  if (setParts.length + removeParts.length === 0) return null;
  return { expression: joined(setParts, removeParts), condition: 'attribute_exists(PK) AND attribute_type(#tags, :map)', names, values };
}

/** What updateJob changes: each field given, the rest left as it is; empty notes clear them. */
export interface JobFieldChanges {
  name?: string | null;
  description?: string | null;
  notes?: string | null;
}

/**
 * The update that writes the changed fields, or null when the job already has them. A new name moves the job's GSI2
 * keys (jobs by name) in the same write; empty notes remove the `notes` attribute.
 */
export function fieldsUpdate(job: JobModel, changes: JobFieldChanges): JobItemUpdate | null {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const setParts: string[] = [];
  const removeParts: string[] = [];
  if (changes.name != null && changes.name !== job.name) {
    const keys = jobIndexKeys(job.status.toLowerCase(), changes.name, job.createdAt);
    names['#name'] = 'name';
    Object.assign(values, { ':name': changes.name, ':gsi2pk': keys.GSI2PK, ':gsi2sk': keys.GSI2SK });
    setParts.push('#name = :name', 'GSI2PK = :gsi2pk', 'GSI2SK = :gsi2sk');
  }
  if (changes.description != null && changes.description !== job.description) {
    names['#description'] = 'description';
    values[':description'] = changes.description;
    setParts.push('#description = :description');
  }
  if (changes.notes != null && changes.notes !== (job.notes ?? '')) {
    names['#notes'] = 'notes';
    if (changes.notes === '') removeParts.push('#notes');
    else {
      values[':notes'] = changes.notes;
      setParts.push('#notes = :notes');
    }
  }
  if (setParts.length + removeParts.length === 0) return null;
  return { expression: joined(setParts, removeParts), condition: 'attribute_exists(PK)', names, values };
}

/** The item with setJobTags's changes applied, for the size check before writing. */
export function itemAfterTags(item: Item, set: readonly TagChange[], remove: readonly string[]): Item {
  const tags: Record<string, unknown> = { ...(storedTags(item) ?? {}) };
  for (const key of remove) delete tags[key];
  for (const t of set) tags[t.key] = t.value;
  return { ...item, tags };
}

/** The item with updateJob's changes applied, for the size check. */
export function itemAfterFields(item: Item, changes: JobFieldChanges): Item {
  const after: Item = { ...item };
  if (changes.name != null) after.name = changes.name;
  if (changes.description != null) after.description = changes.description;
  if (changes.notes === '') delete after.notes;
  else if (changes.notes != null) after.notes = changes.notes;
  return after;
}

/**
 * The update that marks a job seen at `timestamp` (`last_seen_at`, the server's timestamp form): applied only while
 * the job exists and its `last_seen_at` is absent or earlier, so it never moves back.
 */
export function seenUpdate(timestamp: string): JobItemUpdate {
  return {
    expression: 'SET #seen = :ts',
    condition: 'attribute_exists(PK) AND (attribute_not_exists(#seen) OR #seen < :ts)',
    names: { '#seen': 'last_seen_at' },
    values: { ':ts': timestamp },
  };
}

/**
 * DynamoDB's published capacity rules, applied to the items a call wrote and read (docs/benchmarks.md, "Capacity by
 * rule"). DynamoDB Local's own ConsumedCapacity under-reports transactions (a TransactWriteItems of 25 small items
 * reports 4 units, a BatchWriteItem of the same 25 reports 50) and counts no index copies, so a layout's cost is judged
 * by these instead:
 *
 * - writes: each item's size rounded up to the next 1 KB, once for the table and once per index copy (an item is in
 *   GSIn when it has both GSInPK and GSInSK, in GSITYPE when it has TYPE; every index projects ALL, so a copy costs the
 *   item's size); a write replacing a known item costs the larger of the two; transactional writes twice;
 * - reads: GetItem and BatchGetItem per item rounded up to 4 KB (a key not found costs the minimum), Query and Scan the
 *   sum of the items read by the call rounded up to 4 KB (at least one unit); eventually consistent reads half,
 *   strongly consistent full, transactional twice.
 *
 * What the items do not show is estimated, and each estimate is named in the tally: an UpdateItem, a Delete or a
 * ConditionCheck of an item this request read (by key, or by a strongly consistent Query: how a request reads what it
 * rewrites) is sized from that read (an update adds the values it sets); an
 * UpdateItem of an unknown item counts what DynamoDB reported, a transactional Update, Delete or ConditionCheck of one
 * 1 KB without index copies, a Delete of one 1 KB; a projected or filtered read counts what DynamoDB reported when that
 * is more than its returned items make. Failed calls (a condition that did not hold) count nothing.
 */
import type { RuleCapacity } from './call-stats';
import { itemSize, valueSize } from '../platform/item-size';
import { KEYED_INDEXES } from './schema';

type Item = Record<string, unknown>;

export const WRITE_UNIT_BYTES = 1024;
export const READ_UNIT_BYTES = 4096;
/** Transactional reads and writes cost twice the units of the same standard ones. */
export const TRANSACTION_FACTOR = 2;

/** An item's size and how many index copies it has. */
export interface SizedItem {
  size: number;
  copies: number;
}

/** The index key attributes of the table (db/table.ts): GSIn by `GSInPK` and `GSInSK`; GSITYPE by `TYPE` alone. */
const KEYED_INDEX_ATTRIBUTES = KEYED_INDEXES.map((name) => [`${name}PK`, `${name}SK`] as const);
const TYPE_INDEX_ATTRIBUTE = 'TYPE';

/** Index copies of an item: one per GSI whose key attributes it carries. */
export function indexCopies(item: Item): number {
  let copies = item[TYPE_INDEX_ATTRIBUTE] !== undefined ? 1 : 0;
  for (const [pk, sk] of KEYED_INDEX_ATTRIBUTES) if (item[pk] !== undefined && item[sk] !== undefined) copies++;
  return copies;
}

export function sizeOf(item: Item): SizedItem {
  return { size: itemSize(item), copies: indexCopies(item) };
}

/** Standard write units of one item: its size per KB (at least one), for the table and each index copy. */
export function writeUnits(item: SizedItem): number {
  return Math.max(1, Math.ceil(item.size / WRITE_UNIT_BYTES)) * (1 + item.copies);
}

/** Read units of `bytes` read by one item read or one Query/Scan call: per 4 KB (at least one), half if eventually consistent. */
export function readUnits(bytes: number, consistent: boolean): number {
  return Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES)) * (consistent ? 1 : 0.5);
}

/** Write units of putting `items` one by one (twice each in a transaction). */
export function itemsWriteUnits(items: readonly Item[], opts: { transactional: boolean }): number {
  const factor = opts.transactional ? TRANSACTION_FACTOR : 1;
  return items.reduce((n, item) => n + factor * writeUnits(sizeOf(item)), 0);
}

/** Read units of one Query or Scan call that read `items`. */
export function queryReadUnits(items: readonly Item[], opts: { consistent: boolean }): number {
  return readUnits(
    items.reduce((n, item) => n + itemSize(item), 0),
    opts.consistent,
  );
}

const keyOf = (key: Item) => `${String(key.PK)}\u0000${String(key.SK)}`;

/** Items a request read (by key or strongly consistent) or wrote, so a later update, delete or check of one is sized from it. */
export class SeenItems {
  private readonly items = new Map<string, SizedItem>();

  remember(item: Item): SizedItem {
    const sized = sizeOf(item);
    this.items.set(keyOf(item), sized);
    return sized;
  }

  set(key: Item, sized: SizedItem): void {
    this.items.set(keyOf(key), sized);
  }

  get(key: Item): SizedItem | undefined {
    return this.items.get(keyOf(key));
  }

  forget(key: Item): void {
    this.items.delete(keyOf(key));
  }
}

const record = (v: unknown): Item | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Item) : undefined);
const list = (v: unknown): Item[] => (Array.isArray(v) ? (v as Item[]) : []);
const projected = (input: Item) => input.ProjectionExpression !== undefined || input.AttributesToGet !== undefined;

/** A tally of one call under construction. */
class Tally implements RuleCapacity {
  read = 0;
  write = 0;
  estimates: string[] = [];
  estimate(why: string): void {
    this.estimates.push(why);
  }
}

/** Size of the values an update sets: what it may add to the item (a replaced value is counted in full: an upper bound). */
function setValuesSize(input: Item): number {
  return Object.values(record(input.ExpressionAttributeValues) ?? {}).reduce((n: number, v) => n + valueSize(v), 0);
}

/** Write units of a Put (replacing a known item costs the larger); remembers the new item. */
function putUnits(item: Item, seen: SeenItems): number {
  const before = seen.get(item);
  const after = seen.remember(item);
  return writeUnits(before ? { size: Math.max(before.size, after.size), copies: Math.max(before.copies, after.copies) } : after);
}

/** Write units of an Update of a known item, sized from it plus what it sets; undefined for an unknown item. */
function knownUpdateUnits(key: Item, input: Item, seen: SeenItems): number | undefined {
  const before = seen.get(key);
  if (!before) return undefined;
  const after = { size: before.size + setValuesSize(input), copies: before.copies };
  seen.set(key, after);
  return writeUnits(after);
}

function readsOf(operation: string, input: Item, output: Item, reported: number, seen: SeenItems, t: Tally): void {
  const consistent = input.ConsistentRead === true;
  if (operation === 'GetItem') {
    const item = record(output.Item);
    if (item && !projected(input)) seen.remember(item);
    const units = readUnits(item ? itemSize(item) : 0, consistent);
    if (item && projected(input) && reported > units) {
      t.estimate('GetItem with a projection: as DynamoDB reported');
      t.read += reported;
    } else t.read += units;
  } else if (operation === 'BatchGetItem') {
    const responses = record(output.Responses) ?? {};
    const unprocessed = record(output.UnprocessedKeys) ?? {};
    let units = 0;
    let partial = false;
    for (const [table, request] of Object.entries(record(input.RequestItems) ?? {})) {
      const r = record(request) ?? {};
      const found = list(responses[table]);
      const missing = list(r.Keys).length - found.length - list(record(unprocessed[table])?.Keys).length;
      const each = r.ConsistentRead === true;
      partial ||= projected(r);
      for (const item of found) {
        if (!projected(r)) seen.remember(item);
        units += readUnits(itemSize(item), each);
      }
      units += Math.max(0, missing) * readUnits(0, each);
    }
    if (partial && reported > units) {
      t.estimate('BatchGetItem with a projection: as DynamoDB reported');
      t.read += reported;
    } else t.read += units;
  } else if (operation === 'Query' || operation === 'Scan') {
    const items = list(output.Items);
    // A strongly consistent read is how a request reads what it is about to rewrite (a series' parts and pages).
    if (consistent && !projected(input)) for (const item of items) seen.remember(item);
    const units = queryReadUnits(items, { consistent });
    const partial = projected(input) || input.Select === 'COUNT' || Number(output.ScannedCount ?? 0) > items.length;
    if (partial && reported > units) {
      t.estimate(`${operation} with a projection, a filter or COUNT: as DynamoDB reported`);
      t.read += reported;
    } else t.read += units;
  } else if (operation === 'TransactGetItems') {
    const responses = list(output.Responses);
    list(input.TransactItems).forEach((_, i) => {
      const item = record(responses[i]?.Item);
      if (item) seen.remember(item);
      t.read += TRANSACTION_FACTOR * readUnits(item ? itemSize(item) : 0, true);
    });
  }
}

/** Units of one action of TransactWriteItems (standard units: the caller doubles them). */
function transactActionUnits(action: Item, seen: SeenItems, t: Tally): number {
  const put = record(action.Put);
  if (put) return putUnits(record(put.Item) ?? {}, seen);
  const update = record(action.Update);
  if (update) {
    const units = knownUpdateUnits(record(update.Key) ?? {}, update, seen);
    if (units !== undefined) {
      t.estimate('transactional Update: sized from the item read earlier in the request, plus the values it sets');
      return units;
    }
    t.estimate('transactional Update of an item not read by the request: 1 KB, no index copy');
    return 1;
  }
  const del = record(action.Delete);
  if (del) {
    const key = record(del.Key) ?? {};
    const before = seen.get(key);
    seen.forget(key);
    if (before) return writeUnits(before);
    t.estimate('transactional Delete of an item not read by the request: 1 KB, no index copy');
    return 1;
  }
  const check = record(action.ConditionCheck);
  if (check) {
    // A condition check writes nothing: the checked item's size once, no index copy.
    const before = seen.get(record(check.Key) ?? {});
    if (before) return writeUnits({ size: before.size, copies: 0 });
    t.estimate('ConditionCheck of an item not read by the request: 1 KB');
    return 1;
  }
  return 0;
}

function writesOf(operation: string, input: Item, output: Item, reported: number, seen: SeenItems, t: Tally): void {
  if (operation === 'PutItem') t.write += putUnits(record(input.Item) ?? {}, seen);
  else if (operation === 'UpdateItem') {
    const key = record(input.Key) ?? {};
    const returned = input.ReturnValues === 'ALL_NEW' ? record(output.Attributes) : undefined;
    const before = seen.get(key);
    if (returned) {
      const after = seen.remember(returned);
      t.write += writeUnits(before ? { size: Math.max(before.size, after.size), copies: Math.max(before.copies, after.copies) } : after);
    } else {
      const units = knownUpdateUnits(key, input, seen);
      if (units !== undefined) {
        t.estimate('UpdateItem: sized from the item read earlier in the request, plus the values it sets');
        t.write += units;
      } else {
        t.estimate('UpdateItem of an item not read by the request: as DynamoDB reported');
        t.write += reported;
      }
    }
  } else if (operation === 'DeleteItem') {
    const key = record(input.Key) ?? {};
    const old = input.ReturnValues === 'ALL_OLD' ? record(output.Attributes) : undefined;
    const before = old ? sizeOf(old) : seen.get(key);
    seen.forget(key);
    if (before) t.write += writeUnits(before);
    else {
      t.estimate('DeleteItem of an item not read by the request: 1 KB');
      t.write += 1;
    }
  } else if (operation === 'BatchWriteItem') {
    const unprocessed = record(output.UnprocessedItems) ?? {};
    for (const [table, requests] of Object.entries(record(input.RequestItems) ?? {})) {
      const left = new Set(
        list(unprocessed[table]).map((r) => keyOf(record(record(r.PutRequest)?.Item) ?? record(record(r.DeleteRequest)?.Key) ?? {})),
      );
      for (const request of list(requests)) {
        const item = record(record(request.PutRequest)?.Item);
        const key = item ?? record(record(request.DeleteRequest)?.Key) ?? {};
        if (left.has(keyOf(key))) continue;
        if (item) t.write += putUnits(item, seen);
        else {
          const before = seen.get(key);
          seen.forget(key);
          if (before) t.write += writeUnits(before);
          else {
            t.estimate('BatchWriteItem delete of an item not read by the request: 1 KB');
            t.write += 1;
          }
        }
      }
    }
  } else if (operation === 'TransactWriteItems') {
    for (const action of list(input.TransactItems)) t.write += TRANSACTION_FACTOR * transactActionUnits(action, seen, t);
  }
}

/**
 * The capacity one successful call consumed by the published rules, from its input and output; `reported` is what
 * DynamoDB said it consumed (the fallback where the items do not tell), `seen` the items the request has read by key.
 */
export function capacityByRule(operation: string, input: Item, output: Item, reported: number, seen: SeenItems): RuleCapacity {
  const t = new Tally();
  readsOf(operation, input, output, reported, seen, t);
  writesOf(operation, input, output, reported, seen, t);
  return t;
}

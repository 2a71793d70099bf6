import { z } from 'zod';
import { badUserInput } from '../../platform/errors';
import { checkMetricName } from '../../platform/names';
import { defaultDirection, type Direction } from '../metrics/metric-rules';
import type { CatalogEntry, ConfigValue } from './catalog-entry';
import { checkConfigPath, type SummaryStatName } from './job-filter';
import { statOf } from './metric-summary';
import { configAt, type ConfigStore } from './config-store';

type Maybe<T> = T | null | undefined;

/** A JobOrder as GraphQL gives it. */
export interface JobOrderInput {
  field: 'CREATED' | 'NAME' | 'FINISHED' | 'METRIC' | 'CONFIG';
  metric?: Maybe<string>;
  stat?: Maybe<SummaryStatName>;
  path?: Maybe<string>;
  direction?: Maybe<Direction>;
}

/** A sort value: jobs without one sort last whatever the direction; numbers sort before strings. */
export type SortValue = number | string | null;

/** Where a job stands in an order: its sort values, then creation time and id (the tie-breakers). */
export interface SortPosition {
  k: SortValue[];
  c: number;
  i: string;
}

export const sortPosition: z.ZodType<SortPosition> = z.strictObject({
  k: z.array(z.union([z.number(), z.string().max(2000), z.null()])).max(10),
  c: z.number(),
  i: z.string().max(100),
});

const MAX_ORDER_KEYS = 10;

interface OrderKey {
  value: (e: CatalogEntry) => SortValue;
  desc: boolean;
}

function configSortValue(v: ConfigValue | undefined): SortValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  return JSON.stringify(v);
}

function compareValues(a: SortValue, b: SortValue, desc: boolean): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  let c: number;
  if (typeof a !== typeof b) c = typeof a === 'number' ? -1 : 1;
  else c = a < b ? -1 : a > b ? 1 : 0;
  return desc ? -c : c;
}

/** A checked order: its keys, then newest first, then id. */
export class JobOrdering {
  private constructor(private readonly keys: readonly OrderKey[]) {}

  /** Checks `orderBy` (BAD_USER_INPUT naming the field); newest first when none is given. */
  static of(orderBy: Maybe<readonly JobOrderInput[]>, store: ConfigStore): JobOrdering {
    const list = orderBy ?? [];
    if (list.length > MAX_ORDER_KEYS) throw badUserInput(`orderBy: at most ${MAX_ORDER_KEYS} keys`, 'orderBy');
    return new JobOrdering(list.map((o, i) => orderKey(o, `orderBy[${i}]`, store)));
  }

  /** A job's position in this order. */
  position(e: CatalogEntry): SortPosition {
    return { k: this.keys.map((key) => key.value(e)), c: e.createdMs, i: e.id };
  }

  compare(a: SortPosition, b: SortPosition): number {
    for (let i = 0; i < this.keys.length; i++) {
      const c = compareValues(a.k[i], b.k[i], this.keys[i].desc);
      if (c !== 0) return c;
    }
    if (a.c !== b.c) return b.c - a.c;
    return a.i < b.i ? -1 : a.i > b.i ? 1 : 0;
  }

  /**
   * The first `count` jobs of `jobs` in this order after position `after` (all when null), each with its position:
   * one pass keeping the best `count` so far (a page of 51 out of thousands costs no full sort).
   */
  firstAfter(jobs: readonly CatalogEntry[], after: SortPosition | null, count: number): Array<{ e: CatalogEntry; p: SortPosition }> {
    const top: Array<{ e: CatalogEntry; p: SortPosition }> = [];
    for (const e of jobs) {
      const p = this.position(e);
      if (after && this.compare(p, after) <= 0) continue;
      if (top.length === count && this.compare(p, top[count - 1].p) >= 0) continue;
      let lo = 0;
      let hi = top.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.compare(top[mid].p, p) <= 0) lo = mid + 1;
        else hi = mid;
      }
      top.splice(lo, 0, { e, p });
      if (top.length > count) top.pop();
    }
    return top;
  }

  /** Whether a cursor's position was made by an order of this shape. */
  fits(p: SortPosition): boolean {
    return p.k.length === this.keys.length;
  }
}

function orderKey(o: JobOrderInput, field: string, store: ConfigStore): OrderKey {
  const extra = (name: 'metric' | 'stat' | 'path', allowed: boolean) => {
    if (!allowed && o[name] !== null && o[name] !== undefined)
      throw badUserInput(`${field}.${name}: does not apply to ${o.field}`, `${field}.${name}`);
  };
  extra('metric', o.field === 'METRIC');
  extra('stat', o.field === 'METRIC');
  extra('path', o.field === 'CONFIG');
  const desc = (fallback: Direction) => (o.direction ?? fallback) === 'DESC';
  switch (o.field) {
    case 'CREATED':
      return { value: (e) => e.createdMs, desc: desc('DESC') };
    case 'NAME':
      return { value: (e) => e.nameLower, desc: desc('ASC') };
    case 'FINISHED':
      return { value: (e) => e.finishedAt, desc: desc('DESC') };
    case 'METRIC': {
      if (!o.metric) throw badUserInput(`${field}.metric: METRIC needs the metric's name`, `${field}.metric`);
      const metric = checkMetricName(o.metric, `${field}.metric`);
      const stat = o.stat ?? 'BEST';
      return {
        value: (e) => {
          const s = e.summaries.get(metric);
          return s ? statOf(s, stat) : null;
        },
        desc: desc(defaultDirection(metric)),
      };
    }
    case 'CONFIG': {
      if (!o.path) throw badUserInput(`${field}.path: CONFIG needs a config path`, `${field}.path`);
      const id = store.idOf(checkConfigPath(o.path, `${field}.path`));
      return { value: (e) => configSortValue(id < 0 ? undefined : configAt(e.config, id)), desc: desc('ASC') };
    }
    default:
      throw badUserInput(`${field}.field: unknown field ${String(o.field)}`, `${field}.field`);
  }
}

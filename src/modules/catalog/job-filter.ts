import { badUserInput } from '../../platform/errors';
import { checkMetricName } from '../../platform/names';
import type { JobStatusValue } from '../jobs/job-model';
import { isStale, type CatalogEntry, type ConfigScalar, type ConfigValue } from './catalog-entry';
import { statOf } from './metric-summary';
import { configAt, type ConfigStore } from './config-store';

/** The comparison operators of ValueCondition and MetricCondition. */
export type CompareOp = 'EQ' | 'NE' | 'LT' | 'LTE' | 'GT' | 'GTE' | 'IN' | 'CONTAINS' | 'EXISTS';
export type SummaryStatName = 'BEST' | 'LAST' | 'MIN' | 'MAX';

type Maybe<T> = T | null | undefined;

/** A JobFilter as GraphQL (or the text syntax's parser) gives it. */
export interface JobFilterInput {
  status?: Maybe<readonly JobStatusValue[]>;
  name?: Maybe<{ equals?: Maybe<string>; prefix?: Maybe<string>; contains?: Maybe<string> }>;
  tags?: Maybe<readonly { key: string; equals?: Maybe<string>; exists?: Maybe<boolean> }[]>;
  config?: Maybe<readonly { path: string; op: CompareOp; value?: unknown }[]>;
  metric?: Maybe<readonly { name: string; stat?: Maybe<SummaryStatName>; op: CompareOp; value: number }[]>;
  createdAfter?: Maybe<string>;
  createdBefore?: Maybe<string>;
  createdBy?: Maybe<string>;
  stale?: Maybe<boolean>;
  anyOf?: Maybe<readonly JobFilterInput[]>;
}

/** When a filter is evaluated: the clock and the staleness limit. */
export interface FilterTime {
  nowMs: number;
  staleAfterMs: number;
}

export type JobPredicate = (entry: CatalogEntry, at: FilterTime) => boolean;

/** Bounds on a filter's size: a filter is user input, evaluated against every job. */
export const MAX_FILTER_DEPTH = 32;
export const MAX_FILTER_CONDITIONS = 1000;
const MAX_PATH_LENGTH = 500;
const MAX_IN_VALUES = 1000;

/** A dotted config path's problem, or null: non-empty segments, at most 500 characters. */
export function configPathProblem(path: string): string | null {
  if (path.length === 0 || path.length > MAX_PATH_LENGTH) return `must be 1..${MAX_PATH_LENGTH} characters`;
  if (path.split('.').some((s) => s.length === 0)) return 'must be dot-separated keys, none empty (e.g. optimizer.lr)';
  return null;
}

/** A ValueCondition's or a grouping key's config path, checked; BAD_USER_INPUT naming `field` otherwise. */
export function checkConfigPath(path: string, field: string): string {
  const problem = configPathProblem(path);
  if (problem) throw badUserInput(`${field}: the path ${JSON.stringify(path)} ${problem}`, field);
  return path;
}

function isScalar(v: unknown): v is ConfigScalar {
  return v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean';
}

/** A stored value as a number when it is one, or a string holding one (MLflow-style params are strings). */
function asNumber(v: ConfigValue | undefined): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/** Whether a stored value equals a condition's: numbers as numbers (a numeric string counts), the rest exactly. */
function scalarEquals(stored: ConfigValue | undefined, wanted: ConfigScalar): boolean {
  if (stored === undefined || Array.isArray(stored)) return false;
  if (typeof wanted === 'number') return asNumber(stored) === wanted;
  return stored === wanted;
}

/** Orders a stored value against a condition's: numbers as numbers, strings as strings; null when they do not compare. */
function compareScalar(stored: ConfigValue | undefined, wanted: number | string): number | null {
  if (typeof wanted === 'number') {
    const n = asNumber(stored);
    return n === null ? null : n - wanted;
  }
  return typeof stored === 'string' ? (stored < wanted ? -1 : stored > wanted ? 1 : 0) : null;
}

function ordered(op: CompareOp, diff: number | null): boolean {
  if (diff === null) return false;
  switch (op) {
    case 'LT':
      return diff < 0;
    case 'LTE':
      return diff <= 0;
    case 'GT':
      return diff > 0;
    case 'GTE':
      return diff >= 0;
    default:
      return false;
  }
}

/** An instant of a DateTime argument in ms (offset optional, UTC meant; digits past milliseconds ignored). */
export function instantMs(value: string): number {
  const trimmed = value.replace(/(\.\d{3})\d+/, '$1');
  return Date.parse(/(Z|[+-]\d\d:\d\d)$/.test(trimmed) ? trimmed : `${trimmed}Z`);
}

/** A compiled filter: its predicate, and the statuses a match must have when the filter says so at its top (else null). */
export interface CompiledFilter {
  predicate: JobPredicate;
  statuses: ReadonlySet<JobStatusValue> | null;
}

/**
 * Compiles JobFilter inputs into one predicate, checking every condition first (BAD_USER_INPUT naming the field).
 * Config paths resolve through the catalog's `store` once, here; each job's value is then a lookup by id.
 */
export class FilterCompiler {
  private conditions = 0;
  private statuses: Set<JobStatusValue> | null = null;

  constructor(private readonly store: ConfigStore) {}

  /** AND of the given filters (null ones skipped); a predicate true for every job when none is given. */
  compileAll(filters: ReadonlyArray<{ filter: Maybe<JobFilterInput>; field: string }>): CompiledFilter {
    const parts = filters.flatMap(({ filter, field }) => (filter ? [this.compile(filter, field, 0)] : []));
    const predicate: JobPredicate =
      parts.length === 0
        ? () => true
        : parts.length === 1
          ? parts[0]
          : (e, at) => {
              for (const p of parts) if (!p(e, at)) return false;
              return true;
            };
    return { predicate, statuses: this.statuses };
  }

  private count(field: string, n = 1): void {
    this.conditions += n;
    if (this.conditions > MAX_FILTER_CONDITIONS)
      throw badUserInput(`${field}: the filter has more than ${MAX_FILTER_CONDITIONS} conditions`, field);
  }

  private compile(filter: JobFilterInput, field: string, depth: number): JobPredicate {
    if (depth > MAX_FILTER_DEPTH) throw badUserInput(`${field}: filters nest deeper than ${MAX_FILTER_DEPTH} levels`, field);
    const parts: JobPredicate[] = [];
    if (filter.status) {
      this.count(field);
      const wanted = new Set(filter.status);
      parts.push((e) => wanted.has(e.status));
      // A status every match must have (ANDed at the top): the search looks at those statuses' jobs alone.
      if (depth === 0) this.statuses = this.statuses ? new Set([...this.statuses].filter((st) => wanted.has(st))) : wanted;
    }
    if (filter.name) parts.push(this.nameMatch(filter.name, `${field}.name`));
    filter.tags?.forEach((t, i) => parts.push(this.tag(t, `${field}.tags[${i}]`)));
    filter.config?.forEach((c, i) => parts.push(this.config(c, `${field}.config[${i}]`)));
    filter.metric?.forEach((m, i) => parts.push(this.metric(m, `${field}.metric[${i}]`)));
    if (filter.createdAfter) {
      this.count(field);
      const ms = instantMs(filter.createdAfter);
      parts.push((e) => e.createdMs >= ms);
    }
    if (filter.createdBefore) {
      this.count(field);
      const ms = instantMs(filter.createdBefore);
      parts.push((e) => e.createdMs < ms);
    }
    if (filter.createdBy !== null && filter.createdBy !== undefined) {
      this.count(field);
      const who = filter.createdBy;
      parts.push((e) => e.createdBy === who);
    }
    if (filter.stale !== null && filter.stale !== undefined) {
      this.count(field);
      const stale = filter.stale;
      parts.push((e, at) => isStale(e, at.nowMs, at.staleAfterMs) === stale);
    }
    if (filter.anyOf) {
      if (filter.anyOf.length === 0) throw badUserInput(`${field}.anyOf: give at least one filter`, `${field}.anyOf`);
      const branches = filter.anyOf.map((f, i) => this.compile(f, `${field}.anyOf[${i}]`, depth + 1));
      parts.push((e, at) => {
        for (const b of branches) if (b(e, at)) return true;
        return false;
      });
    }
    if (parts.length === 1) return parts[0];
    return (e, at) => {
      for (const p of parts) if (!p(e, at)) return false;
      return true;
    };
  }

  private nameMatch(match: NonNullable<JobFilterInput['name']>, field: string): JobPredicate {
    this.count(field);
    const given = (['equals', 'prefix', 'contains'] as const).filter((k) => match[k] !== null && match[k] !== undefined);
    if (given.length !== 1) throw badUserInput(`${field}: give exactly one of equals, prefix or contains`, field);
    const kind = given[0];
    const text = (match[kind] as string).toLowerCase();
    if (kind === 'equals') return (e) => e.nameLower === text;
    if (kind === 'prefix') return (e) => e.nameLower.startsWith(text);
    return (e) => e.nameLower.includes(text);
  }

  private tag(t: NonNullable<JobFilterInput['tags']>[number], field: string): JobPredicate {
    this.count(field);
    if (!t.key) throw badUserInput(`${field}.key: give the tag's key`, `${field}.key`);
    const hasEquals = t.equals !== null && t.equals !== undefined;
    const hasExists = t.exists !== null && t.exists !== undefined;
    if (hasEquals === hasExists) throw badUserInput(`${field}: give exactly one of equals or exists`, field);
    const key = t.key;
    if (hasEquals) {
      const value = t.equals as string;
      return (e) => e.tags[key] === value;
    }
    const exists = t.exists as boolean;
    return (e) => Object.hasOwn(e.tags, key) === exists;
  }

  private config(c: NonNullable<JobFilterInput['config']>[number], field: string): JobPredicate {
    this.count(field);
    const path = checkConfigPath(c.path, `${field}.path`);
    const value = c.value;
    const bad = (why: string) => badUserInput(`${field}.value: ${why}`, `${field}.value`);
    const id = this.store.idOf(path);
    const get = (e: CatalogEntry): ConfigValue | undefined => (id < 0 ? undefined : configAt(e.config, id));
    switch (c.op) {
      case 'EXISTS':
        if (value !== null && value !== undefined) throw bad('EXISTS takes no value');
        return (e) => get(e) !== undefined;
      case 'EQ':
      case 'NE': {
        if (!isScalar(value)) throw bad(`${c.op} takes a string, number, boolean or null`);
        if (c.op === 'EQ') return (e) => scalarEquals(get(e), value);
        return (e) => {
          const stored = get(e);
          return stored !== undefined && !scalarEquals(stored, value);
        };
      }
      case 'LT':
      case 'LTE':
      case 'GT':
      case 'GTE': {
        if (typeof value !== 'number' && typeof value !== 'string') throw bad(`${c.op} takes a number or a string`);
        if (typeof value === 'number' && !Number.isFinite(value)) throw bad('must be a finite number');
        const op = c.op;
        return (e) => ordered(op, compareScalar(get(e), value));
      }
      case 'IN': {
        if (!Array.isArray(value) || value.length === 0 || value.length > MAX_IN_VALUES || !value.every(isScalar))
          throw bad(`IN takes a list of 1..${MAX_IN_VALUES} strings, numbers, booleans or nulls`);
        const list = value as ConfigScalar[];
        return (e) => {
          const stored = get(e);
          return list.some((v) => scalarEquals(stored, v));
        };
      }
      case 'CONTAINS': {
        if (!isScalar(value) || value === null) throw bad('CONTAINS takes a string, number or boolean');
        const text = typeof value === 'string' ? value.toLowerCase() : null;
        return (e) => {
          const stored = get(e);
          if (Array.isArray(stored)) return stored.some((v) => scalarEquals(v, value));
          return text !== null && typeof stored === 'string' && stored.toLowerCase().includes(text);
        };
      }
      default:
        throw badUserInput(`${field}.op: unknown operator ${String(c.op)}`, `${field}.op`);
    }
  }

  private metric(m: NonNullable<JobFilterInput['metric']>[number], field: string): JobPredicate {
    this.count(field);
    const name = checkMetricName(m.name, `${field}.name`);
    const stat = m.stat ?? 'BEST';
    const value = m.value;
    if (!Number.isFinite(value)) throw badUserInput(`${field}.value: must be a finite number`, `${field}.value`);
    const read = (e: CatalogEntry): number | null => {
      const s = e.summaries.get(name);
      return s ? statOf(s, stat) : null;
    };
    switch (m.op) {
      case 'EQ':
        return (e) => read(e) === value;
      case 'NE':
        return (e) => {
          const v = read(e);
          return v !== null && v !== value;
        };
      case 'LT':
      case 'LTE':
      case 'GT':
      case 'GTE': {
        const op = m.op;
        return (e) => {
          const v = read(e);
          return v !== null && ordered(op, v - value);
        };
      }
      default:
        throw badUserInput(`${field}.op: a metric takes EQ, NE, LT, LTE, GT or GTE, not ${m.op}`, `${field}.op`);
    }
  }
}

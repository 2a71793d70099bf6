/**
 * The search box's text syntax (MLflow-like) turned into a JobFilter input, e.g.
 *
 *   config.learning_rate < 1e-4 and metrics.val_f1.best > 0.85 and tags.dataset = "receipts" and status in (SUCCEEDED, RUNNING)
 *
 * Grammar (keywords and column kinds are case-insensitive; `and` binds tighter than `or`):
 *
 *   query      := ws* | or EOF                    (empty or blank: no filter, null)
 *   or         := and ("or" and)*
 *   and        := primary ("and" primary)*
 *   primary    := "(" or ")" | condition            ("not" before a condition: an error, JobFilter has no negation)
 *   condition  := column ("=" | "==" | "!=" | "<>" | "<" | "<=" | ">" | ">=") value
 *               | column ["not"] "in" "(" value ("," value)* ")"
 *               | column ("contains" | "like" | "startswith") value
 *               | column ["not"] "exists"
 *   column     := ("config" | "params" | "param") "." path        -> config: ValueCondition (path dotted)
 *               | ("metrics" | "metric") "." name ["." stat]      -> metric: MetricCondition (stat best|last|min|max, best by default)
 *               | ("tags" | "tag") "." key                        -> tags: TagCondition
 *               | "status" | "name" | "created" | "created_by" | "createdBy" | "stale"
 *   path, name, key := segment ("." segment)*; segment := [A-Za-z0-9_-/:]+ | `anything but a backquote`
 *   value      := number | string | "true" | "false" | "null" | identifier (status values only)
 *   number     := ["-"] (digits ["." digits*] | "." digits) [("e"|"E") ["+"|"-"] digits]
 *   string     := '"' ... '"' | "'" ... "'"      (escapes \" \' \\ \n \t \r)
 *
 * What each column takes:
 *   config.<path>   = != < <= > >= in contains exists            (value: any JSON scalar; a list for in)
 *   metrics.<name>  = != < <= > >=                               (value: a number)
 *   tags.<key>      = "v", exists, not exists
 *   status          = X, != X, in (X, ...), not in (X, ...)       (!= and not in: every other status)
 *   name            = "x" (equals), startswith "x" (prefix), contains "x", like "x%" (prefix) / "%x%" (contains) / "x" (equals)
 *   created         > or >= "date" -> createdAfter; < or <= -> createdBefore (YYYY-MM-DD means its midnight UTC)
 *   created_by      = "user"
 *   stale           = true|false, != true|false
 *
 * `and` merges conditions into one filter (lists concatenated); where a field would be given twice (two name matches,
 * two or-groups), the second goes into a one-element `anyOf`, or is distributed into the branches of an existing
 * `anyOf`. `or` gives `anyOf: [...]`, nested or-groups flattened.
 */

import { isIsoDateTime } from '../../platform/time';
import { JOB_STATUSES, type JobStatusValue } from '../jobs/job-model';
import type { CompareOp, SummaryStatName } from './job-filter';

export const MAX_QUERY_LENGTH = 2000;
export const MAX_QUERY_DEPTH = 32;
/** The most conditions a query may expand to when its and/or groups are multiplied out. */
export const MAX_QUERY_CONDITIONS = 500;

type JobStatus = JobStatusValue;
type SummaryStat = SummaryStatName;
export type ScalarValue = string | number | boolean | null;

export interface StringMatchInput {
  equals?: string;
  prefix?: string;
  contains?: string;
}
export interface TagConditionInput {
  key: string;
  equals?: string;
  exists?: boolean;
}
export interface ValueConditionInput {
  path: string;
  op: CompareOp;
  value?: ScalarValue | ScalarValue[];
}
export interface MetricConditionInput {
  name: string;
  stat: SummaryStat;
  op: CompareOp;
  value: number;
}
export interface JobFilterInput {
  status?: JobStatus[];
  name?: StringMatchInput;
  tags?: TagConditionInput[];
  config?: ValueConditionInput[];
  metric?: MetricConditionInput[];
  createdAfter?: string;
  createdBefore?: string;
  createdBy?: string;
  stale?: boolean;
  anyOf?: JobFilterInput[];
}

/** A query the parser refuses: `column` is the 1-based position of the offending token (length + 1 at the end). */
export class QueryError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(`${message} at column ${column}`);
    this.name = 'QueryError';
  }
}

// ---- tokens ----

type TokenKind = 'word' | 'string' | 'number' | 'op' | '(' | ')' | ',' | 'end';
interface Token {
  kind: TokenKind;
  text: string; // the source text (for strings: the decoded value)
  start: number; // 0-based offset
  number?: number;
  segments?: string[]; // a word's dot-separated parts, backquotes removed
}

const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_\-/:]/;
const NUMBER = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const OPERATORS = ['!=', '<>', '<=', '>=', '==', '=', '<', '>'];
const ESCAPES: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', n: '\n', t: '\t', r: '\r' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, text: c, start });
      i++;
    } else if (c === '"' || c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new QueryError(`unterminated string (no closing ${c})`, start + 1);
        const d = text[i];
        if (d === c) break;
        if (d === '\\') {
          const e = text[i + 1];
          if (e === undefined) throw new QueryError(`unterminated string (no closing ${c})`, start + 1);
          const decoded = ESCAPES[e];
          if (decoded === undefined) throw new QueryError(`unknown escape \\${e} in a string`, i + 1);
          value += decoded;
          i += 2;
        } else {
          value += d;
          i++;
        }
      }
      i++;
      tokens.push({ kind: 'string', text: value, start });
    } else if (/[0-9.]/.test(c) || (c === '-' && /[0-9.]/.test(text[i + 1] ?? ''))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) throw new QueryError(`unexpected "${c}"`, start + 1);
      const value = Number(m[0]);
      if (!Number.isFinite(value)) throw new QueryError(`number ${m[0]} is out of range`, start + 1);
      i += m[0].length;
      if (i < text.length && (WORD_PART.test(text[i]) || text[i] === '.')) {
        throw new QueryError(`unexpected "${text[i]}" after the number ${m[0]}`, i + 1);
      }
      tokens.push({ kind: 'number', text: m[0], start, number: value });
    } else if (WORD_START.test(c)) {
      const segments: string[] = [];
      for (;;) {
        const from = i;
        if (text[i] === '`' && segments.length > 0) {
          const close = text.indexOf('`', i + 1);
          if (close < 0) throw new QueryError('unterminated name (no closing `)', i + 1);
          segments.push(text.slice(i + 1, close));
          i = close + 1;
        } else {
          while (i < text.length && WORD_PART.test(text[i])) i++;
          segments.push(text.slice(from, i));
        }
        if (text[i] !== '.') break;
        i++;
      }
      tokens.push({ kind: 'word', text: text.slice(start, i), start, segments });
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (!op) throw new QueryError(`unexpected character "${c}"`, start + 1);
      tokens.push({ kind: 'op', text: op, start });
      i += op.length;
    }
  }
  tokens.push({ kind: 'end', text: '', start: text.length });
  return tokens;
}

// ---- columns ----

type Column =
  | { kind: 'config'; path: string }
  | { kind: 'metric'; name: string; stat: SummaryStat }
  | { kind: 'tag'; key: string }
  | { kind: 'status' | 'name' | 'created' | 'createdBy' | 'stale' };

const STATS: Record<string, SummaryStat> = { best: 'BEST', last: 'LAST', min: 'MIN', max: 'MAX' };
const PLAIN_COLUMNS: Record<string, Column['kind']> = {
  status: 'status',
  name: 'name',
  created: 'created',
  created_by: 'createdBy',
  createdby: 'createdBy',
  stale: 'stale',
};
const KNOWN_COLUMNS = 'config.<path>, metrics.<name>[.best|.last|.min|.max], tags.<key>, status, name, created, created_by, stale';

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the query';
    case 'string':
      return `the string ${JSON.stringify(token.text)}`;
    default:
      return `"${token.text}"`;
  }
}

// ---- conditions to filters ----

const COMPARE_OPS: Record<string, CompareOp> = {
  '=': 'EQ',
  '==': 'EQ',
  '!=': 'NE',
  '<>': 'NE',
  '<': 'LT',
  '<=': 'LTE',
  '>': 'GT',
  '>=': 'GTE',
};

type Operator =
  | { kind: 'compare'; op: CompareOp; token: Token }
  | { kind: 'in' | 'notIn' | 'contains' | 'like' | 'startswith' | 'exists' | 'notExists'; token: Token };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

class Parser {
  private pos = 0;
  private depth = 0;
  private merges = 0;
  private readonly sizes = new WeakMap<JobFilterInput, number>();

  constructor(private readonly tokens: Token[]) {}

  parse(): JobFilterInput {
    const filter = this.or();
    const next = this.peek();
    if (next.kind !== 'end') {
      throw this.error(next.kind === ')' ? 'unmatched ")"' : `expected "and", "or" or the end of the query, found ${describe(next)}`, next);
    }
    if (this.count(filter) > MAX_QUERY_CONDITIONS) {
      throw new QueryError(`the query expands to more than ${MAX_QUERY_CONDITIONS} conditions`, 1);
    }
    return filter;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }
  private next(): Token {
    const token = this.tokens[this.pos];
    if (token.kind !== 'end') this.pos++;
    return token;
  }
  private isWord(token: Token, word: string): boolean {
    return token.kind === 'word' && token.text.toLowerCase() === word;
  }
  private error(message: string, token: Token): QueryError {
    return new QueryError(message, token.start + 1);
  }

  private or(): JobFilterInput {
    const branches = [this.and()];
    while (this.isWord(this.peek(), 'or')) {
      this.next();
      branches.push(this.and());
    }
    return branches.length === 1 ? branches[0] : orFilters(branches);
  }

  /**
   * The and-ed filters in layers: each goes into the first layer that does not give its fields yet, what clashes on to
   * the next; then each layer holds the ones after it (attach). A run of n clashing conditions costs n, not n².
   */
  private and(): JobFilterInput {
    const layers = [this.primary()];
    while (this.isWord(this.peek(), 'and')) {
      this.next();
      let pending: JobFilterInput | null = this.primary();
      for (let i = 0; pending && i < layers.length; i++) {
        const { merged, rest } = split(layers[i], pending);
        layers[i] = merged;
        pending = rest;
      }
      if (pending) layers.push(pending);
    }
    let filter = layers.pop()!;
    while (layers.length > 0) filter = this.attach(layers.pop()!, filter);
    return filter;
  }

  private primary(): JobFilterInput {
    const token = this.peek();
    if (token.kind === '(') {
      if (this.depth >= MAX_QUERY_DEPTH) throw this.error(`parentheses nest deeper than ${MAX_QUERY_DEPTH}`, token);
      this.next();
      this.depth++;
      const inner = this.or();
      this.depth--;
      const close = this.next();
      if (close.kind !== ')')
        throw this.error(`expected ")" to close the "(" at column ${token.start + 1}, found ${describe(close)}`, close);
      return inner;
    }
    if (this.isWord(token, 'not')) {
      throw this.error('"not" before a condition is not supported (a job filter has no negation): use !=, "not in" or "not exists"', token);
    }
    return this.condition();
  }

  private condition(): JobFilterInput {
    const columnToken = this.next();
    if (columnToken.kind !== 'word') throw this.error(`expected a column (${KNOWN_COLUMNS}), found ${describe(columnToken)}`, columnToken);
    const column = this.column(columnToken);
    const operator = this.operator(columnToken);
    return this.build(column, columnToken, operator);
  }

  private column(token: Token): Column {
    const [head, ...rest] = token.segments!;
    const kind = head.toLowerCase();
    if (rest.length === 0 && PLAIN_COLUMNS[kind]) return { kind: PLAIN_COLUMNS[kind] } as Column;
    if (rest.length === 1 && rest[0] === '' && token.text.endsWith('.')) rest.pop(); // "config." reads as "config"
    if (rest.some((segment) => segment === '')) throw this.error(`empty path segment in "${token.text}"`, token);
    if (kind === 'config' || kind === 'params' || kind === 'param') {
      if (rest.length === 0) throw this.error(`expected a path after "${head}." (e.g. config.optimizer.lr)`, token);
      return { kind: 'config', path: rest.join('.') };
    }
    if (kind === 'metrics' || kind === 'metric') {
      if (rest.length === 0) throw this.error(`expected a metric name after "${head}." (e.g. metrics.val_loss.best)`, token);
      if (rest.length > 2) throw this.error(`expected metrics.<name> or metrics.<name>.<best|last|min|max>, found "${token.text}"`, token);
      const stat = rest.length === 2 ? STATS[rest[1].toLowerCase()] : 'BEST';
      if (!stat) throw this.error(`unknown metric statistic "${rest[1]}" (expected best, last, min or max)`, token);
      return { kind: 'metric', name: rest[0], stat };
    }
    if (kind === 'tags' || kind === 'tag') {
      if (rest.length === 0) throw this.error(`expected a tag key after "${head}." (e.g. tags.dataset)`, token);
      return { kind: 'tag', key: rest.join('.') };
    }
    throw this.error(`unknown column "${token.text}" (expected ${KNOWN_COLUMNS})`, token);
  }

  private operator(columnToken: Token): Operator {
    const token = this.next();
    if (token.kind === 'op') return { kind: 'compare', op: COMPARE_OPS[token.text], token };
    if (token.kind === 'word') {
      const word = token.text.toLowerCase();
      if (word === 'in' || word === 'contains' || word === 'like' || word === 'startswith' || word === 'exists') {
        return { kind: word, token };
      }
      if (word === 'not') {
        const after = this.next();
        if (this.isWord(after, 'in')) return { kind: 'notIn', token };
        if (this.isWord(after, 'exists')) return { kind: 'notExists', token };
        throw this.error(`expected "in" or "exists" after "not", found ${describe(after)}`, after);
      }
    }
    throw this.error(
      `expected an operator (= != < <= > >= in contains like startswith exists) after "${columnToken.text}", found ${describe(token)}`,
      token,
    );
  }

  private value(): { value: ScalarValue; token: Token; bare: boolean } {
    const token = this.next();
    if (token.kind === 'number') return { value: token.number!, token, bare: false };
    if (token.kind === 'string') return { value: token.text, token, bare: false };
    if (token.kind === 'word') {
      const word = token.text.toLowerCase();
      if (word === 'true') return { value: true, token, bare: false };
      if (word === 'false') return { value: false, token, bare: false };
      if (word === 'null') return { value: null, token, bare: false };
      return { value: token.text, token, bare: true };
    }
    throw this.error(`expected a value (a number, a quoted string, true, false or null), found ${describe(token)}`, token);
  }

  private list(): { value: ScalarValue; token: Token; bare: boolean }[] {
    const open = this.next();
    if (open.kind !== '(') throw this.error(`expected "(" and a list of values after "in", found ${describe(open)}`, open);
    const values = [this.value()];
    for (;;) {
      const token = this.next();
      if (token.kind === ')') return values;
      if (token.kind !== ',') throw this.error(`expected "," or ")" in the list, found ${describe(token)}`, token);
      values.push(this.value());
    }
  }

  private notSupported(column: Token, operator: Operator, supported: string): QueryError {
    return this.error(`"${column.text}" does not take "${operator.token.text}" (it takes ${supported})`, operator.token);
  }

  private build(column: Column, columnToken: Token, operator: Operator): JobFilterInput {
    switch (column.kind) {
      case 'config': {
        if (operator.kind === 'exists') return { config: [{ path: column.path, op: 'EXISTS' }] };
        if (operator.kind === 'in') {
          return { config: [{ path: column.path, op: 'IN', value: this.list().map((v) => this.literal(v)) }] };
        }
        if (operator.kind === 'compare' || operator.kind === 'contains') {
          const op = operator.kind === 'compare' ? operator.op : 'CONTAINS';
          return { config: [{ path: column.path, op, value: this.literal(this.value()) }] };
        }
        throw this.notSupported(columnToken, operator, '= != < <= > >= in contains exists');
      }
      case 'metric': {
        if (operator.kind !== 'compare') throw this.notSupported(columnToken, operator, '= != < <= > >= and a number');
        const v = this.value();
        if (typeof v.value !== 'number' || v.bare)
          throw this.error(`expected a number after "${operator.token.text}", found ${describe(v.token)}`, v.token);
        return { metric: [{ name: column.name, stat: column.stat, op: operator.op, value: v.value }] };
      }
      case 'tag': {
        if (operator.kind === 'exists') return { tags: [{ key: column.key, exists: true }] };
        if (operator.kind === 'notExists') return { tags: [{ key: column.key, exists: false }] };
        if (operator.kind === 'compare' && operator.op === 'EQ') return { tags: [{ key: column.key, equals: this.string() }] };
        throw this.notSupported(columnToken, operator, '= "value", exists, not exists');
      }
      case 'status': {
        if (operator.kind === 'compare' && (operator.op === 'EQ' || operator.op === 'NE')) {
          const status = this.status();
          return { status: operator.op === 'EQ' ? [status] : JOB_STATUSES.filter((s) => s !== status) };
        }
        if (operator.kind === 'in' || operator.kind === 'notIn') {
          const listed = new Set(this.list().map((v) => this.status(v)));
          return { status: JOB_STATUSES.filter((s) => listed.has(s) === (operator.kind === 'in')) };
        }
        throw this.notSupported(columnToken, operator, '=, !=, in, not in');
      }
      case 'name': {
        if (operator.kind === 'compare' && operator.op === 'EQ') return { name: { equals: this.string() } };
        if (operator.kind === 'startswith') return { name: { prefix: this.string() } };
        if (operator.kind === 'contains') return { name: { contains: this.string() } };
        if (operator.kind === 'like') return { name: this.like() };
        throw this.notSupported(columnToken, operator, '=, startswith, contains, like');
      }
      case 'created': {
        if (operator.kind === 'compare' && (operator.op === 'GT' || operator.op === 'GTE')) return { createdAfter: this.dateTime() };
        if (operator.kind === 'compare' && (operator.op === 'LT' || operator.op === 'LTE')) return { createdBefore: this.dateTime() };
        throw this.notSupported(columnToken, operator, '> >= < <= and a date');
      }
      case 'createdBy': {
        if (operator.kind === 'compare' && operator.op === 'EQ') return { createdBy: this.string() };
        throw this.notSupported(columnToken, operator, '= "user"');
      }
      case 'stale': {
        if (operator.kind === 'compare' && (operator.op === 'EQ' || operator.op === 'NE')) {
          const v = this.value();
          if (typeof v.value !== 'boolean') throw this.error(`expected true or false, found ${describe(v.token)}`, v.token);
          return { stale: operator.op === 'EQ' ? v.value : !v.value };
        }
        throw this.notSupported(columnToken, operator, '= true|false, != true|false');
      }
    }
  }

  /** A JSON value: bare words other than true/false/null are refused (quote strings). */
  private literal(v: { value: ScalarValue; token: Token; bare: boolean }): ScalarValue {
    if (v.bare) throw this.error(`expected a value (a number, a quoted string, true, false or null), found ${describe(v.token)}`, v.token);
    return v.value;
  }

  private string(): string {
    const token = this.next();
    if (token.kind !== 'string') throw this.error(`expected a quoted string, found ${describe(token)}`, token);
    return token.text;
  }

  private status(v = this.value()): JobStatus {
    const name = typeof v.value === 'string' ? v.value.toUpperCase() : '';
    const status = JOB_STATUSES.find((s) => s === name);
    if (!status) throw this.error(`expected a status (${JOB_STATUSES.join(', ')}), found ${describe(v.token)}`, v.token);
    return status;
  }

  private like(): StringMatchInput {
    const token = this.peek();
    const pattern = this.string();
    const starts = pattern.startsWith('%');
    const ends = pattern.endsWith('%') && pattern.length > (starts ? 1 : 0);
    const core = pattern.slice(starts ? 1 : 0, ends ? -1 : undefined);
    if (core.includes('%') || core.includes('_')) {
      throw this.error('"like" takes "x" (equals), "x%" (prefix) or "%x%" (contains); % or _ elsewhere is not supported', token);
    }
    if (starts && ends) return { contains: core };
    if (ends) return { prefix: core };
    if (starts) throw this.error('"like" does not support suffix patterns ("%x"); use "%x%" or startswith', token);
    return { equals: core };
  }

  private dateTime(): string {
    const token = this.peek();
    const value = this.string();
    const iso = ISO_DATE.test(value) ? `${value}T00:00:00Z` : value;
    if (!isIsoDateTime(iso)) {
      throw this.error(`expected a date (YYYY-MM-DD) or an ISO-8601 date-time, found ${describe(token)}`, token);
    }
    return iso;
  }

  /** Both filters must hold: fields merged; what both give goes one level down (see attach). */
  private conjoin(a: JobFilterInput, b: JobFilterInput): JobFilterInput {
    if (++this.merges > 20 * MAX_QUERY_CONDITIONS) {
      throw new QueryError(`the query expands to more than ${MAX_QUERY_CONDITIONS} conditions`, 1);
    }
    const { merged, rest } = split(a, b);
    return rest ? this.attach(merged, rest) : merged;
  }

  /** `outer` and `inner`: inner as outer's one-element anyOf, or (outer has an or-group) and-ed into each of its branches. */
  private attach(outer: JobFilterInput, inner: JobFilterInput): JobFilterInput {
    const filter =
      outer.anyOf === undefined
        ? { ...outer, anyOf: [inner] }
        : { ...outer, anyOf: outer.anyOf.map((branch) => this.conjoin(branch, inner)) };
    // Branches share `inner`: the size written out can grow much faster than the work done here.
    if (this.count(filter) > MAX_QUERY_CONDITIONS) {
      throw new QueryError(`the query expands to more than ${MAX_QUERY_CONDITIONS} conditions`, 1);
    }
    return filter;
  }

  /** How many conditions the filter has written out (memoized: shared sub-filters are counted once each time, cheaply). */
  private count(filter: JobFilterInput): number {
    const known = this.sizes.get(filter);
    if (known !== undefined) return known;
    let n = 0;
    for (const [key, value] of Object.entries(filter)) {
      if (key === 'anyOf') n += (value as JobFilterInput[]).reduce((sum, f) => sum + this.count(f), 0);
      else n += Array.isArray(value) && key !== 'status' ? value.length : 1;
    }
    this.sizes.set(filter, n);
    return n;
  }
}

/** `a` with what of `b` it can take (lists concatenated, equal values once); `rest`: b's fields that a gives otherwise. */
function split(a: JobFilterInput, b: JobFilterInput): { merged: JobFilterInput; rest: JobFilterInput | null } {
  const merged: Record<string, unknown> = { ...a };
  const rest: Record<string, unknown> = {};
  let conflicts = false;
  for (const key of Object.keys(b) as (keyof JobFilterInput)[]) {
    if (key === 'tags' || key === 'config' || key === 'metric') {
      merged[key] = [...((a[key] as unknown[] | undefined) ?? []), ...(b[key] as unknown[])];
    } else if (a[key] === undefined) {
      merged[key] = b[key];
    } else if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) {
      rest[key] = b[key];
      conflicts = true;
    }
  }
  return { merged: merged as JobFilterInput, rest: conflicts ? (rest as JobFilterInput) : null };
}

function orFilters(branches: JobFilterInput[]): JobFilterInput {
  const anyOf: JobFilterInput[] = [];
  for (const branch of branches) {
    const keys = Object.keys(branch);
    if (keys.length === 1 && branch.anyOf) anyOf.push(...branch.anyOf);
    else anyOf.push(branch);
  }
  return { anyOf };
}

/**
 * Parses a search query into a JobFilter input; null for an empty or blank query. Throws QueryError (with the 1-based
 * column of the offending token) for anything else it cannot read.
 */
export function parseSearchQuery(text: string): JobFilterInput | null {
  if (text.length > MAX_QUERY_LENGTH) {
    throw new QueryError(`the query is longer than ${MAX_QUERY_LENGTH} characters`, MAX_QUERY_LENGTH + 1);
  }
  if (text.trim() === '') return null;
  const filter = new Parser(tokenize(text)).parse();
  return structuredClone(filter);
}

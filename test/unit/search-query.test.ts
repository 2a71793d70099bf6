/** The search box's text syntax (src/modules/jobs/search-query.ts): what each query gives, and where each refusal points. */
import fc from 'fast-check';
import { MAX_QUERY_DEPTH, MAX_QUERY_LENGTH, parseSearchQuery, QueryError } from '../../src/modules/catalog/search-query';

function errorOf(text: string): QueryError {
  try {
    parseSearchQuery(text);
  } catch (e) {
    if (e instanceof QueryError) return e;
    throw e;
  }
  throw new Error(`parsed: ${text}`);
}

describe('parseSearchQuery', () => {
  it('reads the example from the issue', () => {
    expect(
      parseSearchQuery(
        'config.learning_rate < 1e-4 and metrics.val_f1.best > 0.85 and tags.dataset = "receipts" and status in (SUCCEEDED, RUNNING)',
      ),
    ).toEqual({
      config: [{ path: 'learning_rate', op: 'LT', value: 1e-4 }],
      metric: [{ name: 'val_f1', stat: 'BEST', op: 'GT', value: 0.85 }],
      tags: [{ key: 'dataset', equals: 'receipts' }],
      status: ['RUNNING', 'SUCCEEDED'],
    });
  });

  it('gives null for an empty or blank query', () => {
    expect(parseSearchQuery('')).toBeNull();
    expect(parseSearchQuery(' \t\n ')).toBeNull();
  });

  describe('config', () => {
    it.each([
      ['config.optimizer.lr = 0.1', 'EQ', 0.1],
      ['config.optimizer.lr == 0.1', 'EQ', 0.1],
      ['config.optimizer.lr != "x"', 'NE', 'x'],
      ['config.optimizer.lr <> 1', 'NE', 1],
      ['config.optimizer.lr < -3', 'LT', -3],
      ['config.optimizer.lr <= .5', 'LTE', 0.5],
      ['config.optimizer.lr > 2.5E+3', 'GT', 2500],
      ['config.optimizer.lr >= 1.', 'GTE', 1],
      ['config.optimizer.lr = true', 'EQ', true],
      ['config.optimizer.lr = FALSE', 'EQ', false],
      ['config.optimizer.lr = null', 'EQ', null],
      ['config.optimizer.lr contains "adam"', 'CONTAINS', 'adam'],
      ['config.optimizer.lr in (1, "a", null)', 'IN', [1, 'a', null]],
    ])('%s', (text, op, value) => {
      expect(parseSearchQuery(text)).toEqual({ config: [{ path: 'optimizer.lr', op, value }] });
    });

    it('exists, and params. as another name for config.', () => {
      expect(parseSearchQuery('params.batch_size exists')).toEqual({ config: [{ path: 'batch_size', op: 'EXISTS' }] });
    });

    it('refuses bare words as values, and not exists', () => {
      expect(errorOf('config.opt = adam')).toMatchObject({ column: 14 });
      expect(errorOf('config.opt not exists')).toMatchObject({ column: 12 });
    });
  });

  describe('metrics', () => {
    it.each([
      ['metrics.loss < 1', 'BEST', 'LT'],
      ['metrics.loss.best <= 1', 'BEST', 'LTE'],
      ['metrics.loss.LAST > 1', 'LAST', 'GT'],
      ['metric.loss.min >= 1', 'MIN', 'GTE'],
      ['METRICS.loss.max = 1', 'MAX', 'EQ'],
      ['metrics.loss.max != 1', 'MAX', 'NE'],
    ])('%s', (text, stat, op) => {
      expect(parseSearchQuery(text)).toEqual({ metric: [{ name: 'loss', stat, op, value: 1 }] });
    });

    it('keeps names with / - : in them', () => {
      expect(parseSearchQuery('metrics.val/loss-2:x < 1')).toEqual({
        metric: [{ name: 'val/loss-2:x', stat: 'BEST', op: 'LT', value: 1 }],
      });
    });

    it('refuses a bad statistic, extra segments, non-numbers and other operators', () => {
      expect(errorOf('metrics.loss.mean < 1').message).toBe(
        'unknown metric statistic "mean" (expected best, last, min or max) at column 1',
      );
      expect(errorOf('metrics.a.b.best < 1')).toMatchObject({ column: 1 });
      expect(errorOf('metrics.loss < "1"')).toMatchObject({ column: 16 });
      expect(errorOf('metrics.loss in (1)')).toMatchObject({ column: 14 });
      expect(errorOf('metrics < 1')).toMatchObject({ column: 1 });
    });
  });

  describe('tags', () => {
    it('=, exists, not exists', () => {
      expect(parseSearchQuery("tags.team = 'vision' and tag.x exists and tags.y NOT EXISTS")).toEqual({
        tags: [
          { key: 'team', equals: 'vision' },
          { key: 'x', exists: true },
          { key: 'y', exists: false },
        ],
      });
    });

    it('refuses != and unquoted values', () => {
      expect(errorOf('tags.team != "a"')).toMatchObject({ column: 11 });
      expect(errorOf('tags.team = a')).toMatchObject({ column: 13 });
    });
  });

  describe('status', () => {
    it('=, !=, in, not in; bare or quoted, any case', () => {
      expect(parseSearchQuery('status = running')).toEqual({ status: ['RUNNING'] });
      expect(parseSearchQuery('status = "FAILED"')).toEqual({ status: ['FAILED'] });
      expect(parseSearchQuery('status != RUNNING')).toEqual({
        status: ['PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'INTERRUPTED'],
      });
      expect(parseSearchQuery('status not in (RUNNING, pending, FAILED, CANCELLED)')).toEqual({
        status: ['SUCCEEDED', 'INTERRUPTED'],
      });
    });

    it('refuses unknown statuses and in without a list', () => {
      expect(errorOf('status in (RUNNING, DONE)').message).toBe(
        'expected a status (PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED, INTERRUPTED), found "DONE" at column 21',
      );
      expect(errorOf('status in RUNNING').message).toBe('expected "(" and a list of values after "in", found "RUNNING" at column 11');
      expect(errorOf('status in ()')).toMatchObject({ column: 12 });
      expect(errorOf('status in (RUNNING,)')).toMatchObject({ column: 20 });
      expect(errorOf('status in (RUNNING')).toMatchObject({ column: 19 });
      expect(errorOf('status < RUNNING')).toMatchObject({ column: 8 });
    });
  });

  describe('name', () => {
    it.each([
      ['name = "Run-1"', { equals: 'Run-1' }],
      ['name startswith "abc"', { prefix: 'abc' }],
      ['name contains "abc"', { contains: 'abc' }],
      ['name like "abc%"', { prefix: 'abc' }],
      ['name LIKE "%abc%"', { contains: 'abc' }],
      ['name like "abc"', { equals: 'abc' }],
    ])('%s', (text, name) => {
      expect(parseSearchQuery(text)).toEqual({ name });
    });

    it('refuses other like patterns and operators', () => {
      expect(errorOf('name like "%abc"')).toMatchObject({ column: 11 });
      expect(errorOf('name like "a%c"')).toMatchObject({ column: 11 });
      expect(errorOf('name like "a_c"')).toMatchObject({ column: 11 });
      expect(errorOf('name != "x"')).toMatchObject({ column: 6 });
    });
  });

  describe('created, created_by, stale', () => {
    it('maps created to createdAfter / createdBefore', () => {
      expect(parseSearchQuery('created > "2026-01-01" and created <= "2026-02-01T12:00:00+02:00"')).toEqual({
        createdAfter: '2026-01-01T00:00:00Z',
        createdBefore: '2026-02-01T12:00:00+02:00',
      });
      expect(errorOf('created > "yesterday"')).toMatchObject({ column: 11 });
      expect(errorOf('created = "2026-01-01"')).toMatchObject({ column: 9 });
    });

    it('created_by and createdBy', () => {
      expect(parseSearchQuery('created_by = "ana"')).toEqual({ createdBy: 'ana' });
      expect(parseSearchQuery('createdBy = "ana"')).toEqual({ createdBy: 'ana' });
    });

    it('stale', () => {
      expect(parseSearchQuery('stale = true')).toEqual({ stale: true });
      expect(parseSearchQuery('stale != true')).toEqual({ stale: false });
      expect(errorOf('stale = 1')).toMatchObject({ column: 9 });
    });
  });

  describe('and / or', () => {
    const a = 'status = RUNNING';
    const b = 'name = "b"';
    const c = 'tags.c exists';

    it('binds and tighter than or', () => {
      expect(parseSearchQuery(`${a} or ${b} and ${c}`)).toEqual({
        anyOf: [{ status: ['RUNNING'] }, { name: { equals: 'b' }, tags: [{ key: 'c', exists: true }] }],
      });
      expect(parseSearchQuery(`${a} AND ${b} Or ${c}`)).toEqual({
        anyOf: [{ status: ['RUNNING'], name: { equals: 'b' } }, { tags: [{ key: 'c', exists: true }] }],
      });
    });

    it('keeps parentheses, flattening nested or-groups', () => {
      expect(parseSearchQuery(`(${a} or ${b}) and ${c}`)).toEqual({
        anyOf: [{ status: ['RUNNING'] }, { name: { equals: 'b' } }],
        tags: [{ key: 'c', exists: true }],
      });
      expect(parseSearchQuery(`((${a}) or (${b} or ${c}))`)).toEqual({
        anyOf: [{ status: ['RUNNING'] }, { name: { equals: 'b' } }, { tags: [{ key: 'c', exists: true }] }],
      });
    });

    it('puts a field given twice one level down', () => {
      expect(parseSearchQuery('name contains "a" and name contains "b"')).toEqual({
        name: { contains: 'a' },
        anyOf: [{ name: { contains: 'b' } }],
      });
      expect(parseSearchQuery('status = RUNNING and status = RUNNING')).toEqual({ status: ['RUNNING'] });
      // the same or-group twice is given once
      expect(parseSearchQuery('(stale = true or tags.x exists) and (stale = true or tags.x exists)')).toEqual({
        anyOf: [{ stale: true }, { tags: [{ key: 'x', exists: true }] }],
      });
    });

    it('nests a long run of the same field, quickly', () => {
      const text = Array.from({ length: 150 }, (_, i) => `name="${i}"`).join('and ');
      const started = Date.now();
      let filter = parseSearchQuery(text);
      for (let i = 0; i < 150; i++) {
        expect(filter!.name).toEqual({ equals: String(i) });
        filter = filter!.anyOf?.[0] ?? null;
      }
      expect(filter).toBeNull();
      expect(Date.now() - started).toBeLessThan(1_000);
    });

    it('distributes a second or-group into the first', () => {
      expect(parseSearchQuery('(stale = true or name = "a") and (tags.x exists or tags.y exists)')).toEqual({
        anyOf: [
          { stale: true, anyOf: [{ tags: [{ key: 'x', exists: true }] }, { tags: [{ key: 'y', exists: true }] }] },
          { name: { equals: 'a' }, anyOf: [{ tags: [{ key: 'x', exists: true }] }, { tags: [{ key: 'y', exists: true }] }] },
        ],
      });
    });

    it('refuses a leading not, dangling and/or and unbalanced parentheses', () => {
      expect(errorOf('not status = RUNNING').message).toMatch(/^"not" before a condition is not supported.* at column 1$/);
      expect(errorOf('status = RUNNING and')).toMatchObject({ column: 21 });
      expect(errorOf('or status = RUNNING')).toMatchObject({ column: 1 });
      expect(errorOf('(status = RUNNING')).toMatchObject({ column: 18 });
      expect(errorOf('status = RUNNING)').message).toBe('unmatched ")" at column 17');
      expect(errorOf('status = RUNNING stale = true').message).toBe(
        'expected "and", "or" or the end of the query, found "stale" at column 18',
      );
    });
  });

  describe('tokens', () => {
    it('decodes escapes in both quotes', () => {
      expect(parseSearchQuery(String.raw`tags.a = "x\"y\\z\n" and tags.b = 'it\'s "q"'`)).toEqual({
        tags: [
          { key: 'a', equals: 'x"y\\z\n' },
          { key: 'b', equals: 'it\'s "q"' },
        ],
      });
    });

    it('takes backquoted name segments', () => {
      expect(parseSearchQuery('tags.`my key` exists and metrics.`val loss`.last < 1 and config.`a b`.c = 1')).toEqual({
        tags: [{ key: 'my key', exists: true }],
        metric: [{ name: 'val loss', stat: 'LAST', op: 'LT', value: 1 }],
        config: [{ path: 'a b.c', op: 'EQ', value: 1 }],
      });
      expect(errorOf('tags.`my key exists').message).toBe('unterminated name (no closing `) at column 6');
      expect(errorOf('tags.`` exists').message).toBe('empty path segment in "tags.``" at column 1');
    });

    it('reads numbers', () => {
      const value = (text: string) => parseSearchQuery(`config.x = ${text}`)!.config![0].value;
      expect(value('1e-4')).toBe(1e-4);
      expect(value('-3')).toBe(-3);
      expect(value('.5')).toBe(0.5);
      expect(value('-0.25e2')).toBe(-25);
      expect(value('42')).toBe(42);
      expect(parseSearchQuery('config.x<-1')).toEqual({ config: [{ path: 'x', op: 'LT', value: -1 }] });
    });

    it.each([
      [
        'config.lr',
        'expected an operator (= != < <= > >= in contains like startswith exists) after "config.lr", found the end of the query at column 10',
      ],
      ['config.lr 1', 'expected an operator (= != < <= > >= in contains like startswith exists) after "config.lr", found "1" at column 11'],
      ['tags.a = "abc', 'unterminated string (no closing ") at column 10'],
      ["tags.a = 'abc\\'", "unterminated string (no closing ') at column 10"],
      ['tags.a = "a\\qb"', 'unknown escape \\q in a string at column 12'],
      ['config.x = 1e999', 'number 1e999 is out of range at column 12'],
      ['config.x = 12abc', 'unexpected "a" after the number 12 at column 14'],
      ['config.x = 1.5.3', 'unexpected "." after the number 1.5 at column 15'],
      ['config.x. = 1', 'empty path segment in "config.x." at column 1'],
      ['config.x = 1 & 2', 'unexpected character "&" at column 14'],
      [
        'foo.bar = 1',
        'unknown column "foo.bar" (expected config.<path>, metrics.<name>[.best|.last|.min|.max], tags.<key>, status, name, created, created_by, stale) at column 1',
      ],
      ['config. = 1', 'expected a path after "config." (e.g. config.optimizer.lr) at column 1'],
      ['config.a..b = 1', 'empty path segment in "config.a..b" at column 1'],
      [
        '= 1',
        'expected a column (config.<path>, metrics.<name>[.best|.last|.min|.max], tags.<key>, status, name, created, created_by, stale), found "=" at column 1',
      ],
      ['config.x = ', 'expected a value (a number, a quoted string, true, false or null), found the end of the query at column 12'],
      ['status not like "x"', 'expected "in" or "exists" after "not", found "like" at column 12'],
    ])('%s', (text, message) => {
      expect(errorOf(text).message).toBe(message);
    });
  });

  describe('hostile input', () => {
    it('limits the length', () => {
      const error = errorOf(`tags.a = "${'x'.repeat(100_000)}"`);
      expect(error.message).toBe(`the query is longer than ${MAX_QUERY_LENGTH} characters at column ${MAX_QUERY_LENGTH + 1}`);
      expect(errorOf('('.repeat(10_000))).toMatchObject({ column: MAX_QUERY_LENGTH + 1 });
    });

    it('limits the nesting', () => {
      const ok = `${'('.repeat(MAX_QUERY_DEPTH)}stale = true${')'.repeat(MAX_QUERY_DEPTH)}`;
      expect(parseSearchQuery(ok)).toEqual({ stale: true });
      const deep = `${'('.repeat(MAX_QUERY_DEPTH + 1)}stale = true${')'.repeat(MAX_QUERY_DEPTH + 1)}`;
      expect(errorOf(deep).message).toBe(`parentheses nest deeper than ${MAX_QUERY_DEPTH} at column ${MAX_QUERY_DEPTH + 1}`);
      expect(errorOf('('.repeat(1_000))).toMatchObject({ column: MAX_QUERY_DEPTH + 1 });
    });

    it('limits what and-ed or-groups multiply out to', () => {
      const text = Array.from({ length: 40 }, (_, i) => `(tags.a${i} exists or tags.b${i} exists)`).join(' and ');
      const started = Date.now();
      expect(errorOf(text).message).toMatch(/^the query expands to more than \d+ conditions at column 1$/);
      expect(Date.now() - started).toBeLessThan(1_000);
    });

    const alphabet = [
      ...'()=!<>,."\'\\-+e.5 \t`',
      'tags.`k',
      'and ',
      'or ',
      'not ',
      'in ',
      'exists ',
      'status',
      'config.x',
      'metrics.m.best',
      'tags.t',
      'name',
      'like',
      'RUNNING',
      'true',
      '1e-4',
    ];

    it('either parses or throws QueryError, quickly, for random input', () => {
      const started = Date.now();
      const check = (text: string) => {
        try {
          parseSearchQuery(text);
        } catch (e) {
          if (!(e instanceof QueryError)) throw e;
          expect(e.column).toBeGreaterThanOrEqual(1);
          expect(e.column).toBeLessThanOrEqual(Math.max(text.length, MAX_QUERY_LENGTH) + 1);
        }
      };
      fc.assert(fc.property(fc.string({ maxLength: 300 }), check), { numRuns: 2_000 });
      fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), check), { numRuns: 1_000 });
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom(...alphabet), { maxLength: 400 }).map((parts) => parts.join('')),
          check,
        ),
        { numRuns: 3_000 },
      );
      expect(Date.now() - started).toBeLessThan(10_000);
    });
  });
});

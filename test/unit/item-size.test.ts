/** DynamoDB item size and storability rules, checked before any write. */
import { itemSize, jsonStorageProblem, MAX_ITEM_BYTES, MAX_NESTING, valueSize } from '../../src/platform/item-size';

/** `levels` nested maps, the innermost holding one number. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { x: 1 };
  for (let i = 1; i < levels; i++) value = { x: value };
  return value;
}

describe('valueSize', () => {
  it('counts strings as UTF-8 bytes', () => {
    expect(valueSize('')).toBe(0);
    expect(valueSize('abc')).toBe(3);
    expect(valueSize('é')).toBe(2);
    expect(valueSize('€')).toBe(3);
    expect(valueSize('😀')).toBe(4);
  });

  it('counts null and booleans as one byte', () => {
    expect(valueSize(null)).toBe(1);
    expect(valueSize(true)).toBe(1);
    expect(valueSize(false)).toBe(1);
  });

  it('counts numbers as one byte per two significant digits plus one, at most 21', () => {
    expect(valueSize(0)).toBe(2);
    expect(valueSize(7)).toBe(2);
    expect(valueSize(100)).toBe(2);
    expect(valueSize(12)).toBe(2);
    expect(valueSize(123)).toBe(3);
    expect(valueSize(-123)).toBe(3);
    expect(valueSize(0.000123)).toBe(3);
    expect(valueSize(12345.678)).toBe(5);
    expect(valueSize(0.8140000000000001)).toBe(9); // 16 significant digits
    expect(valueSize(Math.PI)).toBeLessThanOrEqual(21);
  });

  it('counts the significant digits of any double as its shortest decimal form has them', () => {
    // The reference: the digits of toExponential()'s mantissa, trailing zeros trimmed.
    const reference = (n: number) => {
      const digits = n.toExponential().replace(/e.*$/, '').replace(/[-.]/g, '').replace(/0+$/, '').length || 1;
      return Math.min(21, Math.ceil(digits / 2) + 1);
    };
    let seed = 7;
    const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const samples = [0, -0, 1, 10, 1e21, 1.5e-7, 123456789012345680000, 5e-324, Number.MAX_VALUE, 0.1 + 0.2, 100.001];
    for (let i = 0; i < 5000; i++) {
      const scale = 10 ** Math.floor(rand() * 40 - 20);
      samples.push((rand() - 0.5) * scale, Math.round(rand() * 1e6) * scale, Number((rand() * scale).toPrecision(1 + (i % 17))));
    }
    for (const n of samples) expect([n, valueSize(n)]).toEqual([n, reference(n)]);
  });

  it('adds 3 bytes per list or map and 1 per element; map keys count as bytes', () => {
    expect(valueSize([])).toBe(3);
    expect(valueSize({})).toBe(3);
    expect(valueSize(['ab', 'c'])).toBe(3 + (1 + 2) + (1 + 1));
    expect(valueSize({ ab: 'xyz', c: null })).toBe(3 + (1 + 2 + 3) + (1 + 1 + 1));
    expect(
      valueSize({
        matrix: [
          [40, 3],
          [5, 900],
        ],
      }),
    ).toBe(3 + 1 + 6 + (3 + 2 * (1 + 3 + (1 + 2) + (1 + 2))));
  });
});

describe('valueSize of binaries and sets', () => {
  it('counts a binary (B) by its bytes, whatever view holds it', () => {
    const bytes = new Uint8Array(1000).fill(7);
    expect(valueSize(bytes)).toBe(1000);
    expect(valueSize(Buffer.alloc(250))).toBe(250);
    expect(valueSize(bytes.buffer)).toBe(1000);
    expect(valueSize(new Uint8Array(bytes.buffer, 100, 50))).toBe(50);
    expect(valueSize(new Uint8Array(0))).toBe(0);
  });

  it('counts a set (SS, NS, BS) as the sum of its elements', () => {
    expect(valueSize(new Set(['ab', 'cde']))).toBe(5);
    expect(valueSize(new Set([123, 7]))).toBe(3 + 2);
    expect(valueSize(new Set([new Uint8Array(10), new Uint8Array(3)]))).toBe(13);
  });

  it('counts a binary inside an item and a map', () => {
    expect(itemSize({ PK: 'a', data: new Uint8Array(4000) })).toBe(2 + 1 + 4 + 4000);
    expect(valueSize({ b: new Uint8Array(10) })).toBe(3 + 1 + 1 + 10);
  });
});

describe('itemSize', () => {
  it('sums attribute name bytes and value sizes', () => {
    expect(itemSize({ PK: 'JOB#1', SK: 'JOB', n: 123 })).toBe(2 + 5 + 2 + 3 + 1 + 3);
  });

  it('skips undefined attributes (they are not stored)', () => {
    expect(itemSize({ PK: 'a', gone: undefined })).toBe(3);
  });

  it('grows linearly with a large string, so the 400 KB limit can be checked', () => {
    const big = 'x'.repeat(MAX_ITEM_BYTES);
    expect(MAX_ITEM_BYTES).toBe(409_600);
    expect(itemSize({ PK: 'a', message: big })).toBe(2 + 1 + 7 + MAX_ITEM_BYTES);
    expect(itemSize({ PK: 'a', message: big }) > MAX_ITEM_BYTES).toBe(true);
  });
});

describe('jsonStorageProblem', () => {
  it('accepts ordinary JSON', () => {
    expect(
      jsonStorageProblem({
        model: 'layoutlm',
        epochs: 5,
        lr: 5e-5,
        tags: ['a', 'b'],
        nested: { ok: true, none: null },
        zero: 0,
        neg: -1.5,
      }),
    ).toBeNull();
    expect(jsonStorageProblem([])).toBeNull();
    expect(jsonStorageProblem('text')).toBeNull();
  });

  // Boundaries measured against DynamoDB Local: one attribute holds at most 31 nested maps or lists (the item itself
  // is the first of DynamoDB's 32 levels); scalars inside the innermost one do not add a level.
  it('accepts 31 nested maps around a number and rejects 32', () => {
    expect(MAX_NESTING).toBe(32);
    expect(jsonStorageProblem(nested(31))).toBeNull();
    expect(jsonStorageProblem(nested(32))).toBe('is nested more than 32 levels deep');
    expect(jsonStorageProblem(nested(100))).toBe('is nested more than 32 levels deep');
  });

  it('counts an empty innermost map or list as a level', () => {
    const wrap = (inner: unknown, levels: number): unknown => {
      let v = inner;
      for (let i = 0; i < levels; i++) v = { x: v };
      return v;
    };
    expect(jsonStorageProblem(wrap({}, 30))).toBeNull();
    expect(jsonStorageProblem(wrap({}, 31))).toMatch(/nested more than 32/);
    expect(jsonStorageProblem(wrap([], 30))).toBeNull();
    expect(jsonStorageProblem(wrap([], 31))).toMatch(/nested more than 32/);
  });

  it('counts lists as nesting levels too', () => {
    const lists = (levels: number): unknown => {
      let v: unknown = 1;
      for (let i = 0; i < levels; i++) v = [v];
      return v;
    };
    expect(jsonStorageProblem(lists(31))).toBeNull();
    expect(jsonStorageProblem(lists(32))).toMatch(/nested/);
    expect(jsonStorageProblem({ deep: lists(31) })).toMatch(/nested/);
  });

  it.each([
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
  ])('rejects %s, even deep inside', (_what, bad) => {
    expect(jsonStorageProblem({ a: bad })).toMatch(/not finite/);
    expect(jsonStorageProblem({ a: { b: [1, 2, { c: bad }] } })).toMatch(/not finite/);
    expect(jsonStorageProblem(bad)).toMatch(/not finite/);
  });

  it('rejects numbers outside DynamoDB range', () => {
    expect(jsonStorageProblem({ big: 1e200 })).toMatch(/1e\+200, outside DynamoDB's number range/);
    expect(jsonStorageProblem({ big: -1e200 })).toMatch(/outside DynamoDB's number range/);
    expect(jsonStorageProblem({ tiny: 1e-200 })).toMatch(/outside DynamoDB's number range/);
    expect(jsonStorageProblem({ max: Number.MAX_VALUE })).toMatch(/outside/);
  });

  it('accepts numbers inside the range, and zero', () => {
    expect(jsonStorageProblem({ a: 1e120, b: -1e120, c: 1e-129, d: 0, e: -0 })).toBeNull();
  });

  it('uses DynamoDB exact limits: magnitudes from 1e-130 up to (not including) 1e126', () => {
    for (const ok of [1e125, 5e125, 9.99e125, 9.999999999999998e125, -5e125, 1e-130, 1.5e-130, -1e-130])
      expect([ok, jsonStorageProblem(ok)]).toEqual([ok, null]);
    for (const bad of [1e126, -1e126, 9e-131, -9e-131]) expect(jsonStorageProblem(bad)).toMatch(/outside DynamoDB's number range/);
  });

  it('rejects an empty map key, even deep inside', () => {
    expect(jsonStorageProblem({ '': 1 })).toBe('contains an empty key');
    expect(jsonStorageProblem({ a: [{ b: { '': 'x' } }] })).toBe('contains an empty key');
    expect(jsonStorageProblem({ ' ': 1 })).toBeNull();
  });
});

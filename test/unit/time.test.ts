/** Timestamps: the legacy writer's UTC isoformat with microseconds, strictly increasing, parseable in both legacy forms. */
import { formatMicros, nextTimestamp, nowMicros, nowTimestamp, parseTimestampMicros } from '../../src/platform/time';

const FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/;
const micros = (iso: string, sub: number): bigint => BigInt(Date.parse(iso)) * 1000n + BigInt(sub);

describe('formatMicros', () => {
  it('writes YYYY-MM-DDTHH:MM:SS.ffffff+00:00 with six fraction digits', () => {
    expect(formatMicros(micros('2026-01-03T08:15:00Z', 123))).toBe('2026-01-03T08:15:00.000123+00:00');
    expect(formatMicros(micros('2026-01-03T08:15:00Z', 999_999))).toBe('2026-01-03T08:15:00.999999+00:00');
    expect(formatMicros(micros('2025-12-31T23:59:59Z', 0))).toBe('2025-12-31T23:59:59.000000+00:00');
    expect(formatMicros(0n)).toBe('1970-01-01T00:00:00.000000+00:00');
  });

  it('carries milliseconds into the fraction', () => {
    expect(formatMicros(micros('2026-01-03T08:15:00.250Z', 7))).toBe('2026-01-03T08:15:00.250007+00:00');
  });
});

describe('nowTimestamp / nowMicros', () => {
  it('has the stored format and is close to the wall clock', () => {
    const before = Date.now();
    const ts = nowTimestamp();
    const after = Date.now();
    expect(ts).toMatch(FORMAT);
    const ms = Number((parseTimestampMicros(ts) as bigint) / 1000n);
    expect(ms).toBeGreaterThanOrEqual(before - 1);
    expect(ms).toBeLessThanOrEqual(after + 1);
  });

  it('is strictly increasing over many calls, in string order as well as in time', () => {
    const stamps = Array.from({ length: 20_000 }, () => nowTimestamp());
    for (let i = 1; i < stamps.length; i++) {
      expect(stamps[i] > stamps[i - 1]).toBe(true);
    }
    expect(new Set(stamps).size).toBe(stamps.length);
    const parsed = stamps.map((s) => parseTimestampMicros(s) as bigint);
    for (let i = 1; i < parsed.length; i++) expect(parsed[i] > parsed[i - 1]).toBe(true);
  });

  it('never repeats a microsecond even when called within the same microsecond', () => {
    const a = nowMicros();
    const b = nowMicros();
    const c = nowMicros();
    expect(b).toBeGreaterThan(a);
    expect(c).toBeGreaterThan(b);
  });
});

describe('parseTimestampMicros', () => {
  const expected = micros('2026-01-03T08:15:00Z', 123);

  it('parses the offset form', () => {
    expect(parseTimestampMicros('2026-01-03T08:15:00.000123+00:00')).toBe(expected);
  });

  it('parses a naive legacy timestamp as UTC', () => {
    expect(parseTimestampMicros('2026-01-03T08:15:00.000123')).toBe(expected);
  });

  it('parses Z and non-UTC offsets to the same instant', () => {
    expect(parseTimestampMicros('2026-01-03T08:15:00.000123Z')).toBe(expected);
    expect(parseTimestampMicros('2026-01-03T10:15:00.000123+02:00')).toBe(expected);
    expect(parseTimestampMicros('2026-01-03T03:15:00.000123-05:00')).toBe(expected);
  });

  it('reads a short fraction as a decimal fraction, and no fraction as zero (isoformat drops .000000)', () => {
    expect(parseTimestampMicros('2026-01-03T08:15:00.5+00:00')).toBe(micros('2026-01-03T08:15:00Z', 500_000));
    expect(parseTimestampMicros('2026-01-03T08:15:00.12')).toBe(micros('2026-01-03T08:15:00Z', 120_000));
    expect(parseTimestampMicros('2026-01-03T08:15:00+00:00')).toBe(micros('2026-01-03T08:15:00Z', 0));
    expect(parseTimestampMicros('2026-01-03T08:15:00')).toBe(micros('2026-01-03T08:15:00Z', 0));
  });

  it('round-trips with formatMicros', () => {
    for (const ts of ['2026-01-03T08:15:00.000123+00:00', '1999-12-31T23:59:59.999999+00:00', '2030-06-15T00:00:00.000001+00:00']) {
      expect(formatMicros(parseTimestampMicros(ts) as bigint)).toBe(ts);
    }
  });

  it.each([
    '',
    'yesterday',
    '2026-01-03',
    '2026-01-03 08:15:00.000123',
    '2026-01-03T08:15:00.1234567',
    '2026-01-03T08:15:00.000123+0000',
    '2026-13-03T08:15:00.000123',
    '2026-01-03T25:15:00.000123',
    '2026-01-03T08:15:00.000123+00:00 ',
  ])('returns null for %j', (ts) => {
    expect(parseTimestampMicros(ts)).toBeNull();
  });
});

describe('nextTimestamp', () => {
  it('is one microsecond later, in the stored form', () => {
    expect(nextTimestamp('2026-01-03T08:15:00.000123+00:00')).toBe('2026-01-03T08:15:00.000124+00:00');
  });

  it('carries over seconds, minutes, days and years', () => {
    expect(nextTimestamp('2026-01-03T08:15:00.999999+00:00')).toBe('2026-01-03T08:15:01.000000+00:00');
    expect(nextTimestamp('2025-12-31T23:59:59.999999+00:00')).toBe('2026-01-01T00:00:00.000000+00:00');
  });

  it('steps past a naive legacy timestamp and sorts after it', () => {
    const naive = '2026-01-03T08:15:00.000123';
    const next = nextTimestamp(naive);
    expect(next).toBe('2026-01-03T08:15:00.000124+00:00');
    expect(next > naive).toBe(true);
  });

  it('always sorts after its input as a string', () => {
    for (const ts of ['2026-01-03T08:15:00.000123+00:00', '2026-01-03T08:15:59.999999+00:00', '2026-01-03T08:15:00+00:00']) {
      expect(nextTimestamp(ts) > ts).toBe(true);
    }
  });

  it('throws on an unparseable timestamp', () => {
    expect(() => nextTimestamp('not a time')).toThrow(/unparseable timestamp not a time/);
  });
});

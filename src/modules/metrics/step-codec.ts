import { formatMicros, parseTimestampMicros } from '../../platform/time';

/** One point of a step-level series as a packed item holds it. */
export interface PackedPoint {
  step: number;
  value: number;
  timestamp: string;
  epoch: number | null;
  unit: string | null;
}

/** Layout version of the encoding (first byte), so a later layout can be read beside this one. */
const FORMAT = 1;
/** Flag: timestamps are kept as strings (some did not round-trip through microseconds). */
const TEXT_TIMESTAMPS = 1;

/** Growable byte buffer with unsigned varints (safe to 2^53: arithmetic, not bit operations), zigzag and doubles. */
class Writer {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }

  uint(n: number): void {
    this.room(8);
    while (n >= 128) {
      this.buf[this.length++] = (n % 128) + 128;
      n = Math.floor(n / 128);
    }
    this.buf[this.length++] = n;
  }

  int(n: number): void {
    this.uint(n < 0 ? -2 * n - 1 : 2 * n);
  }

  double(x: number): void {
    this.room(8);
    this.view.setFloat64(this.length, x, true);
    this.length += 8;
  }

  text(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.uint(bytes.length);
    this.room(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

class Reader {
  private at = 0;
  private readonly view: DataView;
  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  byte(): number {
    if (this.at >= this.buf.length) throw new Error('packed series: truncated');
    return this.buf[this.at++];
  }

  uint(): number {
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      n += (b % 128) * scale;
      if (b < 128) return n;
      scale *= 128;
    }
  }

  int(): number {
    const z = this.uint();
    return z % 2 === 1 ? -(z + 1) / 2 : z / 2;
  }

  double(): number {
    if (this.at + 8 > this.buf.length) throw new Error('packed series: truncated');
    const x = this.view.getFloat64(this.at, true);
    this.at += 8;
    return x;
  }

  text(): string {
    const n = this.uint();
    if (this.at + n > this.buf.length) throw new Error('packed series: truncated');
    const s = Buffer.from(this.buf.buffer, this.buf.byteOffset + this.at, n).toString('utf8');
    this.at += n;
    return s;
  }
}

/** Microseconds of a timestamp when formatting them gives the same string back, else null. */
function exactMicros(ts: string): number | null {
  const micros = parseTimestampMicros(ts);
  if (micros === null || formatMicros(micros) !== ts) return null;
  return Number(micros);
}

/**
 * Packs points (in the order given) into bytes: per point the step and timestamp as zigzag varint deltas from the
 * previous point's, the value as an IEEE-754 double (exact), the epoch and the unit (an index into the units kept
 * once) as varints. A run of regularly logged points from one call costs about 12 bytes a point.
 */
export function encodePoints(points: readonly PackedPoint[]): Uint8Array {
  const units = [...new Set(points.map((p) => p.unit).filter((u): u is string => u !== null))];
  const unitIndex = new Map(units.map((u, i) => [u, i + 1]));
  const micros = points.map((p) => exactMicros(p.timestamp));
  const textTimes = micros.some((m) => m === null);
  const w = new Writer();
  w.byte(FORMAT);
  w.byte(textTimes ? TEXT_TIMESTAMPS : 0);
  w.uint(points.length);
  w.uint(units.length);
  for (const u of units) w.text(u);
  let step = 0;
  let time = 0;
  points.forEach((p, i) => {
    w.int(p.step - step);
    step = p.step;
    w.double(p.value);
    if (textTimes) w.text(p.timestamp);
    else {
      w.int((micros[i] as number) - time);
      time = micros[i] as number;
    }
    w.uint(p.epoch === null ? 0 : p.epoch + 1);
    w.uint(p.unit === null ? 0 : (unitIndex.get(p.unit) as number));
  });
  return w.bytes();
}

/** The points `encodePoints` packed, in the same order. */
export function decodePoints(bytes: Uint8Array): PackedPoint[] {
  const r = new Reader(bytes);
  const format = r.byte();
  if (format !== FORMAT) throw new Error(`packed series: unknown format ${format}`);
  const textTimes = (r.byte() & TEXT_TIMESTAMPS) !== 0;
  const count = r.uint();
  const units: string[] = [];
  for (let n = r.uint(); n > 0; n--) units.push(r.text());
  const out: PackedPoint[] = new Array<PackedPoint>(count);
  let step = 0;
  let time = 0;
  let formatted = { time: -1, text: '' };
  for (let i = 0; i < count; i++) {
    step += r.int();
    const value = r.double();
    let timestamp: string;
    if (textTimes) timestamp = r.text();
    else {
      time += r.int();
      // Points of one call share a timestamp: format each distinct time once.
      if (formatted.time !== time) formatted = { time, text: formatMicros(BigInt(time)) };
      timestamp = formatted.text;
    }
    const epoch = r.uint();
    const unit = r.uint();
    out[i] = { step, value, timestamp, epoch: epoch === 0 ? null : epoch - 1, unit: unit === 0 ? null : (units[unit - 1] ?? null) };
  }
  return out;
}

/** Non-negative integers (each below 2^53) as varints. */
export function encodeUints(values: readonly number[]): Uint8Array {
  const w = new Writer();
  w.uint(values.length);
  for (const v of values) w.uint(v);
  return w.bytes();
}

/** The integers `encodeUints` packed. */
export function decodeUints(bytes: Uint8Array): number[] {
  const r = new Reader(bytes);
  const out: number[] = [];
  for (let n = r.uint(); n > 0; n--) out.push(r.uint());
  return out;
}

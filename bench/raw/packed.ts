/*
 * The raw baseline's own decoding of a packed step series (docs/storage.md): packed parts (`PACK#{first step}`, the
 * points in `points`, B) and summary pages (`SUMMARY#{first step}`, the parts' first steps and counts in `parts`, B,
 * and their first/last/min/max points in `extremes`, B). Written from the format, not from the server's codec: a server
 * that packs or unpacks wrongly answers differently from the baseline.
 *
 * Format 1 of a list of points: a format byte (1), a flags byte (1: timestamps as text), the point count and the unit
 * count as varints, each unit as a varint length and UTF-8 bytes; then per point the step as a zigzag varint delta from
 * the previous point's (from 0), the value as a little-endian IEEE-754 double, the timestamp (a zigzag varint delta of
 * epoch microseconds, or a text), the epoch + 1 (0: none) and the unit's 1-based index (0: none) as varints. Varints are
 * unsigned LEB128, to 2^53. A list of whole numbers: its length, then each, as varints.
 */

/** A point of a packed series, as far as the answers show it. */
export interface PackedPoint {
  step: number;
  value: number;
  epoch: number | null;
}

const FORMAT = 1;
const TEXT_TIMES = 1;

/** Reads varints, zigzag varints, doubles and texts off a byte array. */
class Bytes {
  private at = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  byte(): number {
    if (this.at >= this.bytes.length) throw new Error('packed bytes end early');
    return this.bytes[this.at++];
  }

  varint(): number {
    let n = 0;
    for (let scale = 1; ; scale *= 128) {
      const b = this.byte();
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
    }
  }

  zigzag(): number {
    const z = this.varint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  double(): number {
    const x = this.view.getFloat64(this.at, true);
    this.at += 8;
    return x;
  }

  skipText(): void {
    const length = this.varint();
    this.at += length;
  }
}

/** The points of format-1 bytes, in their stored order. */
export function packedPoints(bytes: Uint8Array): PackedPoint[] {
  const r = new Bytes(bytes);
  if (r.byte() !== FORMAT) throw new Error('packed points of an unknown format');
  const textTimes = (r.byte() & TEXT_TIMES) !== 0;
  const count = r.varint();
  for (let units = r.varint(); units > 0; units--) r.skipText();
  const points: PackedPoint[] = [];
  let step = 0;
  for (let i = 0; i < count; i++) {
    step += r.zigzag();
    const value = r.double();
    if (textTimes) r.skipText();
    else r.zigzag();
    const epoch = r.varint();
    r.varint(); // the unit
    points.push({ step, value, epoch: epoch === 0 ? null : epoch - 1 });
  }
  return points;
}

/** The whole numbers of a packed list. */
export function packedNumbers(bytes: Uint8Array): number[] {
  const r = new Bytes(bytes);
  return Array.from({ length: r.varint() }, () => r.varint());
}

/** The extremes of one packed part, as a summary page keeps them. */
export interface PartExtremes {
  first: PackedPoint;
  last: PackedPoint;
  min: PackedPoint;
  max: PackedPoint;
}

const bytesOf = (v: unknown): Uint8Array | null => (v instanceof Uint8Array ? v : null);

/** A part's points (its `points` attribute), else null. */
export function partPoints(item: Record<string, unknown>): PackedPoint[] | null {
  const points = bytesOf(item.points);
  return points ? packedPoints(points) : null;
}

/** A summary page's parts' extremes (four points a part, in the order first, last, min, max), else null. */
export function pageExtremes(item: Record<string, unknown>): PartExtremes[] | null {
  const [heads, extremes] = [bytesOf(item.parts), bytesOf(item.extremes)];
  if (!heads || !extremes) return null;
  const parts = packedNumbers(heads).length / 2;
  const points = packedPoints(extremes);
  return Array.from({ length: parts }, (_, i) => {
    const [first, last, min, max] = points.slice(4 * i, 4 * i + 4);
    return { first, last, min, max };
  });
}

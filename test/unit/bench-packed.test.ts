/** The bench's own decoding of packed series (bench/raw/packed.ts) reads what the server's codec writes. */
import { packedNumbers, packedPoints } from '../../bench/raw/packed';
import { encodePoints, encodeUints, type PackedPoint } from '../../src/modules/metrics/step-codec';
import { formatMicros } from '../../src/platform/time';

function points(n: number, textTimes = false): PackedPoint[] {
  let seed = 11;
  const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const start = 1_780_000_000_000_000n;
  return Array.from({ length: n }, (_, i) => ({
    step: i * 10 + (i % 7 === 3 ? -25 : 0),
    value: (rand() - 0.3) * 10 ** Math.floor(rand() * 10 - 5),
    timestamp: textTimes && i === 2 ? '2026-01-01T12:34:56.789012' : formatMicros(start + BigInt(Math.floor(i / 100) * 1_000_000 + i)),
    epoch: i % 5 === 0 ? null : Math.floor(i / 100),
    unit: i % 3 === 0 ? null : i % 3 === 1 ? 'loss' : 'é units',
  }));
}

const view = (p: PackedPoint) => ({ step: p.step, value: p.value, epoch: p.epoch });

it('decodes points as the server encodes them, with timestamps as deltas and as text', () => {
  for (const list of [points(0), points(1), points(300), points(50, true)]) {
    expect(packedPoints(encodePoints(list))).toEqual(list.map(view));
  }
});

it('decodes a view into a larger buffer (as the SDK may hand binaries over)', () => {
  const bytes = encodePoints(points(40));
  const big = new Uint8Array(bytes.length + 20);
  big.set(bytes, 13);
  expect(packedPoints(big.subarray(13, 13 + bytes.length))).toEqual(points(40).map(view));
});

it('decodes lists of whole numbers', () => {
  const values = [0, 1, 127, 128, 300, 2 ** 40, Number.MAX_SAFE_INTEGER];
  expect(packedNumbers(encodeUints(values))).toEqual(values);
});

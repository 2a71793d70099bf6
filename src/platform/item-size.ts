/** DynamoDB's item size rules, so oversized input is a clear INVALID before any write, never a DynamoDB error. */

export const MAX_ITEM_BYTES = 400 * 1024;
export const MAX_NESTING = 32;

function numberSize(n: number): number {
  // About one byte per two significant digits, plus one; at most 21 bytes. The digits are those of the number as sent
  // (its shortest decimal form), leading and trailing zeros trimmed: counted in one pass, without allocating (the rules
  // of db/capacity-rules.ts size every item a bench request reads).
  const text = String(n);
  let digits = 0;
  let zeros = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 101 || c === 69) break; // the exponent
    if (c < 48 || c > 57) continue; // sign, decimal point
    if (c === 48) {
      if (digits > 0) zeros++;
    } else {
      digits += zeros + 1;
      zeros = 0;
    }
  }
  return Math.min(21, Math.ceil((digits || 1) / 2) + 1);
}

/**
 * Size in bytes of one attribute value as DynamoDB counts it: a string its UTF-8 bytes, a binary (B: a Buffer,
 * Uint8Array or ArrayBuffer) its bytes, a set (SS, NS, BS) the sum of its elements, a list or map 3 bytes plus 1 per
 * element plus the elements (and a map's keys).
 */
export function valueSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number') return numberSize(value);
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((n: number, v) => n + valueSize(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce((n: number, v) => n + 1 + valueSize(v), 0);
  if (typeof value === 'object') {
    const map = value as Record<string, unknown>;
    let n = 3;
    for (const k of Object.keys(map)) n += 1 + Buffer.byteLength(k) + valueSize(map[k]);
    return n;
  }
  return 0;
}

/** Size in bytes of a whole item (attribute names plus values). */
export function itemSize(item: Record<string, unknown>): number {
  let n = 0;
  for (const k of Object.keys(item)) {
    const v = item[k];
    if (v !== undefined) n += Buffer.byteLength(k) + valueSize(v);
  }
  return n;
}

/**
 * Why a JSON value cannot be stored as a DynamoDB map, or null when it can: numbers must be finite and within
 * DynamoDB's range, map keys non-empty, and nesting at most 32 levels.
 */
export function jsonStorageProblem(value: unknown, depth = 0): string | null {
  // `depth` counts the maps and lists around `value`. DynamoDB's 32 levels include the item itself, so one attribute
  // holds at most 31 nested maps or lists (DynamoDB Local rejects the 32nd).
  if (depth >= MAX_NESTING - 1 && value !== null && typeof value === 'object') return `is nested more than ${MAX_NESTING} levels deep`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'contains a number that is not finite';
    const abs = Math.abs(value);
    // DynamoDB's magnitudes run from 1E-130 to 9.99...E+125.
    if (abs !== 0 && (abs >= 1e126 || abs < 1e-130)) return `contains ${value}, outside DynamoDB's number range`;
    return null;
  }
  if (Array.isArray(value)) {
    for (const v of value) {
      const problem = jsonStorageProblem(v, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '') return 'contains an empty key';
      const problem = jsonStorageProblem(v, depth + 1);
      if (problem) return problem;
    }
  }
  return null;
}

/** Readers of loosely-typed stored attributes: the legacy writer stores numbers as N, sometimes as floats (156.0). */

/** A finite number from a stored N (or numeric string), else null. */
export function readNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** An integer from a stored N such as 156 or 156.0, else null. */
export function readInt(value: unknown): number | null {
  const n = readNumber(value);
  return n !== null && Number.isInteger(n) ? n : n !== null ? Math.round(n) : null;
}

/** A string attribute, else null. */
export function readString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A map attribute as a plain object, else null. */
export function readMap(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Set)
    ? (value as Record<string, unknown>)
    : null;
}

/** Timestamps in the legacy writer's form (Python UTC isoformat with microseconds), so items sort among legacy ones. */

let lastMicros = 0n;

/** Formats epoch microseconds as `YYYY-MM-DDTHH:MM:SS.ffffff+00:00`. */
export function formatMicros(micros: bigint): string {
  const millis = Number(micros / 1000n);
  const iso = new Date(millis).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const sub = (micros % 1_000_000n).toString().padStart(6, '0');
  return `${iso.slice(0, 19)}.${sub}+00:00`;
}

/** Current time in microseconds, strictly increasing within this process so two calls never collide. */
export function nowMicros(): bigint {
  const wall = BigInt(Date.now()) * 1000n + BigInt(Math.floor(Number(process.hrtime.bigint() % 1000n)));
  lastMicros = wall > lastMicros ? wall : lastMicros + 1n;
  return lastMicros;
}

/** A fresh, process-unique timestamp string. */
export function nowTimestamp(): string {
  return formatMicros(nowMicros());
}

/** Parses a stored timestamp (offset or naive, which the legacy writer meant as UTC) into epoch microseconds. */
export function parseTimestampMicros(ts: string): bigint | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:\d{2})?$/.exec(ts);
  if (!m) return null;
  const base = Date.parse(`${m[1]}${m[3] && m[3] !== 'Z' ? m[3] : 'Z'}`);
  if (Number.isNaN(base)) return null;
  return BigInt(base) * 1000n + BigInt((m[2] ?? '').padEnd(6, '0') || '0');
}

/** The next timestamp after `ts` (one microsecond later), used to step past a collision. */
export function nextTimestamp(ts: string): string {
  const micros = parseTimestampMicros(ts);
  if (micros === null) throw new Error(`unparseable timestamp ${ts}`);
  return formatMicros(micros + 1n);
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;

/** Whether `value` is what the DateTime scalar takes: an ISO-8601 date-time (offset optional) naming a real instant. */
export function isIsoDateTime(value: string): boolean {
  return ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value.replace(/(\.\d{3})\d+/, '$1')));
}

/** Numbers as a person reads them: 4 significant digits, small and large ones in exponent form, missing as an en dash. */
export function num(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-3) return value.toExponential(2).replace('e+', 'e');
  return Number(value.toPrecision(digits)).toString();
}

/** A duration in seconds as `1h 02m`, `3m 20s`, `42s`. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** A timestamp as local `2026-12-05 14:03`. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A config value in a table cell: strings as they are, lists joined, objects as JSON. */
export function configText(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') return num(value, 6);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(configText).join(', ');
  return JSON.stringify(value);
}

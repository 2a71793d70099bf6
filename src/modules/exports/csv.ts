/** CSV as RFC 4180 has it: comma-separated, CRLF line ends, a field quoted when it holds a comma, quote, CR or LF. */

/** One field: numbers as JavaScript prints them, null and undefined as empty, strings quoted when needed. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, with its line end. */
export function csvLine(fields: readonly unknown[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

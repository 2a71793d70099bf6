/**
 * Performance marks the browser benchmark reads (bench UI): `table-rendered` when the runs table first shows rows,
 * `search-rendered` after a search's rows show, `chart-drawn` after a chart draws. Each mark carries what it measured.
 */
export function mark(name: string, detail?: Record<string, unknown>): void {
  performance.mark(name, { detail });
}

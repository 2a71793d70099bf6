import type { WorkloadResult } from './report';

/**
 * What logging and reading step series costs on AWS, from the capacity the bench counted by rule: per million points
 * logged (W7, in calls of 1,000) and per full read of a 100,000-point series (W8-full), before (the per-point layout:
 * the raw baseline) and after (the packed series: the GraphQL side).
 *
 * On-demand prices in us-east-1 (Standard table class) since AWS halved them on 2024-11-01: $0.625 per million write
 * request units and $0.125 per million read request units (docs/benchmarks.md cites where they were read).
 */
export const USD_PER_MILLION_WRITE_UNITS = 0.625;
export const USD_PER_MILLION_READ_UNITS = 0.125;

/** The points per million logged, and the series length the read cost is quoted for. */
const MILLION = 1_000_000;
const QUOTED_SERIES_POINTS = 100_000;

/** One line of the cost table: units and dollars, before and after. */
export interface CostLine {
  what: string;
  unit: 'WCU' | 'RCU';
  before: number;
  after: number;
  beforeUsd: number;
  afterUsd: number;
  /** How the figure was scaled from what was measured (empty when measured as quoted). */
  scaled: string;
}

/** The cost table, from W7 (`pointsPerCall` points a call) and W8-full (`seriesPoints` points a read), when they ran. */
export function costLines(
  w7: WorkloadResult | undefined,
  full: WorkloadResult | undefined,
  pointsPerCall: number,
  seriesPoints: number,
): CostLine[] {
  const lines: CostLine[] = [];
  if (w7) {
    const calls = MILLION / pointsPerCall;
    const [before, after] = [w7.raw.wcuByRule * calls, w7.graphql.wcuByRule * calls];
    lines.push({
      what: 'a million step points logged',
      unit: 'WCU',
      before,
      after,
      beforeUsd: (before / MILLION) * USD_PER_MILLION_WRITE_UNITS,
      afterUsd: (after / MILLION) * USD_PER_MILLION_WRITE_UNITS,
      scaled: `${calls.toLocaleString('en-US')} logMetrics calls of ${pointsPerCall.toLocaleString('en-US')} points`,
    });
  }
  if (full && seriesPoints > 0) {
    const factor = QUOTED_SERIES_POINTS / seriesPoints;
    const [before, after] = [full.raw.rcuByRule * factor, full.graphql.rcuByRule * factor];
    lines.push({
      what: `a full read of a ${QUOTED_SERIES_POINTS.toLocaleString('en-US')}-point series`,
      unit: 'RCU',
      before,
      after,
      beforeUsd: (before / MILLION) * USD_PER_MILLION_READ_UNITS,
      afterUsd: (after / MILLION) * USD_PER_MILLION_READ_UNITS,
      scaled: factor === 1 ? '' : `measured on ${seriesPoints.toLocaleString('en-US')} points, x ${factor}`,
    });
  }
  return lines;
}

const usd = (n: number) => (n >= 0.01 ? `$${n.toFixed(4)}` : `$${n.toPrecision(3)}`);
const num = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

/** The table as printed. */
export function renderCost(lines: readonly CostLine[]): string[] {
  if (!lines.length) return [];
  return [
    `cost by rule at AWS on-demand prices (us-east-1: $${USD_PER_MILLION_WRITE_UNITS} per million write units, $${USD_PER_MILLION_READ_UNITS} per million read units);`,
    '  before: one item per point (the raw baseline); after: packed series (the server)',
    ...lines.map(
      (l) =>
        `  ${l.what}: before ${num(l.before)} ${l.unit} = ${usd(l.beforeUsd)}, after ${num(l.after)} ${l.unit} = ${usd(l.afterUsd)} (${(l.before / l.after).toFixed(1)}x less)${l.scaled ? `; ${l.scaled}` : ''}`,
    ),
  ];
}

import type { Item } from '../../db/batch';
import { readInt, readMap, readNumber, readString } from '../../db/item-values';
import { JOB_CARD_FORMAT, jobCardKey, jobIdOfCard } from '../../db/schema';
import { canonicalJson, toJsonObject } from '../../platform/json-values';
import type { SummaryState } from '../catalog/metric-summary';
import { CARD_SERIES, type CardRow, type EpochMark, type JobCard } from './job-card';

/**
 * The card item (docs/storage.md, "Job cards"): packed lists, not maps of names, so a card of 100 epochs stays a few KB.
 * `epochs`: `[epoch, step, recordedAt, lastAt]` each; `series.{name}`: `[epoch, step, value, timestamp, unit]` each
 * (a map value as a sixth element); `summaries.{name}`: the catalog's summary of the metric.
 */
type Packed = unknown[];

function packRow(r: CardRow): Packed {
  const row: Packed = [r.epoch, r.step, r.value, r.timestamp, r.unit];
  if (r.data) row.push(r.data);
  return row;
}

function unpackRow(raw: unknown): CardRow | null {
  if (!Array.isArray(raw) || typeof raw[3] !== 'string') return null;
  const data = readMap(raw[5]);
  return {
    epoch: readInt(raw[0]),
    step: readInt(raw[1]),
    value: readNumber(raw[2]),
    data: data ? toJsonObject(data) : null,
    unit: readString(raw[4]),
    timestamp: raw[3],
  };
}

function unpackMark(raw: unknown): EpochMark | null {
  if (!Array.isArray(raw)) return null;
  const epoch = readInt(raw[0]);
  if (epoch === null || typeof raw[2] !== 'string' || typeof raw[3] !== 'string') return null;
  return { epoch, step: readInt(raw[1]), recordedAt: raw[2], lastAt: raw[3] };
}

function packSummary(s: SummaryState): Item {
  return {
    best: s.best,
    best_epoch: s.bestEpoch,
    last: s.last,
    last_epoch: s.lastEpoch,
    last_ts: s.lastTs,
    min: s.min,
    max: s.max,
    count: s.count,
  };
}

function unpackSummary(raw: unknown): SummaryState | null {
  const m = readMap(raw);
  const [best, last, min, max, count] = [m?.best, m?.last, m?.min, m?.max, m?.count].map(readNumber);
  if (!m || best === null || last === null || min === null || max === null || count === null || typeof m.last_ts !== 'string') return null;
  return { best, bestEpoch: readInt(m.best_epoch), last, lastEpoch: readInt(m.last_epoch), lastTs: m.last_ts, min, max, count };
}

/** What a card says, without its version: two cards with the same content need no write. */
function content(card: JobCard): Item {
  const series: Item = {};
  for (const name of CARD_SERIES) {
    const rows = card.series[name];
    if (rows) series[name] = rows.map(packRow);
  }
  const summaries: Item = {};
  for (const name of Object.keys(card.summaries).sort()) summaries[name] = packSummary(card.summaries[name]);
  return {
    ...(card.epochs ? { epochs: card.epochs.map((m) => [m.epoch, m.step, m.recordedAt, m.lastAt]) } : {}),
    summaries,
    series,
  };
}

/** The stored item of a card (the put adds `version`, see versionedPut). */
export function cardToItem(card: JobCard, updatedAt: string): Item {
  return { ...jobCardKey(card.jobId), card_version: JOB_CARD_FORMAT, job_id: card.jobId, updated_at: updatedAt, ...content(card) };
}

/** Whether two cards say the same (versions and times aside). */
export function sameCardContent(a: JobCard, b: JobCard): boolean {
  return canonicalJson(content(a)) === canonicalJson(content(b));
}

/** A card as stored: its version (for the next put) and its content, null when its format is not this server's. */
export interface StoredCard {
  version: number;
  card: JobCard | null;
}

/** No card stored. */
export const NO_CARD: StoredCard = { version: 0, card: null };

/** Parses a card item; null for any other item. */
export function parseCardItem(item: Item): StoredCard | null {
  const jobId = jobIdOfCard(item);
  if (!jobId) return null;
  const version = readInt(item.version) ?? 0;
  if (readInt(item.card_version) !== JOB_CARD_FORMAT) return { version, card: null };
  const summaries: Record<string, SummaryState> = {};
  for (const [name, raw] of Object.entries(readMap(item.summaries) ?? {})) {
    const state = unpackSummary(raw);
    if (state) summaries[name] = state;
  }
  const series: JobCard['series'] = {};
  const packed = readMap(item.series) ?? {};
  for (const name of CARD_SERIES) {
    const rows = packed[name];
    if (Array.isArray(rows)) series[name] = rows.map(unpackRow).filter((r): r is CardRow => r !== null);
  }
  const epochs = Array.isArray(item.epochs) ? item.epochs.map(unpackMark).filter((m): m is EpochMark => m !== null) : null;
  return { version, card: { jobId, version, epochs, summaries, series } };
}

/** The stored card among `items` (a BatchGetItem's answer), or NO_CARD. */
export function storedCardOf(items: readonly Item[]): StoredCard {
  for (const item of items) {
    const stored = parseCardItem(item);
    if (stored) return stored;
  }
  return NO_CARD;
}

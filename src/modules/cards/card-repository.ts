import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, type Item } from '../../db/batch';
import { isConditionFailed } from '../../db/conditions';
import type { DynamoGateway } from '../../db/gateway';
import { versionedPut } from '../../db/versioned';
import { jobCardKey, jobIdOfCard, metricPointKeys, stepSeriesDescriptorKey } from '../../db/schema';
import { nowTimestamp } from '../../platform/time';
import type { StepSeriesDescriptor } from '../metrics/metric-model';
import { parseDescriptor } from '../metrics/step-items';
import { cardToItem, NO_CARD, parseCardItem, type StoredCard } from './card-item';
import type { JobCard } from './job-card';

/** A card to read for an overview, and the metric whose step-series descriptor to read alongside (Job.series). */
export interface CardRead {
  jobId: string;
  series?: string;
}

/** What one batch of card reads found: cards by job id, descriptors by `${jobId}\u0000${name}`. */
export interface CardsFound {
  cards: Map<string, StoredCard>;
  descriptors: Map<string, StepSeriesDescriptor>;
}

/** The sort key of a job's metric row stamped `timestamp` (a card's packed rows carry no key of their own). */
export function metricSortKey(jobId: string, name: string): (timestamp: string) => string {
  return (timestamp) => metricPointKeys(jobId, name, timestamp).SK;
}

/** Owns job card items: read in batches for overviews, read consistently for upkeep, written on their version. */
export class CardRepository {
  constructor(private readonly gw: DynamoGateway) {}

  /**
   * Cards of jobs and, for reads naming a series, that series' step descriptor (a step series answers Job.series
   * instead of the card): one BatchGetItem per 100 keys, so a page of 50 jobs' cards and curves is one call.
   */
  async forOverview(reads: readonly CardRead[]): Promise<CardsFound> {
    const keys = new Map<string, { PK: string; SK: string }>();
    for (const r of reads) {
      const card = jobCardKey(r.jobId);
      keys.set(`${card.PK}\u0000${card.SK}`, card);
      if (r.series !== undefined) {
        const d = stepSeriesDescriptorKey(r.jobId, r.series);
        keys.set(`${d.PK}\u0000${d.SK}`, d);
      }
    }
    const items = await batchGet(this.gw, [...keys.values()]);
    const found: CardsFound = { cards: new Map(), descriptors: new Map() };
    for (const item of items) {
      const stored = parseCardItem(item);
      if (stored?.card) found.cards.set(stored.card.jobId, stored);
      const d = parseDescriptor(item);
      if (d) found.descriptors.set(`${d.jobId}\u0000${d.name}`, d);
    }
    return found;
  }

  /** The stored cards of jobs, strongly consistent (one BatchGetItem per 100); jobs without one get NO_CARD. */
  async getConsistent(jobIds: readonly string[]): Promise<Map<string, StoredCard>> {
    const out = new Map<string, StoredCard>(jobIds.map((id) => [id, NO_CARD]));
    if (jobIds.length === 0) return out;
    for (const item of await batchGet(this.gw, jobIds.map(jobCardKey), undefined, true)) {
      const [jobId, stored] = [jobIdOfCard(item), parseCardItem(item)];
      if (jobId && stored) out.set(jobId, stored);
    }
    return out;
  }

  /** A job's stored card, strongly consistent. */
  async getOne(jobId: string): Promise<StoredCard> {
    const out = await this.gw.send<{ Item?: Item }>(
      new GetCommand({ TableName: this.gw.tableName, Key: jobCardKey(jobId), ConsistentRead: true }),
    );
    return (out.Item && parseCardItem(out.Item)) || NO_CARD;
  }

  /** The Put of a card at its next version, conditioned on the version it was built on (for a transaction). */
  putOf(card: JobCard) {
    return versionedPut(this.gw.tableName, cardToItem(card, nowTimestamp()), card.version);
  }

  /** Writes a card if the stored one is still at the version it was built on; false when someone changed it meanwhile. */
  async save(card: JobCard): Promise<boolean> {
    try {
      await this.gw.send(new PutCommand(this.putOf(card)));
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }
}

import type { DynamoGateway } from '../../db/gateway';
import { metricPointToItem, parseMetricItem, type NewMetricPoint } from '../metrics/metric-item';
import type { MetricPoint } from '../metrics/metric-model';
import { PartitionRepository } from '../partition/partition-repository';
import type { StoredCard } from './card-item';
import { CardRepository } from './card-repository';
import { buildCard, cardWithEpoch, type JobCard } from './job-card';

const rowKey = (p: MetricPoint) => `${p.name}\u0000${p.timestamp}`;

/** A new point as readers parse it from its item. */
const asRead = (p: NewMetricPoint) => parseMetricItem(metricPointToItem(p)) as MetricPoint;

/**
 * Keeps job cards in step with the epochs the server writes: the card after an epoch goes into the epoch's own
 * transaction (MetricWriter), conditioned on the version it was built on, so a card never shows an epoch that is not
 * there, nor misses one.
 */
export class CardKeeper {
  constructor(
    private readonly cards: CardRepository,
    private readonly partitions: PartitionRepository,
  ) {}

  static over(gw: DynamoGateway): CardKeeper {
    return new CardKeeper(new CardRepository(gw), new PartitionRepository(gw));
  }

  /**
   * The card after an epoch's points: from the stored card alone when it tells (the usual next epoch), else (no card
   * yet, the epoch has rows already, an epoch older than the last) built from the job's partition, read strongly
   * consistent, with the points added.
   */
  async withEpoch(jobId: string, stored: StoredCard, points: readonly NewMetricPoint[]): Promise<JobCard> {
    const added = points.map(asRead);
    const next = stored.card ? cardWithEpoch(stored.card, added) : null;
    if (next) return next;
    const view = await this.partitions.read(jobId, true);
    const seen = new Set(view.points.map(rowKey));
    return buildCard(jobId, [...view.points, ...added.filter((p) => !seen.has(rowKey(p)))], view.card.version);
  }

  /** The same on the card as stored now (read strongly consistent), for a commit that lost a race for the card. */
  async withEpochNow(jobId: string, points: readonly NewMetricPoint[]): Promise<JobCard> {
    return this.withEpoch(jobId, await this.cards.getOne(jobId), points);
  }

  /** The Put of a card, conditioned on the version it was built on, for a transaction. */
  putOf(card: JobCard) {
    return this.cards.putOf(card);
  }
}

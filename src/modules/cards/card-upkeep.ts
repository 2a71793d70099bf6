import type { Item } from '../../db/batch';
import type { DynamoGateway } from '../../db/gateway';
import { jobIdOfCard } from '../../db/schema';
import { forEachLimited } from '../../platform/concurrency';
import type { ImageChange } from '../catalog/catalog-changes';
import { parseMetricItem } from '../metrics/metric-item';
import type { MetricPoint } from '../metrics/metric-model';
import { isStandardMetric } from '../metrics/metric-rules';
import type { JobPartition } from '../partition/job-partition';
import { PartitionRepository } from '../partition/partition-repository';
import { parseCardItem, sameCardContent, type StoredCard } from './card-item';
import { CardRepository } from './card-repository';
import { buildCard, cardReflects } from './job-card';

const MAX_ATTEMPTS = 10;
/** Jobs whose cards are rebuilt at once. */
const REBUILD_CONCURRENCY = 4;

/** What rebuilding a job's card did. */
export type CardRebuild = 'written' | 'unchanged' | 'no-job';

/** A metric row seen written, and whether it replaced a row of the same key with other content. */
interface SeenRow {
  point: MetricPoint;
  changedInPlace: boolean;
}

/** Whether a row can be on a card at all (run-level rows of metrics other than the standard ones are on none). */
const mayBeOnCard = (p: MetricPoint) => p.epoch !== null || isStandardMetric(p.name);

function changedInPlace(change: ImageChange, point: MetricPoint): boolean {
  if (change.event !== 'MODIFY' || !change.oldImage) return false;
  const before = parseMetricItem(change.oldImage);
  return (
    !before ||
    before.value !== point.value ||
    before.epoch !== point.epoch ||
    before.step !== point.step ||
    before.timestamp !== point.timestamp ||
    JSON.stringify(before.data) !== JSON.stringify(point.data)
  );
}

/**
 * Keeps the cards of jobs written by others (the legacy writer puts rows straight into the table and keeps no card)
 * and rebuilds cards wholesale (`npm run reindex`, the migration): a job's card is built from its partition read
 * strongly consistent, and written only when it changed, conditioned on the version read, so a trainer recording an
 * epoch meanwhile (its transaction puts the card too) is never overwritten: the job is read again.
 */
export class CardUpkeep {
  constructor(
    private readonly cards: CardRepository,
    private readonly partitions: PartitionRepository,
  ) {}

  static over(gw: DynamoGateway): CardUpkeep {
    return new CardUpkeep(new CardRepository(gw), new PartitionRepository(gw));
  }

  /**
   * (Re)builds one job's card from its partition; `firstRead` (a strongly consistent read the caller just made)
   * saves the first read. Nothing is written for a partition without a job item, or when the stored card already
   * says the same.
   */
  async rebuild(jobId: string, firstRead?: JobPartition): Promise<CardRebuild> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const view = attempt === 0 && firstRead ? firstRead : await this.partitions.read(jobId, true);
      if (!view.job) return 'no-job';
      const built = buildCard(jobId, view.points, view.card.version);
      if (view.card.card && sameCardContent(view.card.card, built)) return 'unchanged';
      if (await this.cards.save(built)) return 'written';
    }
    throw new Error(`job ${jobId}: its card kept changing during ${MAX_ATTEMPTS} rebuilds`);
  }

  /**
   * Keeps cards right for rows written without them, from a batch of the table's changes. Server epochs write their
   * card in their own transaction, so their rows are on it (the card's new image in the same batch, or the stored card,
   * says so: one strongly consistent BatchGetItem per 100 jobs); a job with a row its card does not show (or with no
   * card) is rebuilt, a few at a time. Rows of staged epochs are left to their commit, which writes the card. Jobs in
   * `rebuiltAlready` (their card rebuilt from a read made for this batch, see LeaderboardUpkeep.keepUp) are left out.
   */
  async keepUp(changes: readonly ImageChange[], rebuiltAlready: readonly string[] = []): Promise<void> {
    const images = new Map<string, StoredCard>();
    const removed = new Set<string>();
    const rows = new Map<string, SeenRow[]>();
    for (const change of changes) {
      const image: Item | null = change.newImage;
      if (change.event === 'REMOVE' || !image) {
        const gone = change.oldImage ? jobIdOfCard(change.oldImage) : null;
        if (gone) removed.add(gone);
        continue;
      }
      const cardJob = jobIdOfCard(image);
      const stored = cardJob ? parseCardItem(image) : null;
      if (cardJob && stored) {
        images.set(cardJob, stored);
        continue;
      }
      const point = parseMetricItem(image);
      if (!point || point.epochToken || !mayBeOnCard(point)) continue;
      const list = rows.get(point.jobId) ?? [];
      list.push({ point, changedInPlace: changedInPlace(change, point) });
      rows.set(point.jobId, list);
    }
    // A card deleted in the batch went with its job (deleteJob): it is not made again.
    const jobs = [...rows.keys()].filter((id) => !removed.has(id) && !rebuiltAlready.includes(id));
    if (jobs.length === 0) return;
    const stored = await this.cards.getConsistent(jobs.filter((id) => !images.has(id)));
    const stale = jobs.filter((id) => {
      const card = (images.get(id) ?? stored.get(id))?.card;
      return !card || (rows.get(id) ?? []).some((r) => r.changedInPlace || !cardReflects(card, r.point));
    });
    await forEachLimited(stale, REBUILD_CONCURRENCY, async (id) => void (await this.rebuild(id)));
  }
}

/**
 * Rebuilds one job's card from its partition (strongly consistent read; `firstRead` saves it when the caller has
 * one): for the migration, which calls it for every job. Safe to run while trainers write and to run again.
 */
export function rebuildJobCard(gw: DynamoGateway, jobId: string, firstRead?: JobPartition): Promise<CardRebuild> {
  return CardUpkeep.over(gw).rebuild(jobId, firstRead);
}

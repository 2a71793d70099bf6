import type { Item } from '../db/batch';
import type { DynamoGateway } from '../db/gateway';
import { LeaderboardUpkeep } from '../modules/leaderboard/summary-upkeep';
import { CardUpkeep } from '../modules/cards/card-upkeep';
import type { ItemChange } from './table-stream-reader';
import type { PublishEvent } from '../live/live-events';
import { catalogEvent } from './catalog-event';

/** The items a batch of changes wrote (new images of inserts and modifications), as the leaderboard upkeep takes them. */
export function writtenItems(changes: readonly ItemChange[]): Item[] {
  return changes.flatMap((c) => (c.event !== 'REMOVE' && c.newImage ? [c.newImage] : []));
}

/**
 * The consumer's work when it has no live events to publish (LIVE_EVENTS=off): the leaderboard and card upkeep alone,
 * every change handed to them as it comes, so jobs the legacy writer fills rank, and show on cards, without
 * `npm run reindex`.
 */
export class LeaderboardUpkeepFeed {
  private readonly upkeep: LeaderboardUpkeep;
  private readonly cards: CardUpkeep;

  /** `publish`, when given, takes the job catalog's events (the server's own catalog, with live events off). */
  constructor(
    gw: DynamoGateway,
    private readonly publish?: PublishEvent,
  ) {
    this.upkeep = LeaderboardUpkeep.over(gw);
    this.cards = CardUpkeep.over(gw);
  }

  readonly handle = async (batch: ItemChange[]): Promise<void> => {
    // A job read back for its summaries has its card rebuilt from the same read.
    const read = await this.upkeep.keepUp(writtenItems(batch), (view) => this.cards.rebuild(view.jobId, view));
    await this.cards.keepUp(batch, read);
    const forCatalog = this.publish ? catalogEvent(batch) : null;
    if (forCatalog) await this.publish?.(forCatalog);
  };

  /** Nothing waits for the stream's end: no epoch is held back for announcing. */
  readonly caughtUpWith = (): void => undefined;

  async tick(): Promise<void> {}
}

import type { PubSubEngine } from 'graphql-subscriptions';
import type { JobNode } from '../modules/jobs/job-model';
import type { CatalogChange } from '../modules/catalog/catalog-changes';
import type { EpochRow, MetricPoint } from '../modules/metrics/metric-model';

/** What the stream consumer publishes; plain JSON, so it crosses Redis unchanged. */
export type LiveEvent =
  | { kind: 'epoch'; id: string; jobId: string; epoch: EpochRow }
  | { kind: 'job'; id: string; jobId: string; job: JobNode }
  | { kind: 'points'; id: string; jobId: string; name: string; points: MetricPoint[] }
  | { kind: 'catalog'; id: string; changes: CatalogChange[] };

/** The channels an event goes to: one for everyone, one per job (and per job and metric for points). */
export const topics = {
  epochs: (jobId?: string | null) => (jobId ? `epochRecorded:${jobId}` : 'epochRecorded'),
  jobs: (jobId?: string | null) => (jobId ? `jobUpdated:${jobId}` : 'jobUpdated'),
  points: (jobId: string, name: string) => `metricPointsAdded:${jobId}:${name}`,
  /** What every instance's job catalog hears of the table's changes. */
  catalog: () => 'catalogChanges',
};

function topicsOf(event: LiveEvent): string[] {
  switch (event.kind) {
    case 'epoch':
      return [topics.epochs(), topics.epochs(event.jobId)];
    case 'job':
      return [topics.jobs(), topics.jobs(event.jobId)];
    case 'points':
      return [topics.points(event.jobId, event.name)];
    case 'catalog':
      return [topics.catalog()];
  }
}

/** Publishes to whichever PubSub engine fans events out: in memory (one instance) or Redis (several). */
export type PublishEvent = (event: LiveEvent) => Promise<void>;

/** How many event ids one subscription remembers to drop a repeat (a consumer that restarted mid-batch). */
const REMEMBERED_IDS = 10_000;

/**
 * One subscription's events, each id at most once. An iterator object rather than an async generator: a generator
 * waiting for its next event would not act on `return()` (a subscriber leaving) until one arrived.
 */
function distinct(source: AsyncIterator<LiveEvent>, onEnd: () => void): AsyncIterableIterator<LiveEvent> {
  const seen = new Set<string>();
  let ended = false;
  const it: AsyncIterableIterator<LiveEvent> = {
    async next() {
      for (;;) {
        const step = await source.next();
        if (step.done || !seen.has(step.value.id)) {
          if (!step.done) {
            seen.add(step.value.id);
            if (seen.size > REMEMBERED_IDS) seen.delete(seen.values().next().value as string);
          }
          return step;
        }
      }
    },
    async return() {
      if (!ended) onEnd();
      ended = true;
      await source.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => it,
  };
  return it;
}

/** The live events of one server instance or worker, over a PubSub engine. */
export class LiveEvents {
  private active = 0;

  constructor(readonly engine: PubSubEngine) {}

  /** Subscriptions open on this instance (GET /metrics reports it). */
  get activeSubscriptions(): number {
    return this.active;
  }

  readonly publish: PublishEvent = async (event) => {
    await Promise.all(topicsOf(event).map((topic) => this.engine.publish(topic, event)));
  };

  /**
   * Every event of one topic to `onEvent`, once subscribed (the promise resolves when the subscription is in place,
   * on Redis too); the returned function ends it. For the server's own listeners, not counted as subscriptions.
   */
  async listen(topic: string, onEvent: (event: LiveEvent) => void): Promise<() => void> {
    const id = await this.engine.subscribe(topic, onEvent, {});
    return () => this.engine.unsubscribe(id);
  }

  /** The events of one topic for one subscriber, without repeats. */
  subscribe(topic: string): AsyncIterableIterator<LiveEvent> {
    this.active++;
    return distinct(this.engine.asyncIterableIterator<LiveEvent>(topic), () => this.active--);
  }
}

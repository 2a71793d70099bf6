import { ChartsEpochRecordedDocument, ChartsPointsAddedDocument, type ChartsEpochRecordedSubscription } from '../generated/graphql.js';
import { subscribe } from '../lib/live.js';
import { toChartPoint } from './chart-data.js';
import type { ChartPoint } from './series-data.js';

/*
 * What the charts follow live while they are on the page: a charted run's new epochs (one subscription per run, shared
 * by all its charts) and a step series' new points (one subscription per run and metric).
 */

type Epoch = ChartsEpochRecordedSubscription['epochRecorded'];

interface EpochFeed {
  listeners: Set<{ next: (epoch: Epoch) => void; missed: () => void }>;
  stop: () => void;
}

const epochFeeds = new Map<string, EpochFeed>();

/** Follows run `jobId`'s recorded epochs until the returned function is called; `missed`: events may have been lost. */
export function followEpochs(jobId: string, next: (epoch: Epoch) => void, missed: () => void): () => void {
  let feed = epochFeeds.get(jobId);
  if (!feed) {
    const listeners: EpochFeed['listeners'] = new Set();
    const stop = subscribe(
      ChartsEpochRecordedDocument,
      { jobId },
      (data) => listeners.forEach((l) => l.next(data.epochRecorded)),
      () => listeners.forEach((l) => l.missed()),
    );
    feed = { listeners, stop };
    epochFeeds.set(jobId, feed);
  }
  const listener = { next, missed };
  feed.listeners.add(listener);
  const current = feed;
  return () => {
    current.listeners.delete(listener);
    if (current.listeners.size === 0) {
      current.stop();
      epochFeeds.delete(jobId);
    }
  };
}

/** Follows the step points run `jobId` logs of metric `name`. */
export function followPoints(jobId: string, name: string, next: (points: ChartPoint[]) => void, missed: () => void): () => void {
  return subscribe(ChartsPointsAddedDocument, { jobId, name }, (data) => next(data.metricPointsAdded.map(toChartPoint)), missed);
}

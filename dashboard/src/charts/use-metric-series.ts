import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { coalesce } from '../lib/coalesce.js';
import { epochPoint, MetricSeriesData } from './chart-data.js';
import { followEpochs, followPoints } from './live-feed.js';
import { useFetchWidth } from './use-width.js';

/** Live points re-render their chart at most this often (a burst from twenty runs costs one draw). */
const LIVE_REDRAW_MS = 250;

/**
 * One metric's points for a chart of `ids`: fetched once the chart's width is known (maxPoints = that width, again if
 * it changes by half), then followed live for the runs in `live` (all when null) while the chart is mounted.
 */
export function useMetricSeries(name: string, ids: readonly string[], live: ReadonlySet<string> | null, width: number) {
  const [, setVersion] = useState(0);
  const key = ids.join(',');
  const data = useMemo(() => new MetricSeriesData(name, ids, () => setVersion((n) => n + 1)), [name, key]);

  const fetchWidth = useFetchWidth(width);
  useEffect(() => {
    if (fetchWidth > 0) void data.load(fetchWidth);
  }, [data, fetchWidth]);

  // Whichever a series turns out to be, a run is first followed both ways: new step points and new epochs. Once the
  // series' kind is known (its points read, or the first live ones), the way that does not fit is dropped.
  const prune = useRef<() => void>(() => undefined);
  const liveKey = live ? [...live].sort().join(',') : '*';
  useEffect(() => {
    const followed = live ? ids.filter((id) => live.has(id)) : ids;
    const redraw = coalesce(() => setVersion((n) => n + 1), LIVE_REDRAW_MS);
    const reread = coalesce(() => void data.load(data.maxPoints || fetchWidth), 1000);
    const follows = new Map<string, () => void>();
    for (const id of followed) {
      follows.set(
        `${id} step`,
        followPoints(id, name, (points) => data.append(id, points, 'step', redraw), reread),
      );
      const onEpoch = (epoch: Parameters<typeof epochPoint>[0]) => {
        const p = epochPoint(epoch, name);
        if (p) data.append(id, [p], 'epoch', redraw);
      };
      follows.set(`${id} epoch`, followEpochs(id, onEpoch, reread));
    }
    prune.current = () => {
      for (const id of followed) {
        const kind = data.kindOf(id);
        const unfit = kind && `${id} ${kind === 'step' ? 'epoch' : 'step'}`;
        if (unfit && follows.has(unfit)) {
          follows.get(unfit)?.();
          follows.delete(unfit);
        }
      }
    };
    prune.current();
    return () => {
      prune.current = () => undefined;
      follows.forEach((stop) => stop());
    };
  }, [data, liveKey]);
  useEffect(() => prune.current(), [data, data.version]);

  return data;
}

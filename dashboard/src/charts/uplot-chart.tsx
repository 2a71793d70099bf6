import uPlot from 'uplot';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { chartOptions, type ChartEvents, type ChartShape } from './chart-options.js';

/*
 * One uPlot chart in a Preact component: built when its shape (series, axis, scale, theme) changes, given new data
 * with setData, zoomed with setScale, resized with setSize. Reports how long each draw took from the construction or
 * setData that caused it.
 */

export interface UplotChartProps {
  shape: ChartShape;
  /** Identifies the shape: a new key builds a new chart (a new series, the log scale, the theme...). */
  shapeKey: string;
  data: uPlot.AlignedData;
  width: number;
  height: number;
  zoom: [number, number] | null;
  /** Charts with the same key share the cursor. */
  syncKey: string;
  onZoom(range: [number, number]): void;
  onReset(): void;
  onCursor(u: uPlot): void;
  /** After each draw; `ms`: how long uPlot took from the construction or setData that caused it (null for a zoom...). */
  onDrawn(ms: number | null, u: uPlot): void;
}

/** The whole of the data's x values (with a little room when there is a single one). */
function fullRange(min: number | null, max: number | null): [number, number] {
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  return min === max ? [min - 1, max + 1] : [min, max];
}

export function UplotChart(props: UplotChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(props);
  latest.current = props;
  /** When the pending draw was asked for (construction or setData), for its duration. */
  const asked = useRef<number | null>(null);

  useLayoutEffect(() => {
    if (!host.current || props.width <= 0) return;
    const events: ChartEvents = {
      zoom: (range) => latest.current.onZoom(range),
      reset: () => latest.current.onReset(),
      cursor: (u) => latest.current.onCursor(u),
      drawn: (u) => {
        const ms = asked.current === null ? null : performance.now() - asked.current;
        asked.current = null;
        latest.current.onDrawn(ms, u);
      },
      xRange: (min, max) => latest.current.zoom ?? fullRange(min, max),
    };
    asked.current = performance.now();
    const u = new uPlot(
      { ...chartOptions(props.shape, events, props.height, props.syncKey), width: props.width },
      props.data,
      host.current,
    );
    plot.current = u;
    return () => {
      u.destroy();
      plot.current = null;
    };
  }, [props.shapeKey, props.width > 0]);

  useLayoutEffect(() => {
    const u = plot.current;
    if (!u || u.data === props.data) return;
    asked.current = performance.now();
    u.setData(props.data);
  }, [props.data]);

  useLayoutEffect(() => {
    const u = plot.current;
    if (!u) return;
    const xs = u.data[0];
    const [min, max] = props.zoom ?? fullRange(xs.length ? xs[0] : null, xs.length ? xs[xs.length - 1] : null);
    if (u.scales.x.min !== min || u.scales.x.max !== max) u.setScale('x', { min, max });
  }, [props.zoom?.[0], props.zoom?.[1]]);

  useLayoutEffect(() => {
    const u = plot.current;
    if (u && props.width > 0 && (u.width !== props.width || u.height !== props.height))
      u.setSize({ width: props.width, height: props.height });
  }, [props.width, props.height]);

  return <div ref={host} class="uplot-host" />;
}

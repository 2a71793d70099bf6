import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { configText, num } from '../lib/format.js';
import { cssVar, useTheme } from '../lib/theme.js';
import type { HRun } from './hparams-data.js';
import { scaleOf } from './scales.js';
import { sizedContext, useWidth } from './sizing.js';

const HEIGHT = 340;
const M = { top: 14, right: 20, bottom: 46, left: 68 };
const RADIUS = 3.5;
/** Room beyond the extreme values (a fraction of the span), so no point sits on the frame. */
const MARGIN = 0.04;
/** The hover cursor picks the nearest point within this many pixels. */
const PICK = 12;

/** A small fixed spread of a point around its category (so runs of one category do not hide each other). */
const jitter = (i: number) => (((i * 2654435761) >>> 0) % 1000) / 1000 - 0.5;

/**
 * A scatter of one config key (x) against a metric's best value (y), one point per run with both values, on a canvas;
 * x on a log scale when the key spans decades, categories spread evenly. Hovering shows the nearest run's name and values.
 */
export function Scatter(props: {
  runs: HRun[];
  x: (run: HRun) => unknown;
  xLabel: string;
  yLabel: string;
  mask: Uint8Array;
  anyBrush: boolean;
  color: (best: number | null) => string | null;
}) {
  const { runs, mask } = props;
  const [box, width] = useWidth<HTMLDivElement>();
  const canvas = useRef<HTMLCanvasElement>(null);
  const theme = useTheme();
  const [hover, setHover] = useState<number | null>(null);
  const plotW = width - M.left - M.right;
  const plotH = HEIGHT - M.top - M.bottom;
  const xScale = useMemo(() => scaleOf(runs.map(props.x), num, MARGIN), [runs, props.x]);
  const yScale = useMemo(
    () =>
      scaleOf(
        runs.map((r) => r.y),
        num,
        MARGIN,
      ),
    [runs],
  );
  /** Each run's point in pixels, or null when it lacks the x or y value. */
  const points = useMemo(() => {
    const slot = xScale.kind === 'category' ? plotW / Math.max(1, xScale.categories.length) : 0;
    return runs.map((run, i) => {
      const tx = xScale.at(props.x(run));
      const ty = yScale.kind === 'category' ? null : yScale.at(run.y);
      if (tx === null || ty === null) return null;
      return [M.left + tx * plotW + jitter(i) * slot * 0.5, M.top + (1 - ty) * plotH] as const;
    });
  }, [runs, xScale, yScale, width]);
  const drawn = points.filter(Boolean).length;

  useEffect(() => {
    const ctx = canvas.current && sizedContext(canvas.current, width, HEIGHT);
    if (!ctx) return;
    ctx.clearRect(0, 0, width, HEIGHT);
    const muted = cssVar('--axis') || '#888';
    const order = runs.map((_, i) => i).sort((p, q) => mask[p] - mask[q] || (runs[p].best ?? -1) - (runs[q].best ?? -1));
    for (const i of order) {
      const p = points[i];
      if (!p) continue;
      const inside = mask[i] === 1;
      ctx.globalAlpha = inside ? 0.9 : props.anyBrush ? 0.2 : 0.6;
      ctx.fillStyle = (inside && props.color(runs[i].best)) || muted;
      ctx.beginPath();
      ctx.arc(p[0], p[1], RADIUS, 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.globalAlpha = 1;
  }, [points, mask, theme]);

  const pick = (e: PointerEvent) => {
    const rect = box.current?.getBoundingClientRect();
    if (!rect) return;
    const [mx, my] = [e.clientX - rect.left, e.clientY - rect.top];
    let best: number | null = null;
    let bestD = PICK * PICK;
    points.forEach((p, i) => {
      if (!p) return;
      const d = (p[0] - mx) ** 2 + (p[1] - my) ** 2;
      if (d <= bestD) [best, bestD] = [i, d];
    });
    setHover(best);
  };
  const hovered = hover !== null && points[hover] ? { run: runs[hover], at: points[hover] as readonly [number, number] } : null;

  return (
    <div
      class="scatter"
      ref={box}
      style={{ height: `${HEIGHT}px` }}
      onPointerMove={pick}
      onPointerLeave={() => setHover(null)}
      data-hover={hovered?.run.id ?? ''}
    >
      <canvas
        ref={canvas}
        role="img"
        aria-label={`Scatter of ${props.xLabel} against ${props.yLabel}: ${drawn} runs`}
        style={{ width: `${width}px`, height: `${HEIGHT}px` }}
        data-points={drawn}
        data-x-scale={xScale.kind}
        data-plot={`${M.left},${M.top},${plotW},${plotH}`}
        data-x-domain={`${xScale.invert(0)},${xScale.invert(1)}`}
        data-y-domain={`${yScale.invert(0)},${yScale.invert(1)}`}
      />
      <svg class="plot-axes" width={width} height={HEIGHT} aria-hidden="true">
        <line class="axis-line" x1={M.left} x2={M.left + plotW} y1={M.top + plotH} y2={M.top + plotH} />
        <line class="axis-line" x1={M.left} x2={M.left} y1={M.top} y2={M.top + plotH} />
        {xScale.ticks().map((t, k) => (
          <g key={`x${k}`} transform={`translate(${M.left + t.at * plotW},${M.top + plotH})`}>
            <line class="grid-line" y1={-plotH} y2={0} />
            <text class="tick-label" y={16} text-anchor="middle">
              {t.label.length > 14 ? `${t.label.slice(0, 13)}…` : t.label}
            </text>
          </g>
        ))}
        {yScale.kind === 'category'
          ? null
          : yScale.ticks().map((t, k) => (
              <g key={`y${k}`} transform={`translate(${M.left},${M.top + (1 - t.at) * plotH})`}>
                <line class="grid-line" x2={plotW} />
                <text class="tick-label" x={-7} dy="0.32em" text-anchor="end">
                  {t.label}
                </text>
              </g>
            ))}
        <text class="axis-title" x={M.left + plotW / 2} y={HEIGHT - 6} text-anchor="middle">
          {props.xLabel}
          {xScale.kind === 'log' ? ' (log)' : ''}
        </text>
        <text class="axis-title" transform={`translate(14,${M.top + plotH / 2}) rotate(-90)`} text-anchor="middle">
          {props.yLabel} (best)
        </text>
        {hovered ? <circle class="hover-ring" cx={hovered.at[0]} cy={hovered.at[1]} r={RADIUS + 3} /> : null}
      </svg>
      {hovered ? (
        <div
          class="tooltip"
          style={{
            left: `${Math.min(hovered.at[0] + 12, width - 220)}px`,
            top: `${Math.max(0, hovered.at[1] - 60)}px`,
          }}
        >
          <strong class="ellipsis" title={hovered.run.name}>
            {hovered.run.name}
          </strong>
          <span>
            {props.xLabel}: {configText(props.x(hovered.run))}
          </span>
          <span>
            {props.yLabel}: {num(hovered.run.y)}
          </span>
        </div>
      ) : null}
    </div>
  );
}

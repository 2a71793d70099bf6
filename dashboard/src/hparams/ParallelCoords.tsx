import { useEffect, useMemo, useRef } from 'preact/hooks';
import { mark } from '../lib/perf.js';
import { cssVar, useTheme } from '../lib/theme.js';
import type { Axis } from './axes.js';
import { roundRange, type Brushes } from './brushes.js';
import type { HRun } from './hparams-data.js';
import { sizedContext, useWidth } from './sizing.js';

export type BrushPhase = 'start' | 'move' | 'end';

const HEIGHT = 400;
const M = { top: 46, right: 60, bottom: 48, left: 70 };
const PLOT_H = HEIGHT - M.top - M.bottom;
/** Where a run without a value on an axis crosses it: a slot under the axis, marked '–'. */
const MISSING_Y = M.top + PLOT_H + 26;
/** The most category labels an axis writes (every k-th past that). */
const MAX_LABELS = 14;

const clamp01 = (t: number) => Math.min(1, Math.max(0, t));
const yOf = (t: number) => M.top + (1 - t) * PLOT_H;
const short = (text: string, chars: number) => (text.length > chars ? `${text.slice(0, Math.max(1, chars - 1))}…` : text);

/** The brushed range between two heights on an axis: values (numeric axes) or whole categories (category axes). */
function rangeBetween(axis: Axis, y0: number, y1: number): [number, number] | null {
  const [a, b] = [y0, y1].map((y) => axis.scale.invert(clamp01(1 - (y - M.top) / PLOT_H))).sort((p, q) => p - q);
  if (axis.scale.kind !== 'category') return roundRange(a, b);
  const last = axis.scale.categories.length - 1;
  return roundRange(Math.max(0, Math.round(a)) - 0.4, Math.min(last, Math.round(b)) + 0.4);
}

/**
 * Parallel coordinates: one vertical axis per config key and the best val_f1 last, one polyline per run coloured by its
 * best val_f1, drawn on a canvas (thousands of runs); the axes, their ticks and the brushes are an SVG overlay. Dragging
 * vertically on an axis brushes a range; a click on an axis clears its brush. Runs outside a brush are drawn faint.
 */
export function ParallelCoords(props: {
  runs: HRun[];
  axes: Axis[];
  mask: Uint8Array;
  brushes: Brushes;
  color: (best: number | null) => string | null;
  onBrush(key: string, range: [number, number] | null, phase: BrushPhase): void;
}) {
  const { runs, axes, mask, brushes } = props;
  const [box, width] = useWidth<HTMLDivElement>();
  const canvas = useRef<HTMLCanvasElement>(null);
  const theme = useTheme();
  const plotW = width - M.left - M.right;
  const xs = axes.map((_, i) => M.left + (axes.length === 1 ? plotW / 2 : (i * plotW) / (axes.length - 1)));
  const anyBrush = axes.some((a) => brushes[a.key]);
  const spacing = axes.length > 1 ? plotW / (axes.length - 1) : plotW;
  /** Each axis's place of each run (null: no value, drawn in the slot under the axis). */
  const ys = useMemo(() => axes.map((a) => runs.map((r) => a.scale.at(a.value(r)))), [runs, axes]);
  const missing = ys.map((col) => col.filter((t) => t === null).length);

  useEffect(() => {
    const el = canvas.current;
    const ctx = el && sizedContext(el, width, HEIGHT);
    if (!ctx) return;
    const started = performance.now();
    ctx.clearRect(0, 0, width, HEIGHT);
    ctx.lineWidth = 1;
    const line = (i: number) => {
      ctx.beginPath();
      axes.forEach((_, k) => {
        const t = ys[k][i];
        const y = t === null ? MISSING_Y : yOf(t);
        if (k === 0) ctx.moveTo(xs[k], y);
        else ctx.lineTo(xs[k], y);
      });
      ctx.stroke();
    };
    // Faint lines first (outside the brushes), then the brushed ones, best val_f1 drawn last (on top).
    const muted = cssVar('--axis') || '#888';
    ctx.strokeStyle = muted;
    ctx.globalAlpha = anyBrush ? 0.12 : 0.35;
    for (let i = 0; i < runs.length; i++) if (!mask[i] || !props.color(runs[i].best)) line(i);
    ctx.globalAlpha = runs.length > 1500 ? 0.45 : 0.85;
    const order = runs.map((_, i) => i).filter((i) => mask[i] && props.color(runs[i].best));
    order.sort((p, q) => (runs[p].best ?? -Infinity) - (runs[q].best ?? -Infinity));
    for (const i of order) {
      ctx.strokeStyle = props.color(runs[i].best) as string;
      line(i);
    }
    ctx.globalAlpha = 1;
    mark('hparams-drawn', { runs: runs.length, ms: performance.now() - started });
  }, [ys, mask, width, theme]);

  const drag = useRef<{ axis: Axis; y0: number; moved: boolean; range: [number, number] | null } | null>(null);
  const yIn = (e: PointerEvent) => e.clientY - (box.current?.getBoundingClientRect().top ?? 0);

  const brushed = mask.reduce((n, m) => n + m, 0);
  return (
    <div class="pc" ref={box} style={{ height: `${HEIGHT}px` }}>
      <canvas
        ref={canvas}
        role="img"
        aria-label={`Parallel coordinates of ${runs.length} runs over ${axes.map((a) => a.label).join(', ')}; ${brushed} inside the brushes; lines coloured by best val_f1`}
        style={{ width: `${width}px`, height: `${HEIGHT}px` }}
        data-lines={runs.length}
        data-brushed={brushed}
      />
      <svg class="pc-overlay" width={width} height={HEIGHT} aria-hidden="true">
        {axes.map((axis, i) => {
          const ticks = axis.scale.ticks();
          const every = Math.ceil(ticks.length / MAX_LABELS);
          const range = brushes[axis.key];
          const brushY = range ? [range[1], range[0]].map((v) => yOf(clamp01(axis.scale.position(v)))) : null;
          return (
            <g
              key={axis.key}
              class="pc-axis"
              transform={`translate(${xs[i]},0)`}
              data-axis={axis.key}
              data-kind={axis.scale.kind}
              data-x={xs[i]}
              data-top={M.top}
              data-bottom={M.top + PLOT_H}
            >
              <text class="pc-title" y={M.top - 22} text-anchor="middle">
                <title>{axis.label}</title>
                {short(axis.label, Math.max(6, Math.floor(spacing / 7.5)))}
              </text>
              <line class="pc-line" y1={M.top} y2={M.top + PLOT_H} />
              {ticks.map((t, k) =>
                k % every ? null : (
                  <g key={k} transform={`translate(0,${yOf(t.at)})`}>
                    <line class="pc-tick" x1={-4} x2={0} />
                    <text class="pc-tick-label" x={-7} dy="0.32em" text-anchor="end">
                      <title>{t.label}</title>
                      {short(t.label, 16)}
                    </text>
                  </g>
                ),
              )}
              {missing[i] ? (
                <text class="pc-missing" y={MISSING_Y} dy="0.32em" text-anchor="middle" data-missing={missing[i]}>
                  <title>{`${missing[i]} run${missing[i] === 1 ? '' : 's'} without a value`}</title>–
                </text>
              ) : null}
              {brushY ? (
                <rect
                  class="pc-brush"
                  x={-9}
                  width={18}
                  y={brushY[0]}
                  height={Math.max(2, brushY[1] - brushY[0])}
                  data-lo={range?.[0]}
                  data-hi={range?.[1]}
                />
              ) : null}
              <rect
                class="pc-hit"
                x={-16}
                width={32}
                y={M.top - 6}
                height={PLOT_H + 12}
                onPointerDown={(e) => {
                  (e.currentTarget as Element).setPointerCapture(e.pointerId);
                  drag.current = { axis, y0: yIn(e), moved: false, range: null };
                  e.preventDefault();
                }}
                onPointerMove={(e) => {
                  const d = drag.current;
                  if (!d || d.axis.key !== axis.key) return;
                  const y = yIn(e);
                  if (!d.moved && Math.abs(y - d.y0) < 3) return;
                  const next = rangeBetween(axis, d.y0, y);
                  if (!next) return;
                  props.onBrush(axis.key, next, d.moved ? 'move' : 'start');
                  d.moved = true;
                  d.range = next;
                }}
                onPointerUp={() => {
                  const d = drag.current;
                  drag.current = null;
                  if (!d || d.axis.key !== axis.key) return;
                  props.onBrush(axis.key, d.moved ? d.range : null, 'end');
                }}
                onPointerCancel={() => (drag.current = null)}
              />
            </g>
          );
        })}
      </svg>
    </div>
  );
}

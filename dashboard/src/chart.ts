/**
 * An SVG line chart over epochs with two value axes: each series is drawn against the left or the right axis, so two
 * metrics of different scales (val_f1, eval_loss) overlay on one chart; a job keeps its colour across both.
 */

export interface Series {
  id: string;
  label: string;
  metric: string;
  axis: 'left' | 'right';
  colour: string;
  points: { x: number; y: number }[];
}

const SVG = 'http://www.w3.org/2000/svg';
export const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#be185d', '#4d7c0f'];

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function ticks(lo: number, hi: number, count: number): number[] {
  return Array.from({ length: count + 1 }, (_, i) => lo + ((hi - lo) * i) / count);
}

function range(values: number[]): [number, number] {
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
}

/** Draws `series` into `svg`, replacing what was there; each axis is labelled with the metric drawn against it. */
export function renderLineChart(svg: SVGSVGElement, series: readonly Series[]): void {
  svg.replaceChildren();
  const width = 760;
  const height = 340;
  const pad = { left: 60, right: 230, top: 30, bottom: 40 };
  const plotRight = width - pad.right;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) {
    svg.append(el('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'empty' }, 'no points for the selected jobs'));
    return;
  }
  const xs = all.map((p) => p.x);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const sx = (x: number) => pad.left + (x1 === x0 ? 0.5 : (x - x0) / (x1 - x0)) * (plotRight - pad.left);
  const axes = el('g', { class: 'axes' });
  axes.append(el('line', { x1: pad.left, y1: height - pad.bottom, x2: plotRight, y2: height - pad.bottom }));
  for (const t of [...new Set(xs)].sort((a, b) => a - b))
    axes.append(el('text', { x: sx(t), y: height - pad.bottom + 16, 'text-anchor': 'middle' }, String(t)));
  axes.append(el('text', { x: (pad.left + plotRight) / 2, y: height - 6, 'text-anchor': 'middle' }, 'epoch'));
  const scales = new Map<Series['axis'], (y: number) => number>();
  for (const axis of ['left', 'right'] as const) {
    const on = series.filter((s) => s.axis === axis);
    const ys = on.flatMap((s) => s.points.map((p) => p.y));
    if (ys.length === 0) continue;
    const [y0, y1] = range(ys);
    const sy = (y: number) => height - pad.bottom - ((y - y0) / (y1 - y0)) * (height - pad.top - pad.bottom);
    scales.set(axis, sy);
    const x = axis === 'left' ? pad.left : plotRight;
    axes.append(el('line', { x1: x, y1: pad.top, x2: x, y2: height - pad.bottom }));
    for (const t of ticks(y0, y1, 4))
      axes.append(
        el('text', { x: axis === 'left' ? x - 6 : x + 6, y: sy(t) + 4, 'text-anchor': axis === 'left' ? 'end' : 'start' }, t.toFixed(3)),
      );
    const label = `${on[0].metric}${axis === 'right' ? ' (dashed)' : ''}`;
    axes.append(
      el(
        'text',
        {
          x: axis === 'left' ? 8 : plotRight - 8,
          y: 14,
          class: 'y-label',
          'data-axis': axis,
          'text-anchor': axis === 'left' ? 'start' : 'end',
        },
        label,
      ),
    );
  }
  svg.append(axes);
  series.forEach((s, i) => {
    const sy = scales.get(s.axis);
    if (!sy || s.points.length === 0) return;
    const sorted = [...s.points].sort((a, b) => a.x - b.x);
    const d = sorted.map((p, j) => `${j ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
    const path = el('path', { d, class: 'series', stroke: s.colour, fill: 'none', 'data-job': s.id, 'data-metric': s.metric });
    if (s.axis === 'right') path.setAttribute('stroke-dasharray', '6 4');
    svg.append(path);
    for (const p of sorted)
      svg.append(el('circle', { cx: sx(p.x), cy: sy(p.y), r: 3, fill: s.colour, class: 'dot', 'data-metric': s.metric }));
    const ly = pad.top + 6 + i * 18;
    svg.append(el('rect', { x: plotRight + 60, y: ly - 9, width: 10, height: 10, fill: s.colour }));
    svg.append(el('text', { x: plotRight + 76, y: ly, class: 'legend' }, `${s.label} ${s.metric}`));
  });
}

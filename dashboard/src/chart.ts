/** An SVG line chart: one path per series over a shared x (epoch) and y (value) scale, with axes and a legend. */

export interface Series {
  id: string;
  label: string;
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
  if (hi === lo) return [lo];
  return Array.from({ length: count + 1 }, (_, i) => lo + ((hi - lo) * i) / count);
}

/** Draws `series` into `svg` (replacing what was there); `yLabel` names the metric. */
export function renderLineChart(svg: SVGSVGElement, series: readonly Series[], yLabel: string): void {
  svg.replaceChildren();
  const width = 720;
  const height = 320;
  const pad = { left: 56, right: 170, top: 30, bottom: 40 };
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) {
    svg.append(el('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'empty' }, 'no points for the selected jobs'));
    return;
  }
  const [xs, ys] = [all.map((p) => p.x), all.map((p) => p.y)];
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (y0 === y1) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  const sx = (x: number) => pad.left + (x1 === x0 ? 0.5 : (x - x0) / (x1 - x0)) * (width - pad.left - pad.right);
  const sy = (y: number) => height - pad.bottom - ((y - y0) / (y1 - y0)) * (height - pad.top - pad.bottom);
  const axes = el('g', { class: 'axes' });
  axes.append(el('line', { x1: pad.left, y1: height - pad.bottom, x2: width - pad.right, y2: height - pad.bottom }));
  axes.append(el('line', { x1: pad.left, y1: pad.top, x2: pad.left, y2: height - pad.bottom }));
  for (const t of ticks(y0, y1, 4)) axes.append(el('text', { x: pad.left - 6, y: sy(t) + 4, 'text-anchor': 'end' }, t.toFixed(3)));
  for (const t of [...new Set(xs)].sort((a, b) => a - b)) axes.append(el('text', { x: sx(t), y: height - pad.bottom + 16, 'text-anchor': 'middle' }, String(t)));
  axes.append(el('text', { x: (pad.left + width - pad.right) / 2, y: height - 6, 'text-anchor': 'middle' }, 'epoch'));
  axes.append(el('text', { x: 8, y: 14, class: 'y-label' }, yLabel));
  svg.append(axes);
  series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    const sorted = [...s.points].sort((a, b) => a.x - b.x);
    const d = sorted.map((p, j) => `${j ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
    svg.append(el('path', { d, class: 'series', stroke: color, 'data-job': s.id, fill: 'none' }));
    for (const p of sorted) svg.append(el('circle', { cx: sx(p.x), cy: sy(p.y), r: 3, fill: color, class: 'dot' }));
    const ly = pad.top + 14 + i * 18;
    svg.append(el('rect', { x: width - pad.right + 12, y: ly - 9, width: 10, height: 10, fill: color }));
    svg.append(el('text', { x: width - pad.right + 28, y: ly, class: 'legend' }, s.label));
  });
}

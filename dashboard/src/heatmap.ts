/** A per-label F1 heat map: one row per label, one column per epoch, each cell coloured by its F1. */

export interface LabelCell {
  label: string;
  epoch: number | null;
  f1: number | null;
}

/** White (0) to green (1). */
function colour(f1: number): string {
  const t = Math.max(0, Math.min(1, f1));
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${mix(254, 22)}, ${mix(242, 163)}, ${mix(242, 74)})`;
}

export function renderHeatmap(table: HTMLTableElement, cells: readonly LabelCell[]): void {
  table.replaceChildren();
  const scored = cells.filter((c): c is LabelCell & { epoch: number } => c.epoch !== null);
  const epochs = [...new Set(scored.map((c) => c.epoch))].sort((a, b) => a - b);
  const labels = [...new Set(scored.map((c) => c.label))].sort();
  if (labels.length === 0) {
    table.append(Object.assign(document.createElement('caption'), { textContent: 'no per-label scores for this job' }));
    return;
  }
  const head = table.createTHead().insertRow();
  head.append(Object.assign(document.createElement('th'), { textContent: 'label \\ epoch' }));
  for (const e of epochs) head.append(Object.assign(document.createElement('th'), { textContent: String(e) }));
  const body = table.createTBody();
  const at = new Map(scored.map((c) => [`${c.label}\u0000${c.epoch}`, c.f1]));
  for (const label of labels) {
    const row = body.insertRow();
    row.append(Object.assign(document.createElement('th'), { textContent: label }));
    for (const epoch of epochs) {
      const td = row.insertCell();
      const f1 = at.get(`${label}\u0000${epoch}`);
      td.className = 'cell';
      td.dataset.label = label;
      td.dataset.epoch = String(epoch);
      if (f1 === undefined || f1 === null) {
        td.textContent = '';
        continue;
      }
      td.dataset.f1 = String(f1);
      td.textContent = f1.toFixed(2);
      td.title = `${label}, epoch ${epoch}: F1 ${f1}`;
      td.style.background = colour(f1);
    }
  }
}

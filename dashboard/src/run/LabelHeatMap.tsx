import { num } from '../lib/format.js';
import { textOn, VIRIDIS_GRADIENT } from '../lib/color-ramps.js';
import { f1Color, f1Domain } from './heat-scale.js';
import type { RunJob } from './use-run.js';

/** The legend's ticks: its two ends and the tenths between them, at most six. */
function ticks([lo, hi]: [number, number]): number[] {
  const tenths = Math.round((hi - lo) * 10);
  const step = Math.max(1, Math.ceil(tenths / 5));
  const out: number[] = [];
  for (let i = 0; i < tenths; i += step) out.push(Number((lo + i / 10).toFixed(1)));
  return [...out, hi];
}

function Legend(props: { domain: [number, number] }) {
  const [lo, hi] = props.domain;
  return (
    <div class="heat-legend" aria-hidden="true">
      <span class="muted">F1</span>
      <div class="scale">
        <div class="bar" style={{ background: VIRIDIS_GRADIENT }} />
        <div class="ticks">
          {ticks(props.domain).map((t) => (
            <span key={t} style={{ left: `${((t - lo) / (hi - lo)) * 100}%` }}>
              {num(t)}
            </span>
          ))}
        </div>
      </div>
      <span class="missing-swatch" />
      <span class="muted">no value</span>
      <span class="best-mark">★</span>
      <span class="muted">best epoch</span>
    </div>
  );
}

/**
 * Per-label F1 over the epochs: a table (labels down, epochs across) with each value as text, its cell coloured on the
 * F1 scale of the legend, the best epoch's column marked, a label an epoch did not record shown as missing. Cells take
 * the keyboard focus and say their label, epoch and value.
 */
export function LabelHeatMap(props: { epochs: RunJob['epochs']; bestEpoch: number | null }) {
  const { epochs, bestEpoch } = props;
  const labels = [...new Set(epochs.flatMap((e) => e.labels.map((l) => l.label)))].sort();
  if (!labels.length) return <p class="muted">No per-label metrics recorded.</p>;
  const byEpoch = new Map(epochs.map((e) => [e.epoch, new Map(e.labels.map((l) => [l.label, l.f1]))]));
  const values = epochs.flatMap((e) => e.labels.map((l) => l.f1).filter((v): v is number => v !== null));
  const domain = f1Domain(values);
  return (
    <>
      <Legend domain={domain} />
      <div class="heat-scroll">
        <table class="heat-map" id="heatmap">
          <caption class="visually-hidden">F1 per label (rows) and epoch (columns); the best epoch is marked with a star</caption>
          <thead>
            <tr>
              <th scope="col">Label</th>
              {epochs.map((e) => (
                <th
                  key={e.epoch}
                  scope="col"
                  class={e.epoch === bestEpoch ? 'best' : undefined}
                  data-epoch={e.epoch}
                  title={e.epoch === bestEpoch ? `epoch ${e.epoch}: the best epoch by val_f1` : `epoch ${e.epoch}`}
                >
                  {e.epoch === bestEpoch ? (
                    <>
                      <span aria-hidden="true">★ </span>
                      <span class="visually-hidden">best epoch </span>
                    </>
                  ) : null}
                  {e.epoch}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label) => (
              <tr key={label}>
                <th scope="row" class="label" title={label}>
                  {label}
                </th>
                {epochs.map((e) => {
                  const f1 = byEpoch.get(e.epoch)?.get(label);
                  const best = e.epoch === bestEpoch ? ' best' : '';
                  if (f1 === undefined || f1 === null)
                    return (
                      <td
                        key={e.epoch}
                        class={`cell missing${best}`}
                        tabIndex={0}
                        data-label={label}
                        data-epoch={e.epoch}
                        data-f1=""
                        title={`${label}, epoch ${e.epoch}: not recorded`}
                      >
                        <span aria-hidden="true">–</span>
                        <span class="visually-hidden">not recorded</span>
                      </td>
                    );
                  const background = f1Color(f1, domain);
                  return (
                    <td
                      key={e.epoch}
                      class={`cell${best}`}
                      tabIndex={0}
                      data-label={label}
                      data-epoch={e.epoch}
                      data-f1={f1}
                      title={`${label}, epoch ${e.epoch}: F1 ${num(f1)}`}
                      style={{ background, color: textOn(background) }}
                    >
                      {num(f1, 2)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

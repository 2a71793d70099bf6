import { num } from '../lib/format.js';
import { VIRIDIS_GRADIENT } from '../lib/color-ramps.js';
import { niceTicks } from './scales.js';

/** The colour scale's legend: the gradient from the lowest to the highest best val_f1, with ticks, and the no-value colour. */
export function ColorLegend(props: { lo: number; hi: number; missing: number }) {
  const { lo, hi } = props;
  const span = hi - lo || 1;
  return (
    <div class="color-legend" aria-label={`Line colour: best val_f1 from ${num(lo)} to ${num(hi)}`} role="img">
      <span class="legend-title">best val_f1</span>
      <span class="legend-scale">
        <span class="legend-bar" style={{ background: VIRIDIS_GRADIENT }} />
        {niceTicks(lo, hi, 4).map((t) => (
          <span key={t} class="legend-tick" style={{ left: `${((t - lo) / span) * 100}%` }}>
            {num(t)}
          </span>
        ))}
      </span>
      {props.missing ? (
        <span class="legend-missing">
          <span class="legend-gray" /> no val_f1 ({props.missing})
        </span>
      ) : null}
    </div>
  );
}

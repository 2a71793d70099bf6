import './hparams.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Link } from '../components/Link.js';
import { showError } from '../lib/errors.js';
import { navigate, useViewState, type ViewState } from '../lib/url-state.js';
import { searchOf } from '../runs/run-query.js';
import { AxisChooser } from './AxisChooser.js';
import { brushedMask, buildAxes } from './axes.js';
import { BrushedRuns, LIST_SIZE } from './BrushedRuns.js';
import { BrushEditor } from './BrushEditor.js';
import { brushedQuery, configAxisKey, type Brushes } from './brushes.js';
import { ColorLegend } from './ColorLegend.js';
import { colorScale } from './color-scale.js';
import { defaultAxes, loadFields, loadRuns, MAX_DRAWN, type Fields, type HRun, type HRuns, type Search } from './hparams-data.js';
import { ParallelCoords, type BrushPhase } from './ParallelCoords.js';
import { Scatter } from './Scatter.js';

const plural = (n: number, what: string) => `${n.toLocaleString()} ${what}${n === 1 ? '' : 's'}`;

/** The runs table's filter in words (what the charts draw). */
function filterText(state: ViewState): string {
  const parts = [
    state.q.trim(),
    state.status.length ? `status: ${state.status.join(', ')}` : '',
    ...state.tags,
    state.stale ? 'stale' : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

/**
 * Hyper-parameters of the runs the runs table's filter matches: parallel coordinates (config keys, then best val_f1)
 * brushed by dragging on an axis, the brushed runs' count, their best 20 and a link opening them in the runs table; a
 * scatter of one config key against a metric. Axes, brushes and the scatter's keys live in the URL.
 */
export function HParamsView() {
  const state = useViewState();
  const { filter, query } = searchOf(state);
  const search: Search = { filter, query };
  const searchKey = JSON.stringify(search);

  const [fields, setFields] = useState<Fields | null>(null);
  useEffect(() => {
    let live = true;
    setFields(null);
    loadFields(search).then((f) => live && setFields(f), showError);
    return () => {
      live = false;
    };
  }, [searchKey]);

  const axisPaths = state.axes.length ? state.axes : fields ? defaultAxes(fields.configKeys) : null;
  const sx = state.sx || axisPaths?.[0] || fields?.configKeys[0]?.path || '';
  const paths = [...new Set([...(axisPaths ?? []), ...(sx ? [sx] : [])])];
  const pathsKey = paths.join('\n');

  const [data, setData] = useState<HRuns | null>(null);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    if (!axisPaths) return;
    let live = true;
    setLoading(true);
    loadRuns(search, paths, state.sy, () => live).then(
      (d) => {
        if (!d) return;
        setData(d);
        setLoading(false);
      },
      (e) => {
        if (!live) return;
        setLoading(false);
        showError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [searchKey, pathsKey, state.sy, axisPaths !== null]);

  const axes = useMemo(() => (data && axisPaths ? buildAxes(data, axisPaths) : []), [data, axisPaths?.join('\n')]);
  const runs = data?.runs ?? [];
  const mask = useMemo(() => brushedMask(runs, axes, state.brush), [runs, axes, JSON.stringify(state.brush)]);
  const shownBrushes: Brushes = Object.fromEntries(axes.filter((a) => state.brush[a.key]).map((a) => [a.key, state.brush[a.key]]));
  const anyBrush = Object.keys(shownBrushes).length > 0;
  const inside = mask.reduce((n, m) => n + m, 0);
  const bests = runs.flatMap((r) => (r.best === null ? [] : [r.best]));
  const [lo, hi] = bests.length ? [Math.min(...bests), Math.max(...bests)] : [0, 1];
  const color = useMemo(() => colorScale(lo, hi), [lo, hi]);

  // A drag: the URL follows it in place (replace), and its release leaves one history entry (back undoes the brush).
  const before = useRef<Brushes | null>(null);
  const onBrush = (key: string, range: [number, number] | null, phase: BrushPhase) => {
    const current = state.brush;
    const next = { ...current };
    if (range) next[key] = range;
    else delete next[key];
    if (phase === 'start') before.current = current;
    if (phase !== 'end') return navigate({ brush: next }, { replace: true });
    if (before.current) navigate({ brush: before.current }, { replace: true });
    before.current = null;
    navigate({ brush: next });
  };
  const setBrush = (key: string, range: [number, number] | null) => onBrush(key, range, 'end');
  const setAxes = (next: string[] | null) => {
    const kept = new Set([...(next ?? []).map(configAxisKey), 'metrics.val_f1']);
    const brush = Object.fromEntries(Object.entries(state.brush).filter(([k]) => next === null || kept.has(k)));
    navigate({ axes: next ?? [], brush });
  };

  const scales = new Map(axes.map((a) => [a.key, a.scale]));
  const runsQuery = brushedQuery(state.q, shownBrushes, scales);
  const sxAt = data ? data.paths.indexOf(sx) : -1;
  const xOf = useCallback((run: HRun) => (sxAt < 0 ? null : run.values[sxAt]), [sxAt, data]);
  const metrics = fields?.metrics.length ? fields.metrics : ['val_f1'];
  const described = filterText(state);

  return (
    <section class="hparams-view" aria-labelledby="hparams-title">
      <div class="view-head">
        <h2 id="hparams-title">Hyper-parameters</h2>
        <p class="muted filter-line">
          {described ? (
            <>
              Runs matching <code class="mono">{described}</code>.{' '}
            </>
          ) : (
            'All runs. '
          )}
          <Link to={{ view: 'runs' }}>Change the filter in the runs table</Link>
        </p>
      </div>
      {data && data.total > MAX_DRAWN ? (
        <p class="notice" role="note" data-capped="true">
          {data.total.toLocaleString()} runs match: the charts draw the {MAX_DRAWN.toLocaleString()} with the best val_f1, not the other{' '}
          {(data.total - MAX_DRAWN).toLocaleString()}.
        </p>
      ) : null}
      <div class="panel">
        {fields && axisPaths ? (
          <AxisChooser axes={axisPaths} keys={fields.configKeys} custom={state.axes.length > 0} onChange={setAxes} />
        ) : null}
        {!data ? (
          <p class="muted" role="status">
            Loading the runs…
          </p>
        ) : !runs.length ? (
          <p class="empty" role="status">
            No run matches the runs table's filter. <Link to={{ view: 'runs' }}>Back to the runs table</Link>
          </p>
        ) : (
          <>
            <div class="pc-head">
              <p class="count-line" role="status" aria-live="polite" data-inside={inside} data-drawn={runs.length}>
                {anyBrush
                  ? `${plural(inside, 'run')} of ${runs.length.toLocaleString()} inside the brushes`
                  : `${plural(runs.length, 'run')}`}
                {loading ? ' (updating…)' : ''}
              </p>
              <ColorLegend lo={lo} hi={hi} missing={runs.length - bests.length} />
            </div>
            {axes.length > 1 ? null : <p class="muted">No config key to draw: add an axis.</p>}
            <ParallelCoords runs={runs} axes={axes} mask={mask} brushes={state.brush} color={color} onBrush={onBrush} />
            <BrushEditor axes={axes} brushes={state.brush} onSet={setBrush} />
            <div class="brushed">
              <div class="brushed-head">
                <h3>{anyBrush ? `Best ${Math.min(LIST_SIZE, inside)} brushed runs` : `Best ${Math.min(LIST_SIZE, runs.length)} runs`}</h3>
                {anyBrush ? (
                  <Link to={{ view: 'runs', q: runsQuery, brush: {} }} class="button primary show-in-table" title={runsQuery}>
                    Show in runs table ({inside.toLocaleString()})
                  </Link>
                ) : null}
              </div>
              <BrushedRuns runs={runs} mask={mask} axes={axes} />
            </div>
          </>
        )}
      </div>
      {data && runs.length && fields ? (
        <div class="panel scatter-panel">
          <div class="scatter-head">
            <h3>Scatter</h3>
            <label>
              x
              <select aria-label="Scatter x: config key" value={sx} onChange={(e) => navigate({ sx: e.currentTarget.value })}>
                {fields.configKeys.map((k) => (
                  <option key={k.path} value={k.path}>
                    {k.path}
                  </option>
                ))}
              </select>
            </label>
            <label>
              y
              <select aria-label="Scatter y: metric" value={state.sy} onChange={(e) => navigate({ sy: e.currentTarget.value })}>
                {[...new Set([state.sy, ...metrics])].map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {data.metric === state.sy && sxAt >= 0 ? (
            <Scatter runs={runs} x={xOf} xLabel={sx} yLabel={state.sy} mask={mask} anyBrush={anyBrush} color={color} />
          ) : (
            <p class="muted">Loading…</p>
          )}
        </div>
      ) : null}
    </section>
  );
}

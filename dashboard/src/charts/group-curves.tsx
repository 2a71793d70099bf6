import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  ChartsGroupMetricsDocument,
  ChartsGroupSeriesDocument,
  type ChartsGroupSeriesQuery,
  type JobFilter,
} from '../generated/graphql.js';
import { read } from '../lib/api.js';
import { MAX_OVERLAID, RUN_COLORS } from '../lib/colors.js';
import { errorText } from '../lib/errors.js';
import { configText } from '../lib/format.js';
import { DEFAULT_METRICS, useViewState, type ViewState, type XAxis } from '../lib/url-state.js';
import { ChartPanel } from './chart-panel.js';
import { ChartToolbar } from './chart-toolbar.js';
import type { Curve } from './plot-data.js';
import { ema, placeLine, seriesKind, type ChartPoint } from './series-data.js';
import { useFetchWidth, useWidth } from './use-width.js';

/*
 * Grouped runs (equal on the `by` keys) as curves: per group the mean of a metric with a faint min–max band, one
 * colour per group, the legend naming the group's key values and member count (groupSeries, one request per metric).
 */

type Group = ChartsGroupSeriesQuery['groupSeries'][number];
type GroupPoint = Group['points'][number];

const GROUP_AXES: readonly XAxis[] = ['epoch', 'step'];

/** A group's key values as `lr=0.001, optimizer=adam`. */
function groupLabel(key: unknown): string {
  if (typeof key !== 'object' || key === null) return configText(key);
  return Object.entries(key as Record<string, unknown>)
    .map(([k, v]) => `${k}=${configText(v)}`)
    .join(', ');
}

/** The x axis the groups can be drawn on: the one asked for when their points have it, else the other. */
function groupAxis(groups: readonly Group[], wanted: XAxis): 'epoch' | 'step' {
  const has = (axis: 'epoch' | 'step') => groups.some((g) => g.points.some((p) => p[axis] !== null));
  if (wanted === 'step') return has('step') || !has('epoch') ? 'step' : 'epoch';
  return has('epoch') || !has('step') ? 'epoch' : 'step';
}

const asPoint = (p: GroupPoint, value: number): ChartPoint => ({ value, epoch: p.epoch, step: p.step, time: 0 });

interface GroupModel {
  curves: Curve[];
  notes: string[];
  axis: 'epoch' | 'step';
  points: number;
}

function groupCurves(groups: readonly Group[], name: string, state: ViewState): GroupModel {
  const axis = groupAxis(groups, state.x);
  const notes: string[] = [];
  if (axis !== state.x && groups.length) notes.push(`No ${state.x} axis for this series: drawn by ${axis}`);
  const shown = [...groups].sort((a, b) => b.jobIds.length - a.jobIds.length).slice(0, MAX_OVERLAID);
  if (groups.length > shown.length) notes.push(`The ${shown.length} largest of ${groups.length} groups`);
  let dropped = 0;
  let points = 0;
  const curves = shown.map((g, i): Curve => {
    const kept = state.log ? g.points.filter((p) => p.min > 0) : g.points;
    dropped += g.points.length - kept.length;
    const kind = seriesKind(kept.map((p) => asPoint(p, p.mean))) ?? 'epoch';
    const place = (value: (p: GroupPoint) => number) =>
      placeLine(
        kept.map((p) => asPoint(p, value(p))),
        kind,
        axis,
      ).line;
    const mean = place((p) => p.mean);
    points += kept.length;
    return {
      key: JSON.stringify(g.key),
      label: groupLabel(g.key),
      color: RUN_COLORS[i % RUN_COLORS.length],
      xs: mean.xs,
      line: ema(mean.ys, state.smooth),
      raw: state.smooth > 0 ? mean.ys : undefined,
      min: place((p) => p.min).ys,
      max: place((p) => p.max).ys,
    };
  });
  if (dropped) notes.push(`${dropped} points with values ≤ 0 left out (log scale)`);
  return { curves, notes, axis, points };
}

function GroupChart(props: { name: string; filter: JobFilter | null; query: string | null; by: readonly string[]; state: ViewState }) {
  const { name, state } = props;
  const [canvasRef, width] = useWidth<HTMLDivElement>();
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fetches, setFetches] = useState(0);
  const [attempt, setAttempt] = useState(0);
  const fetchWidth = useFetchWidth(width);
  const key = JSON.stringify([props.filter, props.query, props.by, name, attempt]);
  useEffect(() => {
    if (fetchWidth <= 0) return;
    let current = true;
    setFetches((n) => n + 1);
    const variables = { filter: props.filter, query: props.query, by: [...props.by], name, maxPoints: fetchWidth };
    read(ChartsGroupSeriesDocument, variables).then(
      (answer) => current && (setGroups(answer.groupSeries), setError(null)),
      (e) => current && setError(`${name} by group could not be read: ${errorText(e)}`),
    );
    return () => {
      current = false;
    };
  }, [key, fetchWidth]);
  const prepMs = useRef(0);
  const model = useMemo(() => {
    const started = performance.now();
    const m = groupCurves(groups ?? [], name, state);
    prepMs.current = performance.now() - started;
    return m;
  }, [groups, state.x, state.smooth, state.log]);
  const legend = useMemo(
    () =>
      [...(groups ?? [])]
        .sort((a, b) => b.jobIds.length - a.jobIds.length)
        .slice(0, MAX_OVERLAID)
        .map((g, i) => ({
          key: JSON.stringify(g.key),
          label: groupLabel(g.key),
          color: RUN_COLORS[i % RUN_COLORS.length],
          detail: `${g.jobIds.length} run${g.jobIds.length === 1 ? '' : 's'}`,
        })),
    [groups],
  );
  const zoomable = model.axis === state.x;
  return (
    <ChartPanel
      title={name}
      canvasRef={canvasRef}
      width={width}
      model={{ ...model, band: true, prepMs: prepMs.current }}
      view={{ axis: model.axis, log: state.log, smooth: state.smooth, zoom: zoomable ? state.zoom : null, zoomable }}
      status={{ loading: groups === null && !error, error, fetches, retry: () => setAttempt((n) => n + 1) }}
      legend={{ items: legend, extra: 'range' }}
      ariaLabel={`Chart of ${name} by ${model.axis}: the mean of ${legend.length} group${legend.length === 1 ? '' : 's'} by ${props.by.join(', ')} with their min–max bands`}
    />
  );
}

/** Per group of the matching runs, the mean curve of each chosen metric with a min–max band. */
export function GroupCurves(props: { filter: JobFilter | null; query: string | null; by: string[] }) {
  const state = useViewState();
  const [names, setNames] = useState<string[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const key = JSON.stringify([props.filter, props.query]);
  useEffect(() => {
    let current = true;
    read(ChartsGroupMetricsDocument, { filter: props.filter, query: props.query }).then(
      (answer) => current && (setNames(answer.jobFields.metrics.map((m) => m.name).sort()), setProblem(null)),
      (e) => current && setProblem(`The runs' metric names could not be read: ${errorText(e)}`),
    );
    return () => {
      current = false;
    };
  }, [key]);
  const charted = names ? state.metrics.filter((m) => names.includes(m)) : problem ? state.metrics : [];
  return (
    <section class="metric-charts group-curves" aria-label={`Curves by ${props.by.join(', ')}`} data-by={props.by.join(',')}>
      <ChartToolbar names={names ?? [...new Set([...state.metrics, ...DEFAULT_METRICS])]} state={state} axes={GROUP_AXES} />
      {problem ? <p class="muted">{problem}</p> : null}
      <div class="chart-grid">
        {charted.map((name) => (
          <GroupChart key={name} name={name} filter={props.filter} query={props.query} by={props.by} state={state} />
        ))}
      </div>
    </section>
  );
}

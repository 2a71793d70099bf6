/*
 * The URL codec of the view state, pure (no `location`, no `window`): what a query string means (parseState) and the
 * query string of a state (formatState), defaults left out. lib/url-state.ts keeps the state in the URL with it.
 *
 * Everything a view shows lives in the URL (/dashboard?view=compare&sel=a,b&metrics=train_loss&smooth=0.6...): a link
 * opened elsewhere shows the same view, and back and forward step through the changes. Only values that differ from
 * the defaults are written, so a plain /dashboard is the default view.
 */

export type View = 'runs' | 'compare' | 'hparams' | 'run';
export type XAxis = 'epoch' | 'step' | 'time';

export interface ViewState {
  view: View;
  /** The search box's text query (the API's `query` syntax). */
  q: string;
  /** Status chips: only these statuses (none: all). */
  status: string[];
  /** Tag chips: `key=value`, all must hold. */
  tags: string[];
  /** The stale chip: only stale runs. */
  stale: boolean;
  /** Sort keys, first first: `created:desc`, `name:asc`, `finished:desc`, `metric:val_f1:best:desc`, `config:optimizer.lr:asc`. */
  sort: string[];
  /** Extra table columns: `metric:eval_loss:best` (a summary stat) or `config:optimizer.lr`. */
  cols: string[];
  /** Grouping keys of the runs table (config paths, `tags.KEY`, `status`, `name`); none: no grouping. */
  group: string[];
  /** Selected runs, in selection order: a run's colour is its place here, the same in every chart. */
  sel: string[];
  /** The open run (view `run`). */
  run: string | null;
  /** The charted metrics. */
  metrics: string[];
  x: XAxis;
  /** EMA smoothing weight, 0 (off) to 0.99. */
  smooth: number;
  log: boolean;
  /** The zoomed x range shared by the charts, or null for all. */
  zoom: [number, number] | null;
  /** Parallel-coordinates axes (config paths); the metric axis comes last. */
  axes: string[];
  /** Brushed ranges on the parallel-coordinates axes, by axis. */
  brush: Record<string, [number, number]>;
  /** Scatter: the config key on x and the metric on y. */
  sx: string;
  sy: string;
  /** Compare: every config row, not only the rows whose values differ across the runs. */
  allConfig: boolean;
}

export const DEFAULT_METRICS = ['val_f1', 'eval_loss', 'train_loss'];

export const DEFAULTS: ViewState = {
  view: 'runs',
  q: '',
  status: [],
  tags: [],
  stale: false,
  sort: [],
  cols: [],
  group: [],
  sel: [],
  run: null,
  metrics: DEFAULT_METRICS,
  x: 'epoch',
  smooth: 0,
  log: false,
  zoom: null,
  axes: [],
  brush: {},
  sx: '',
  sy: 'val_f1',
  allConfig: false,
};

const VIEWS: readonly View[] = ['runs', 'compare', 'hparams', 'run'];
const X_AXES: readonly XAxis[] = ['epoch', 'step', 'time'];

/**
 * A parameter's value as it stands in the query string, not yet decoded (the first of its name; null when absent).
 * Lists are read from it: URLSearchParams would decode an item's `%2C` into a comma before the list is split.
 */
function rawParam(search: string, key: string): string | null {
  for (const part of search.replace(/^\?/, '').split('&')) {
    const at = part.indexOf('=');
    if ((at < 0 ? part : part.slice(0, at)) === key) return at < 0 ? '' : part.slice(at + 1);
  }
  return null;
}

/** An item of a list: URI-decoded (`+` a space, as in any query); an item that does not decode is dropped. */
function decodeItem(item: string): string[] {
  try {
    return [decodeURIComponent(item.replace(/\+/g, ' '))];
  } catch {
    return [];
  }
}

/** A list parameter's raw value: items comma-separated, each URI-encoded on its own (so an item may hold a comma). */
const list = (raw: string | null) => (raw ? raw.split(',').flatMap(decodeItem).filter(Boolean) : []);
const joined = (items: readonly string[]) => items.map((i) => encodeURIComponent(i)).join(',');

function parseNumberPair(raw: string | null): [number, number] | null {
  const [a, b] = (raw ?? '').split('~').map(Number);
  return raw && Number.isFinite(a) && Number.isFinite(b) && a < b ? [a, b] : null;
}

/** The view state a URL's query string describes; anything unreadable falls back to its default. */
export function parseState(search: string): ViewState {
  const p = new URLSearchParams(search);
  const view = p.get('view') as View | null;
  const x = p.get('x') as XAxis | null;
  const smooth = Number(p.get('smooth'));
  const brush: Record<string, [number, number]> = {};
  for (const item of list(rawParam(search, 'brush'))) {
    const at = item.lastIndexOf(':');
    const range = parseNumberPair(item.slice(at + 1));
    if (at > 0 && range) brush[item.slice(0, at)] = range;
  }
  return {
    view: view && VIEWS.includes(view) ? view : DEFAULTS.view,
    q: p.get('q') ?? '',
    status: list(rawParam(search, 'status')),
    tags: list(rawParam(search, 'tags')),
    stale: p.get('stale') === '1',
    sort: list(rawParam(search, 'sort')),
    cols: list(rawParam(search, 'cols')),
    group: list(rawParam(search, 'group')),
    sel: [...new Set(list(rawParam(search, 'sel')))],
    run: p.get('run') || null,
    metrics: p.has('metrics') ? list(rawParam(search, 'metrics')) : DEFAULTS.metrics,
    x: x && X_AXES.includes(x) ? x : DEFAULTS.x,
    smooth: Number.isFinite(smooth) ? Math.min(0.99, Math.max(0, smooth)) : 0,
    log: p.get('log') === '1',
    zoom: parseNumberPair(p.get('zoom')),
    axes: list(rawParam(search, 'axes')),
    brush,
    sx: p.get('sx') ?? DEFAULTS.sx,
    sy: p.get('sy') ?? DEFAULTS.sy,
    allConfig: p.get('config') === 'all',
  };
}

/** The query string of a view state (defaults left out), with its leading `?` (or empty). */
export function formatState(s: ViewState): string {
  const p: string[] = [];
  const put = (key: string, value: string) => p.push(`${key}=${value}`);
  if (s.view !== DEFAULTS.view) put('view', s.view);
  if (s.run) put('run', encodeURIComponent(s.run));
  if (s.q) put('q', encodeURIComponent(s.q));
  for (const key of ['status', 'tags', 'sort', 'cols', 'group', 'sel', 'axes'] as const) if (s[key].length) put(key, joined(s[key]));
  if (s.stale) put('stale', '1');
  if (joined(s.metrics) !== joined(DEFAULTS.metrics)) put('metrics', joined(s.metrics));
  if (s.x !== DEFAULTS.x) put('x', s.x);
  if (s.smooth) put('smooth', String(s.smooth));
  if (s.log) put('log', '1');
  if (s.zoom) put('zoom', `${s.zoom[0]}~${s.zoom[1]}`);
  const brushes = Object.entries(s.brush).map(([axis, [lo, hi]]) => `${axis}:${lo}~${hi}`);
  if (brushes.length) put('brush', joined(brushes));
  if (s.sx !== DEFAULTS.sx) put('sx', encodeURIComponent(s.sx));
  if (s.sy !== DEFAULTS.sy) put('sy', encodeURIComponent(s.sy));
  if (s.allConfig) put('config', 'all');
  return p.length ? `?${p.join('&')}` : '';
}

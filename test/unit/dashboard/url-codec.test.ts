import { DEFAULTS, formatState, parseState, type ViewState } from '../../../dashboard/src/lib/url-codec';

/** A state with every field away from its default. */
const FULL: ViewState = {
  view: 'compare',
  q: 'config.optimizer.lr < 1e-4 and tags.team = "ocr & vision"',
  status: ['RUNNING', 'FAILED'],
  tags: ['team=ocr', 'reviewed'],
  stale: true,
  sort: ['metric:val_f1:best:desc', 'created:asc'],
  cols: ['config:optimizer.lr', 'metric:eval_loss:last'],
  group: ['config.model_name', 'tags.team'],
  sel: ['run-b', 'run-a'],
  run: 'run-a',
  metrics: ['train_loss', 'learning_rate'],
  x: 'step',
  smooth: 0.6,
  log: true,
  zoom: [100, 2500.5],
  axes: ['optimizer.lr', 'batch_size'],
  brush: { 'config.optimizer.lr': [0.0001, 0.003], 'metrics.val_f1': [0.5, 0.9] },
  sx: 'optimizer.lr',
  sy: 'eval_loss',
  allConfig: true,
};

describe('the URL codec of the view state', () => {
  test('every field survives a round trip', () => {
    const search = formatState(FULL);
    expect(parseState(search)).toEqual(FULL);
    // Each field on its own, the others at their defaults, comes back as it went.
    for (const key of Object.keys(FULL) as (keyof ViewState)[]) {
      const one = { ...DEFAULTS, [key]: FULL[key] } as ViewState;
      expect({ key, state: parseState(formatState(one)) }).toEqual({ key, state: one });
    }
  });

  test('defaults are left out of the URL', () => {
    expect(formatState(DEFAULTS)).toBe('');
    expect(parseState('')).toEqual(DEFAULTS);
    expect(formatState({ ...DEFAULTS, view: 'hparams' })).toBe('?view=hparams');
    expect(formatState({ ...DEFAULTS, smooth: 0.25, sy: DEFAULTS.sy, metrics: [...DEFAULTS.metrics] })).toBe('?smooth=0.25');
    // No metrics at all is not the default list: it is written, and read back as none.
    expect(formatState({ ...DEFAULTS, metrics: [] })).toBe('?metrics=');
    expect(parseState('?metrics=').metrics).toEqual([]);
  });

  test('junk falls back to the defaults', () => {
    const junk = parseState('?view=nope&x=epochs&smooth=lots&stale=yes&log=true&zoom=5~1&brush=noColon,lr:a~b,f1:0.9~0.2&config=some');
    expect(junk).toEqual(DEFAULTS);
    expect(parseState('?zoom=1~x').zoom).toBeNull();
    expect(parseState('?smooth=5').smooth).toBe(0.99);
    expect(parseState('?smooth=-1').smooth).toBe(0);
    expect(parseState('?run=').run).toBeNull();
  });

  test('list items may hold commas, colons and other reserved characters', () => {
    const state: ViewState = {
      ...DEFAULTS,
      sel: ['a,b', 'c'],
      tags: ['note=x,y&z', 'k=100%'],
      cols: ['config:odd,key'],
      brush: { 'config.a:b,c': [1, 2] },
    };
    const search = formatState(state);
    expect(search.split('&').find((p) => p.startsWith('sel='))).toBe('sel=a%2Cb,c');
    expect(parseState(search)).toEqual(state);
  });

  test('a list item that does not decode is dropped; a + is a space, as in any query string', () => {
    expect(parseState('?sel=a,%E0%A4%A,b').sel).toEqual(['a', 'b']);
    expect(parseState('?tags=team%3Dmy+team').tags).toEqual(['team=my team']);
  });

  test('a run selected twice is selected once, in first-selection order', () => {
    expect(parseState('?sel=b,a,b').sel).toEqual(['b', 'a']);
  });
});

import { extraColumns, orderOf, pageVariables, searchOf } from '../../../dashboard/src/runs/run-query';
import { DEFAULTS } from '../../../dashboard/src/lib/url-codec';

describe('the runs table’s URL state as the API’s search', () => {
  test('orderOf: each sort key as a JobOrder; unreadable keys are none', () => {
    expect(orderOf('created:desc')).toEqual({ field: 'CREATED', direction: 'DESC' });
    expect(orderOf('name:asc')).toEqual({ field: 'NAME', direction: 'ASC' });
    expect(orderOf('finished:desc')).toEqual({ field: 'FINISHED', direction: 'DESC' });
    expect(orderOf('config:optimizer.lr:asc')).toEqual({ field: 'CONFIG', path: 'optimizer.lr', direction: 'ASC' });
    expect(orderOf('config:odd:path:desc')).toEqual({ field: 'CONFIG', path: 'odd:path', direction: 'DESC' });
    expect(orderOf('metric:val_f1:best:desc')).toEqual({ field: 'METRIC', metric: 'val_f1', stat: 'BEST', direction: 'DESC' });
    expect(orderOf('metric:eval:loss:last:asc')).toEqual({ field: 'METRIC', metric: 'eval:loss', stat: 'LAST', direction: 'ASC' });
    for (const junk of [
      'created',
      'created:up',
      'created:x:asc',
      'config:asc',
      'metric:val_f1:asc',
      'metric:val_f1:median:asc',
      'size:asc',
      '',
    ])
      expect({ junk, order: orderOf(junk) }).toEqual({ junk, order: null });
  });

  test('searchOf: the chips as a JobFilter, the search box as the query, the readable sort keys', () => {
    expect(
      searchOf({
        q: '  metrics.val_f1 > 0.8 ',
        status: ['RUNNING'],
        tags: ['team=ocr', 'reviewed', 'note=a=b'],
        stale: true,
        sort: ['name:asc', 'bad'],
      }),
    ).toEqual({
      filter: {
        status: ['RUNNING'],
        tags: [
          { key: 'team', equals: 'ocr' },
          { key: 'reviewed', exists: true },
          { key: 'note', equals: 'a=b' },
        ],
        stale: true,
      },
      query: 'metrics.val_f1 > 0.8',
      orderBy: [{ field: 'NAME', direction: 'ASC' }],
    });
    expect(searchOf({ q: '   ', status: [], tags: [], stale: false, sort: ['bad'] })).toEqual({ filter: null, query: null, orderBy: null });
  });

  test('extraColumns: metric summaries and config values; unknown stats and kinds dropped', () => {
    expect(
      extraColumns([
        'metric:eval_loss:last',
        'config:optimizer.lr',
        'metric:eval_loss:median',
        'metric:x',
        'config:',
        'other:a',
        'config:a:b',
      ]),
    ).toEqual([
      { kind: 'metric', metric: 'eval_loss', stat: 'last', key: 'metric:eval_loss:last' },
      { kind: 'config', path: 'optimizer.lr', key: 'config:optimizer.lr' },
      { kind: 'config', path: '', key: 'config:' },
      { kind: 'config', path: 'a:b', key: 'config:a:b' },
    ]);
  });

  test('pageVariables: the columns’ metrics and config paths, each once', () => {
    const state = { ...DEFAULTS, cols: ['metric:eval_loss:best', 'metric:eval_loss:last', 'config:optimizer.lr', 'config:optimizer.lr'] };
    expect(pageVariables(state, 100, 'cursor')).toEqual({
      filter: null,
      query: null,
      orderBy: null,
      first: 100,
      after: 'cursor',
      metrics: ['eval_loss'],
      paths: ['optimizer.lr'],
    });
  });
});

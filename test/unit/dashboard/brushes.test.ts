import { brushCondition, brushedQuery, literal, roundRange } from '../../../dashboard/src/hparams/brushes';
import { scaleOf } from '../../../dashboard/src/hparams/scales';

const fmt = (n: number) => String(n);

describe('the parallel coordinates’ brushes as the runs table’s text query', () => {
  const lr = scaleOf([1e-5, 1e-4, 1e-3], fmt); // three decades: a log axis
  const batch = scaleOf([16, 32, 64], fmt);
  const optimizer = scaleOf(['sgd', 'adamw', 'adam'], fmt); // categories, sorted: adam, adamw, sgd
  const scales = new Map([
    ['config.optimizer.lr', lr],
    ['config.batch_size', batch],
    ['config.optimizer.name', optimizer],
  ]);

  test('a numeric brush is a closed range on its column, log axis or not', () => {
    expect(lr.kind).toBe('log');
    expect(brushCondition('config.optimizer.lr', lr, [0.00002, 0.0005])).toBe(
      'config.optimizer.lr >= 0.00002 and config.optimizer.lr <= 0.0005',
    );
    expect(brushCondition('metrics.val_f1', batch, [20, 40])).toBe('metrics.val_f1 >= 20 and metrics.val_f1 <= 40');
  });

  test('a category brush lists the categories inside its index range', () => {
    expect(optimizer.categories).toEqual(['adam', 'adamw', 'sgd']);
    expect(brushCondition('config.optimizer.name', optimizer, [0.6, 2.2])).toBe('config.optimizer.name in ("adamw", "sgd")');
    expect(brushCondition('config.optimizer.name', optimizer, [-0.4, 0.4])).toBe('config.optimizer.name in ("adam")');
  });

  test('the table’s own query is kept in parentheses and ANDed with every brush whose axis is known', () => {
    const query = brushedQuery(' status = RUNNING or tags.team = "ocr" ', { 'config.batch_size': [16, 40], 'config.gone': [0, 1] }, scales);
    expect(query).toBe('(status = RUNNING or tags.team = "ocr") and config.batch_size >= 16 and config.batch_size <= 40');
    expect(brushedQuery('', {}, scales)).toBe('');
    expect(brushedQuery('', { 'config.batch_size': [20, 64] }, scales)).toBe('config.batch_size >= 20 and config.batch_size <= 64');
  });

  test('path segments outside the plain syntax are backquoted; string values are quoted and escaped', () => {
    const odd = scaleOf([1, 2], fmt);
    expect(brushCondition('config.model config.lr x', odd, [1, 2])).toBe(
      'config.`model config`.`lr x` >= 1 and config.`model config`.`lr x` <= 2',
    );
    expect(literal('say "hi"\\\n')).toBe('"say \\"hi\\"\\\\\\n"');
    expect(literal(true)).toBe('true');
    expect(literal(null)).toBe('null');
    expect(literal([1, 2])).toBe('"[1,2]"');
  });

  test('a dragged range is rounded to 4 significant digits and ordered; an empty one is none', () => {
    expect(roundRange(0.123456, 0.0123456)).toEqual([0.01235, 0.1235]);
    expect(roundRange(5, 5)).toBeNull();
  });
});

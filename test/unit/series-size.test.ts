import { GraphQLError } from 'graphql';
import { checkMaxPointsBound, checkSeriesSize, MAX_SERIES_POINTS, seriesExportPath } from '../../src/modules/metrics/series-size';

function refusal(run: () => void): GraphQLError {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('one answer of series or compareMetric: at most MAX_SERIES_POINTS points', () => {
  it('holds a 100,000-point series whole, with room to spare', () => {
    expect(MAX_SERIES_POINTS).toBeGreaterThanOrEqual(2 * 100_000);
    expect(() => checkSeriesSize('train_loss', ['j1'], 100_000)).not.toThrow();
    expect(() => checkSeriesSize('train_loss', ['j1'], MAX_SERIES_POINTS)).not.toThrow();
  });

  it('refuses one point more with BAD_USER_INPUT naming the limit, maxPoints and the export of that series', () => {
    const error = refusal(() => checkSeriesSize('train_loss', ['j1'], MAX_SERIES_POINTS + 1));
    expect(error.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      argument: 'maxPoints',
      limit: MAX_SERIES_POINTS,
      points: MAX_SERIES_POINTS + 1,
    });
    expect(error.message).toBe(
      'series train_loss of job j1 has 200,001 points, more than the 200,000 one answer holds; ask with maxPoints ' +
        '(at most 200,000 in all) or export it as CSV: GET /export/metrics/train_loss.csv?jobIds=j1',
    );
  });

  it('a comparison counts its series together, and points at the export of the same jobs', () => {
    const some = refusal(() => checkSeriesSize('val f1', ['a', 'b'], 11, 10));
    expect(some.message).toMatch(
      /^compareMetric val f1 has, across 2 jobs, 11 points, more than the 10 one answer holds; ask with maxPoints/,
    );
    expect(some.message).toMatch(/GET \/export\/metrics\/val%20f1\.csv\?jobIds=a,b$/);
    const every = refusal(() => checkSeriesSize('eval_loss', null, 11, 10));
    expect(every.message).toMatch(/^compareMetric eval_loss has, across every job with it, 11 points/);
    expect(every.message).toMatch(/GET \/export\/metrics\/eval_loss\.csv$/);
  });

  it('maxPoints may not ask for more than one answer holds', () => {
    expect(() => checkMaxPointsBound(MAX_SERIES_POINTS)).not.toThrow();
    const error = refusal(() => checkMaxPointsBound(MAX_SERIES_POINTS + 1));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'maxPoints', limit: MAX_SERIES_POINTS });
    expect(error.message).toBe('maxPoints may be at most 200,000, the points one answer holds (200,001 asked)');
  });

  it('export paths: the metric export route, jobs as given', () => {
    expect(seriesExportPath('train_loss', ['x', 'y'])).toBe('/export/metrics/train_loss.csv?jobIds=x,y');
    expect(seriesExportPath('train_loss', [])).toBe('/export/metrics/train_loss.csv');
  });
});

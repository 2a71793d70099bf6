import { improves, leaderboardSortKey, mayChangeSummary, sortableNumber } from '../../src/modules/leaderboard/leaderboard-items';

test('sortableNumber sorts like the numbers it encodes, negatives and zero included', () => {
  const values = [-1e300, -5, -1, -0.5, -1e-300, 0, 1e-300, 0.25, 0.5, 1, 7, 1e300];
  const encoded = values.map(sortableNumber);
  expect([...encoded].sort()).toEqual(encoded);
  expect(sortableNumber(-0)).toBe(sortableNumber(0));
});

test('leaderboard sort keys put the best first: highest val_f1, lowest eval_loss, then job id', () => {
  const f1 = [0.9, 0.95, 0.5].map((v, i) => leaderboardSortKey('val_f1', v, `job-${i}`)).sort();
  expect(f1[0]).toMatch(/#job-1$/);
  const loss = [0.9, 0.2, 0.5].map((v, i) => leaderboardSortKey('eval_loss', v, `job-${i}`)).sort();
  expect(loss[0]).toMatch(/#job-1$/);
  const tie = ['b', 'a'].map((id) => leaderboardSortKey('val_f1', 0.7, id)).sort();
  expect(tie[0]).toMatch(/#a$/);
});

test('improves: a better value, or the same one at an earlier epoch; 0.0 counts', () => {
  const current = { jobId: 'j', metric: 'val_f1', value: 0.8, epoch: 3, timestamp: '', version: 1 };
  expect(improves(null, 0, 1)).toBe(true);
  expect(improves(current, 0.81, 9)).toBe(true);
  expect(improves(current, 0.8, 2)).toBe(true);
  expect(improves(current, 0.8, 4)).toBe(false);
  expect(improves(current, 0.79, 1)).toBe(false);
  expect(improves({ ...current, metric: 'eval_loss' }, 0.7, 9)).toBe(true);
});

test("mayChangeSummary: a row that improves the summary, or another value of the summary's own epoch (a re-sent epoch)", () => {
  const current = { jobId: 'j', metric: 'val_f1', value: 0.8, epoch: 3, timestamp: '', version: 1 };
  expect(mayChangeSummary(null, 0, 1)).toBe(true);
  expect(mayChangeSummary(current, 0.81, 9)).toBe(true);
  expect(mayChangeSummary(current, 0.8, 2)).toBe(true);
  // The best epoch sent again, lower (or higher): the best may now be another epoch.
  expect(mayChangeSummary(current, 0.2, 3)).toBe(true);
  expect(mayChangeSummary(current, 0.9, 3)).toBe(true);
  expect(mayChangeSummary({ ...current, metric: 'eval_loss' }, 0.9, 3)).toBe(true);
  // The same value again, or any row of another epoch that does not beat the summary, leaves the best where it is.
  expect(mayChangeSummary(current, 0.8, 3)).toBe(false);
  expect(mayChangeSummary(current, 0.8, 4)).toBe(false);
  expect(mayChangeSummary(current, 0.1, 1)).toBe(false);
});

/** The instance-wide last-seen tracker: one mark per job per interval, bounded memory, and a mark that never fails its caller. */
import { ACTIVITY_INTERVAL_MS, JobActivity, markSeen } from '../../src/modules/jobs/job-activity';

describe('JobActivity', () => {
  it('is due once per interval per job, each job on its own clock', () => {
    const activity = new JobActivity();
    const t0 = 1_000_000;
    expect(activity.due('a', t0)).toBe(true);
    expect(activity.due('a', t0 + 1)).toBe(false);
    expect(activity.due('b', t0 + 1)).toBe(true);
    expect(activity.due('a', t0 + ACTIVITY_INTERVAL_MS - 1)).toBe(false);
    expect(activity.due('a', t0 + ACTIVITY_INTERVAL_MS)).toBe(true);
    expect(activity.due('a', t0 + ACTIVITY_INTERVAL_MS + 1)).toBe(false);
    expect(activity.due('b', t0 + ACTIVITY_INTERVAL_MS)).toBe(false);
    expect(activity.due('b', t0 + ACTIVITY_INTERVAL_MS + 1)).toBe(true);
  });

  it('a clock that went back makes the job due rather than silencing it for long', () => {
    const activity = new JobActivity();
    expect(activity.due('a', 5_000_000)).toBe(true);
    expect(activity.due('a', 4_000_000)).toBe(true);
    expect(activity.due('a', 4_000_001)).toBe(false);
  });

  it('forgets a job on request, so its next write marks again', () => {
    const activity = new JobActivity();
    expect(activity.due('a', 0)).toBe(true);
    activity.forget('a');
    expect(activity.due('a', 1)).toBe(true);
  });

  it('prunes jobs quiet for an interval once it tracks more than 10,000, keeping the recent ones', () => {
    const activity = new JobActivity();
    for (let i = 0; i < 10_000; i++) expect(activity.due(`old-${i}`, i * 10)).toBe(true);
    expect(activity.size).toBe(10_000);
    // At 100,001 ms the jobs marked before 40,001 ms are quiet for a minute: the next new job takes them out.
    expect(activity.due('new', 100_001)).toBe(true);
    expect(activity.size).toBe(5_999 + 1);
    expect(activity.due('old-9999', 100_002)).toBe(false);
    expect(activity.due('old-4001', 100_002)).toBe(false);
    expect(activity.due('old-4000', 100_002)).toBe(true);
  });

  it('never holds more than 100,000 jobs, however busy', () => {
    const activity = new JobActivity();
    for (let i = 0; i < 100_050; i++) activity.due(`job-${i}`, 0);
    expect(activity.size).toBe(100_000);
    // The most recent ones are kept.
    expect(activity.due('job-100049', 1)).toBe(false);
  });
});

describe('markSeen', () => {
  it('touches a due job once, with a server timestamp', async () => {
    const activity = new JobActivity();
    const touched: [string, string][] = [];
    const jobs = { touch: async (id: string, ts: string) => (touched.push([id, ts]), true) };
    await markSeen(activity, jobs, 'a');
    await markSeen(activity, jobs, 'a');
    expect(touched).toEqual([['a', expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/)]]);
  });

  it("swallows the touch's error and lets the next write try again", async () => {
    const activity = new JobActivity();
    let calls = 0;
    const failing = {
      touch: async () => {
        calls++;
        throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
      },
    };
    await expect(markSeen(activity, failing, 'a')).resolves.toBeUndefined();
    await expect(markSeen(activity, failing, 'a')).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});

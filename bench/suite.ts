import { answerDifference } from './compare';
import { costLines, renderCost } from './cost';
import { exportLongJobs, exportNote, exportTargets } from './export-check';
import { growToJobs, leaderboardAt } from './leaderboard-scaling';
import { measureLiveDelay, type LiveRun } from './live/live-delay';
import { measureWorkload } from './measure';
import { missingTool } from './server-process';
import { selected } from './options';
import { rawLeaderboard, rawLeaderboardFromPoints } from './raw/reads';
import type { TargetResult, WorkloadResult } from './report';
import { RssSampler } from './rss';
import { searchNotes } from './search/search-notes';
import { runUi } from './ui/ui-run';
import { uiNotes, uiTargets } from './ui/ui-targets';
import { runSearch } from './search/search-run';
import { measureOne, type RunPlan } from './runner';
import type { ItemSink } from './seed/seed';
import {
  errorTarget,
  ingestionTargets,
  leaderboardScalingTarget,
  liveTargets,
  longSeriesTargets,
  readTargets,
  rssTarget,
  searchTargets,
  stepLoggingTargets,
} from './targets';
import { LEADERS, readWorkloads } from './workloads/reads';
import { seriesWorkloads } from './workloads/series';
import type { BenchContext, Workload } from './workloads/workload';
import { POINTS_PER_CALL, probeLargeEpochs, writeWorkloads } from './workloads/writes';

/** What the workloads measured, the targets checked on it, and further findings. */
export interface SuiteResult {
  workloads: WorkloadResult[];
  targets: TargetResult[];
  notes: string[];
  /** Differences that fail the run besides the gating targets: seeded data or answers that are not what they should be. */
  mismatches: string[];
  /** LV's delays, when it ran. */
  live?: LiveRun;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

/**
 * Runs the selected workloads in an order that keeps each one's table as specified: the reads (W1-W5, W8) and the
 * first leaderboard measurement on the seeded table, then the writes (W6, W7), then the table grown for the second
 * leaderboard measurement, then the job search (SR), the dashboard in a browser (UI) and the live-update delays (LV), each on
 * a database of its own.
 */
export async function runSuite(ctx: BenchContext, sink: ItemSink, plan: RunPlan, say: (msg: string) => void): Promise<SuiteResult> {
  const out: SuiteResult = { workloads: [], targets: [], notes: [], mismatches: [] };
  const byId = (id: string) => out.workloads.find((w) => w.id === id);
  const pids = { bench: process.pid, server: ctx.server.pid, dynamodb: ctx.db.dynamo.pid };
  const measure = async (w: Workload, rss?: RssSampler) => {
    say(`${w.id}: ${w.title}`);
    const result = await measureWorkload(w, plan, pids, rss);
    if (rss)
      result.notes.push(
        `server RSS while the GraphQL side ran: peak ${mb(rss.peakBytes)} (${rss.samples} samples; ${mb(ctx.server.rss())} after)`,
      );
    out.workloads.push(result);
    return result;
  };

  // The seeded leaderboard summaries must rank exactly as the points they summarise.
  const fromPoints = await rawLeaderboardFromPoints(ctx.db, 'val_f1', LEADERS);
  const difference = answerDifference((await rawLeaderboard(ctx.db, 'val_f1', LEADERS)).answer, fromPoints.answer);
  if (difference) out.mismatches.push(`seeded leaderboard summaries disagree with the points: ${difference}`);

  // The fixed cost of a GraphQL request (HTTP, parsing, validation, key check, no DynamoDB call) at the same
  // concurrency: what every GraphQL p50 carries on top of its DynamoDB calls.
  const floor = await measureOne(async () => (await ctx.gql.request('{ __typename }')).stats, plan);
  out.notes.push(
    `a GraphQL request without DynamoDB calls ({ __typename }) at concurrency ${plan.concurrency}: p50 ${floor.p50Ms.toFixed(1)} ms, p99 ${floor.p99Ms.toFixed(1)} ms, ${floor.perSecond.toFixed(0)} req/s`,
  );

  const rss = new RssSampler(() => ctx.server.rss());
  for (const w of readWorkloads(ctx).filter((w) => selected(ctx.opts, w.id))) await measure(w, w.id === 'W1' ? rss : undefined);
  if (selected(ctx.opts, 'W8')) for (const w of seriesWorkloads(ctx)) await measure(w);
  out.targets.push(...readTargets(out.workloads));
  if (rss.samples) out.targets.push(rssTarget(rss.peakBytes, ctx.opts.quick));
  const [sampled, full] = [byId('W8'), byId('W8-full')];
  if (sampled && full) out.targets.push(...longSeriesTargets(sampled, full, ctx.opts.seriesMaxPoints, ctx.db.timeoutMs, ctx.opts.quick));

  const small = selected(ctx.opts, 'LB') ? await leaderboardAt(ctx) : null;

  const exported = selected(ctx.opts, 'EX') ? await exportLongJobs(ctx) : [];
  if (exported.length) {
    out.notes.push(...exported.map(exportNote));
    out.targets.push(...exportTargets(exported, ctx.opts.quick));
  }

  const writes = (await writeWorkloads(ctx, sink)).filter((w) => selected(ctx.opts, w.id));
  for (const w of writes) {
    const result = await measure(w);
    if (w.id === 'W6') {
      const probes = await probeLargeEpochs(ctx, sink);
      for (const p of probes)
        result.notes.push(
          `probe: epoch ${p.epoch} with ${p.labels} labels and ${p.extras} extras: ${p.writeCalls} write calls (${JSON.stringify(p.commands)})`,
        );
      out.targets.push(...ingestionTargets(result, probes));
    } else {
      out.targets.push(...stepLoggingTargets(result, POINTS_PER_CALL));
    }
  }

  out.notes.push(...renderCost(costLines(byId('W7'), byId('W8-full'), POINTS_PER_CALL, ctx.opts.stepPoints)));

  if (small) {
    const added = await growToJobs(ctx, ctx.opts.leaderboardJobs);
    const large = await leaderboardAt(ctx);
    out.notes.push(
      `leaderboard(first: ${LEADERS}) at ${small.jobs} jobs: GraphQL ${small.graphqlCalls} calls, ${small.graphqlItems} items, ${small.graphqlRcu} RCU; raw ${small.rawItems} items`,
      `leaderboard(first: ${LEADERS}) at ${large.jobs} jobs (${added} one-epoch jobs added): GraphQL ${large.graphqlCalls} calls, ${large.graphqlItems} items, ${large.graphqlRcu} RCU; raw ${large.rawItems} items`,
    );
    out.targets.push(leaderboardScalingTarget(small, large));
  }

  // SR's 10,000 jobs would change what W1, W4 and LB read, and the catalog loads its jobs at the server's start: SR
  // seeds a DynamoDB Local of its own and starts its own server afterwards; the bench's stay idle meanwhile.
  if (selected(ctx.opts, 'SR')) {
    const search = await runSearch(ctx.opts, plan, say);
    search.workload.notes.push(...searchNotes(search));
    out.workloads.push(search.workload);
    out.targets.push(...searchTargets(search, ctx.opts.quick));
    out.mismatches.push(...search.mismatches);
  }
  // UI, like SR, on a DynamoDB Local and a server of its own, with a browser.
  if (selected(ctx.opts, 'UI')) {
    const noChromium = missingTool('chromium', 'apt-get install chromium');
    if (noChromium) {
      say(`WARNING: ${noChromium.message}. UI is reported NOT RUN.`);
      out.targets.push({
        id: 'UI',
        kind: 'gate',
        target: 'the dashboard in headless Chromium',
        measured: 'not run',
        pass: false,
        notRun: noChromium.message,
      });
    } else {
      const ui = await runUi(ctx.opts, say);
      out.targets.push(...uiTargets(ui));
      out.notes.push(...uiNotes(ui));
    }
  }
  if (out.workloads.length) out.targets.push(errorTarget(out.workloads));

  // The bench's server consumes its table's stream (LIVE_EVENTS=local, the default), so LV's own processes work on a
  // DynamoDB Local of their own; the bench's server and DynamoDB Local stay idle meanwhile.
  if (selected(ctx.opts, 'LV')) {
    const live = (out.live = await measureLiveDelay(
      ctx.opts.live,
      ctx.opts.labels,
      { 'bench server (idle)': ctx.server.pid, 'bench dynamodb (idle)': ctx.db.dynamo.pid },
      say,
    ));
    out.targets.push(...liveTargets(live));
  }
  return out;
}

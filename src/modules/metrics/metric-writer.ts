import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { batchPut, TRANSACT_WRITE_LIMIT } from '../../db/batch';
import { failedConditions } from '../../db/conditions';
import type { DynamoGateway } from '../../db/gateway';
import { versionedPut } from '../../db/versioned';
import { jobKey, writeMarkerKey } from '../../db/schema';
import { statusChangeToItem, statusMove } from '../jobs/job-item';
import type { JobModel, StatusChangeModel } from '../jobs/job-model';
import { CardKeeper } from '../cards/card-keeper';
import type { JobCard } from '../cards/job-card';
import { summaryToItem, type LeaderboardSummary } from '../leaderboard/leaderboard-items';
import { metricPointToItem, writeMarkerToItem, type NewMetricPoint } from './metric-item';
import type { WriteMarker } from './metric-model';

/** One idempotent group of points: an epoch or the dataset metrics, guarded by its marker. */
export interface MarkedWrite {
  job: JobModel;
  marker: WriteMarker;
  points: NewMetricPoint[];
  /** Set when the write also moves the job from PENDING to RUNNING. */
  startRunning?: StatusChangeModel;
  /** Leaderboard summaries this write improves, with the version they were read at. */
  summaries?: LeaderboardSummary[];
  /** The job's card with this write's epoch, built on the version read (epochs only; dataset metrics leave it). */
  card?: JobCard;
}

/** How a marked write ended. */
export type MarkedWriteOutcome = 'written' | 'marker-exists' | 'job-changed' | 'contention';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Attempts at committing a staged epoch whose card someone else changed meanwhile. */
const MAX_COMMIT_ATTEMPTS = 10;

/** Whether a group goes in one transaction: its points and fixed items within TransactWriteItems' limit. */
function fits(w: MarkedWrite): boolean {
  return MetricWriter.fixedItems(w) + w.points.length <= TRANSACT_WRITE_LIMIT;
}

/** Writes marked groups of points: one transaction when they fit, else staged behind an uncommitted marker. */
export class MetricWriter {
  constructor(
    private readonly gw: DynamoGateway,
    private readonly cards: CardKeeper = CardKeeper.over(gw),
  ) {}

  /** Summaries go in conditioned on the version read, so a concurrent writer or reindex is never overwritten. */
  private summaryItems(w: MarkedWrite) {
    return (w.summaries ?? []).map((s) => ({ Put: versionedPut(this.gw.tableName, summaryToItem(s), s.version) }));
  }

  /**
   * Transaction items besides the points: the marker, the job guard (a ConditionCheck of the status read, or the
   * PENDING -> RUNNING Update with its history item), the summaries and, when the epoch commits with them, the card.
   * The marker and the guard are returned on their own too, so a cancellation is read by item.
   */
  private guardItems(w: MarkedWrite, committed: boolean) {
    const card = committed && w.card ? [{ Put: this.cards.putOf(w.card) }] : [];
    const summaries = [...this.summaryItems(w), ...card];
    const table = this.gw.tableName;
    const marker = {
      Put: { TableName: table, Item: writeMarkerToItem({ ...w.marker, committed }), ConditionExpression: 'attribute_not_exists(PK)' },
    };
    const names = { '#status': 'status' };
    const observed = w.job.status.toLowerCase();
    if (!w.startRunning) {
      const guard = {
        ConditionCheck: {
          TableName: table,
          Key: jobKey(w.job.id),
          ConditionExpression: '#status = :s',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':s': observed },
        },
      };
      return { marker, guard, items: [marker, guard, ...summaries] };
    }
    const { guard, history } = this.startItems(w.startRunning, w.job);
    return { marker, guard, items: [marker, guard, history, ...summaries] };
  }

  /** A start's items: the job's PENDING -> RUNNING Update (conditioned on the status read) and its history entry. */
  private startItems(start: StatusChangeModel, job: JobModel) {
    const history = {
      Put: {
        TableName: this.gw.tableName,
        Item: statusChangeToItem(start, this.gw.writer),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
    const move = statusMove(job, 'running', start.timestamp);
    const guard = {
      Update: {
        TableName: this.gw.tableName,
        Key: jobKey(job.id),
        UpdateExpression: move.set,
        ConditionExpression: move.condition,
        ExpressionAttributeNames: move.names,
        ExpressionAttributeValues: move.values,
      },
    };
    return { guard, history };
  }

  /** Transaction items a write needs besides its points: marker, job guard, the history item of a start, summaries, card. */
  static fixedItems(w: MarkedWrite): number {
    return 2 + (w.startRunning ? 1 : 0) + (w.summaries?.length ?? 0) + (w.card ? 1 : 0);
  }

  /**
   * Writes the group; all-or-nothing in one TransactWriteItems when it fits. A start that does not fit beside its epoch
   * commits on its own first (the job's move and its history entry, atomically, as updateJobStatus would), then the
   * epoch goes in as one transaction on the running job: two calls, nothing left out. Larger groups are staged (see
   * `writeStaged`).
   */
  async write(w: MarkedWrite): Promise<MarkedWriteOutcome> {
    if (fits(w)) return this.writeWhole(w);
    if (w.startRunning) {
      const running: MarkedWrite = {
        ...w,
        job: { ...w.job, status: 'RUNNING', statusChangedAt: w.startRunning.timestamp },
        startRunning: undefined,
      };
      if (fits(running)) {
        const { guard, history } = this.startItems(w.startRunning, w.job);
        const started = await this.transact({ guard, items: [guard, history] });
        return started === 'written' ? this.writeWhole(running) : started;
      }
    }
    return this.writeStaged(w);
  }

  private writeWhole(w: MarkedWrite): Promise<MarkedWriteOutcome> {
    const points = w.points.map((p) => ({ Put: { TableName: this.gw.tableName, Item: metricPointToItem(p) } }));
    const guarded = this.guardItems(w, true);
    return this.transact({ ...guarded, items: [...guarded.items, ...points] });
  }

  /**
   * Too many items for one transaction: the marker goes in uncommitted with the job guard, the points follow in
   * batches carrying the marker's token (readers hide them), and committing the marker makes the epoch visible, the
   * card with it.
   */
  async writeStaged(w: MarkedWrite): Promise<MarkedWriteOutcome> {
    const outcome = await this.transact(this.guardItems(w, false));
    if (outcome !== 'written') return outcome;
    await this.completeStaged(w.marker, w.points, w.card);
    return 'written';
  }

  /**
   * Writes a staged group's points and commits its marker, an epoch's card in the same transaction (`card`: built on
   * the card read before; read again when someone changed it meanwhile); safe to repeat (same keys, same content).
   */
  async completeStaged(marker: WriteMarker, points: NewMetricPoint[], card?: JobCard): Promise<void> {
    await batchPut(
      this.gw,
      points.map((p) => metricPointToItem({ ...p, epochToken: marker.token })),
    );
    const commit = {
      Update: {
        TableName: this.gw.tableName,
        Key: writeMarkerKey(marker.jobId, marker.epoch),
        UpdateExpression: 'SET committed = :yes',
        ConditionExpression: '#token = :token',
        ExpressionAttributeNames: { '#token': 'token' },
        ExpressionAttributeValues: { ':yes': true, ':token': marker.token },
      },
    };
    for (let attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
      const next = marker.epoch === null ? undefined : attempt === 0 && card ? card : await this.cards.withEpochNow(marker.jobId, points);
      const put = next ? { Put: this.cards.putOf(next) } : null;
      try {
        await this.gw.send(new TransactWriteCommand({ TransactItems: put ? [commit, put] : [commit] }));
        return;
      } catch (error) {
        // The card changed since it was read, or another transaction was on it: read it again. A token that is not
        // the marker's is not ours to commit.
        const failed = failedConditions(error, put ? [commit, put] : [commit]);
        if (!failed || failed.includes(commit)) throw error;
      }
    }
    throw new Error(`job ${marker.jobId}: the card of epoch ${marker.epoch} kept changing while it committed`);
  }

  /** Sends one transaction; a cancellation reads as which of its guards failed: the marker, the job, or neither. */
  private async transact(t: { marker?: TransactItem; guard: TransactItem; items: TransactItem[] }): Promise<MarkedWriteOutcome> {
    try {
      await this.gw.send(new TransactWriteCommand({ TransactItems: t.items }));
      return 'written';
    } catch (error) {
      const failed = failedConditions(error, t.items);
      if (!failed) throw error;
      if (t.marker && failed.includes(t.marker)) return 'marker-exists';
      if (failed.includes(t.guard)) return 'job-changed';
      return 'contention';
    }
  }
}

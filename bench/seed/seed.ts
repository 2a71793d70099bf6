import { batchWrite, type Item } from '../../src/db/batch';
import type { DynamoGateway } from '../../src/db/gateway';
import { cardToItem } from '../../src/modules/cards/card-item';
import { buildCard } from '../../src/modules/cards/job-card';
import { JobPartition } from '../../src/modules/partition/job-partition';
import { TRAINER_KEY } from '../api-keys';
import { legacyJobItems, serverJobItems } from './job-items';
import type { PlannedJob } from './plan';

/** Concurrent BatchWriteItem calls while seeding: DynamoDB Local on 2 cores gains nothing beyond about 8. */
const SEED_PARALLEL = 8;
/** Items handed to one batchWrite call (chunked into 25s by it). */
const FLUSH_AT = 4_000;

/** Buffers items and writes them straight to the table with BatchWriteItem (the project's retrying batch helper). */
export class ItemSink {
  private buffer: Item[] = [];
  written = 0;

  constructor(private readonly gw: DynamoGateway) {}

  async add(items: readonly Item[]): Promise<void> {
    for (const item of items) this.buffer.push(item);
    if (this.buffer.length >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    const items = this.buffer;
    this.buffer = [];
    if (!items.length) return;
    await batchWrite(
      this.gw,
      items.map((Item) => ({ PutRequest: { Item } })),
      undefined,
      SEED_PARALLEL,
    );
    this.written += items.length;
  }
}

/** An item as the server writes it for the bench's trainers: stamped with their API key's name. */
export function writtenByTrainer(item: Item): Item {
  return { ...item, written_by: TRAINER_KEY };
}

/**
 * A job's card (issue 18) as the server leaves it: built by the server's rules (`buildCard`) from the job's visible
 * rows, at the version its epochs took it to (each epoch's transaction puts the card one version up). A legacy job's is
 * built by the stream consumer or `npm run reindex` (version 1, unstamped); a server job's is written with each epoch
 * (stamped with the trainer's key). A job without epochs has none.
 */
function cardItems(job: PlannedJob, items: readonly Item[]): Item[] {
  const partition = new JobPartition(job.id, items);
  if (!partition.points.some((p) => p.epoch !== null)) return [];
  const card = buildCard(job.id, partition.points, 0);
  const lastAt = partition.points.reduce((last, p) => (p.timestamp > last ? p.timestamp : last), '');
  const item = { ...cardToItem(card, lastAt), version: job.legacy ? 1 : (card.epochs?.length ?? 1) };
  return [job.legacy ? item : writtenByTrainer(item)];
}

/** The items of one planned job (without its step series), in the shape its writer stores, with its card. */
export function plannedJobItems(job: PlannedJob): Item[] {
  const items = job.legacy ? legacyJobItems(job) : serverJobItems(job).map(writtenByTrainer);
  return [...items, ...cardItems(job, items)];
}

/** Writes the planned jobs' items; returns how many. */
export async function seedJobs(sink: ItemSink, jobs: readonly PlannedJob[]): Promise<void> {
  for (const job of jobs) await sink.add(plannedJobItems(job));
  await sink.flush();
}

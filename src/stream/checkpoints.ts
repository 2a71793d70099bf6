import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where a stream consumer is in each shard: the sequence number of the last record it handled. */
export interface CheckpointStore {
  get(shardId: string): string | undefined;
  /** Whether a consumer ran on these checkpoints before (its shards then start where it left them, or at their start). */
  started(): boolean;
  markStarted(): void;
  set(shardId: string, sequenceNumber: string): void;
  /** Shards read to their end (closed after a split): never read again. */
  finish(shardId: string): void;
  finished(shardId: string): boolean;
  /** Forgets every shard not among `existing` (the stream's shards now): trimmed from the stream, never read again. */
  prune(existing: ReadonlySet<string>): void;
  /** The consumer's own state (what it has announced, what it waits for), saved with the next position. */
  state(): unknown;
  stageState(state: unknown): void;
  /** Saves the state now (changes that did not come with a new position). */
  saveState(state: unknown): void;
}

interface Saved {
  /** The stream these positions belong to. */
  stream: string;
  positions: Record<string, string>;
  finished: string[];
  state?: unknown;
  started?: boolean;
}

/**
 * Checkpoints of one stream in a JSON file, replaced atomically on every change: a consumer that restarts (or a stream
 * worker that was killed) goes on after the last record it handled, with the state it had then (positions and state
 * are written together). The file names its stream's ARN: a file of another stream (the table was recreated, or the
 * same table name at another endpoint) is set aside and replaced, so its positions and state never leak into this one.
 * Not in the table itself: a checkpoint written there would be a stream record too, and the consumer would keep
 * reading its own writes.
 */
export class FileCheckpoints implements CheckpointStore {
  private readonly saved: Saved;

  constructor(
    private readonly path: string,
    streamArn: string,
    log: (msg: string) => void = () => undefined,
  ) {
    let saved: Saved = { stream: streamArn, positions: {}, finished: [] };
    try {
      const found = JSON.parse(readFileSync(path, 'utf8')) as Partial<Saved>;
      if (found.stream === streamArn) saved = { ...saved, ...found };
      else log(`stream: ${path} holds the checkpoints of ${found.stream ?? 'an unnamed stream'}, not of ${streamArn}: starting afresh`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    this.saved = saved;
  }

  get(shardId: string): string | undefined {
    return this.saved.positions[shardId];
  }

  started(): boolean {
    return this.saved.started === true || Object.keys(this.saved.positions).length > 0;
  }

  markStarted(): void {
    if (this.saved.started) return;
    this.saved.started = true;
    this.write();
  }

  set(shardId: string, sequenceNumber: string): void {
    this.saved.positions[shardId] = sequenceNumber;
    this.write();
  }

  finish(shardId: string): void {
    if (!this.saved.finished.includes(shardId)) this.saved.finished.push(shardId);
    this.write();
  }

  finished(shardId: string): boolean {
    return this.saved.finished.includes(shardId);
  }

  prune(existing: ReadonlySet<string>): void {
    const gone = [...Object.keys(this.saved.positions), ...this.saved.finished].filter((id) => !existing.has(id));
    if (gone.length === 0) return;
    for (const id of gone) delete this.saved.positions[id];
    this.saved.finished = this.saved.finished.filter((id) => existing.has(id));
    this.write();
  }

  state(): unknown {
    return this.saved.state;
  }

  stageState(state: unknown): void {
    this.saved.state = state;
  }

  saveState(state: unknown): void {
    this.saved.state = state;
    this.write();
  }

  private write(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.saved));
    renameSync(tmp, this.path);
  }
}

/**
 * Checkpoints kept in memory, for a consumer whose positions someone else keeps: an AWS Lambda with the stream as its
 * event source (Lambda tracks each shard's position; only the consumer's state lives here, for the warm container).
 */
export class MemoryCheckpoints implements CheckpointStore {
  private readonly positions = new Map<string, string>();
  private readonly done = new Set<string>();
  private kept: unknown;

  get(shardId: string): string | undefined {
    return this.positions.get(shardId);
  }
  started(): boolean {
    return this.positions.size > 0;
  }
  markStarted(): void {}
  set(shardId: string, sequenceNumber: string): void {
    this.positions.set(shardId, sequenceNumber);
  }
  finish(shardId: string): void {
    this.done.add(shardId);
  }
  finished(shardId: string): boolean {
    return this.done.has(shardId);
  }
  prune(existing: ReadonlySet<string>): void {
    for (const id of [...this.positions.keys(), ...this.done])
      if (!existing.has(id)) {
        this.positions.delete(id);
        this.done.delete(id);
      }
  }
  state(): unknown {
    return this.kept;
  }
  stageState(state: unknown): void {
    this.kept = state;
  }
  saveState(state: unknown): void {
    this.kept = state;
  }
}

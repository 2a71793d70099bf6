import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where a stream consumer is in each shard: the sequence number of the last record it handled. */
export interface CheckpointStore {
  get(shardId: string): string | undefined;
  set(shardId: string, sequenceNumber: string): void;
  /** Shards read to their end (closed after a split): never read again. */
  finish(shardId: string): void;
  finished(shardId: string): boolean;
}

interface Saved {
  positions: Record<string, string>;
  finished: string[];
}

/**
 * Checkpoints in a JSON file, replaced atomically on every change: a consumer that restarts (or a stream worker that
 * was killed) goes on after the last record it handled. Not in the table itself: a checkpoint written there would be
 * a stream record too, and the consumer would keep reading its own writes.
 */
export class FileCheckpoints implements CheckpointStore {
  private readonly saved: Saved;

  constructor(private readonly path: string) {
    let saved: Saved = { positions: {}, finished: [] };
    try {
      saved = JSON.parse(readFileSync(path, 'utf8')) as Saved;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    this.saved = saved;
  }

  get(shardId: string): string | undefined {
    return this.saved.positions[shardId];
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

  private write(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.saved));
    renameSync(tmp, this.path);
  }
}

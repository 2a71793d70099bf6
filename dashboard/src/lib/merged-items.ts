/**
 * Items by group (one job's curve of one metric, one job's per-label scores), each kept once by its key: adding it again
 * overwrites it. Query answers and live events both add, so an answer read before an event but arriving after it
 * cannot take the event's epoch away (recorded epochs are never removed).
 */
export class MergedItems<T> {
  private readonly groups = new Map<string, Map<string, T>>();

  constructor(private readonly keyOf: (item: T) => string) {}

  add(group: string, items: readonly T[]): void {
    let known = this.groups.get(group);
    if (!known) this.groups.set(group, (known = new Map()));
    for (const item of items) known.set(this.keyOf(item), item);
  }

  get(group: string): T[] {
    return [...(this.groups.get(group)?.values() ?? [])];
  }
}

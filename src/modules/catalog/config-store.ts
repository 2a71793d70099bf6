/** A config value the catalog keeps: a scalar, or a list of scalars. */
export type ConfigScalar = string | number | boolean | null;
export type ConfigValue = ConfigScalar | ConfigScalar[];

/**
 * A job's config values, packed: the ids of its paths (sorted, one array shared by every job with the same paths, as
 * the runs of one training script have) and its values in the same order. A lookup is a binary search over ~30 ints;
 * a job costs its values alone.
 */
export interface PackedConfig {
  readonly ids: Int32Array;
  readonly values: readonly ConfigValue[];
}

const EMPTY: PackedConfig = { ids: new Int32Array(0), values: [] };

/** Keeps the most distinct strings of config values and tags shared (each job's copy is dropped for the pool's). */
const MAX_POOLED_STRINGS = 100_000;
const MAX_POOLED_LENGTH = 200;

/** The catalog's config paths (each given an id once), their sets, and a pool of repeated strings. */
export class ConfigStore {
  private readonly pathIds = new Map<string, number>();
  private readonly paths: string[] = [];
  private readonly keySets = new Map<string, Int32Array>();
  private readonly strings = new Map<string, string>();

  /** The id of a path, or -1 when no job has ever had it (then no job has it now). */
  idOf(path: string): number {
    return this.pathIds.get(path) ?? -1;
  }

  /** The path of an id `idOf` gave (or a packed config holds). */
  pathOf(id: number): string {
    return this.paths[id];
  }

  /** One shared copy of a short string seen before (model names, optimizer names, tag values). */
  intern(s: string): string {
    if (s.length > MAX_POOLED_LENGTH) return s;
    const pooled = this.strings.get(s);
    if (pooled !== undefined) return pooled;
    if (this.strings.size < MAX_POOLED_STRINGS) this.strings.set(s, s);
    return s;
  }

  private internValue(v: ConfigValue): ConfigValue {
    if (typeof v === 'string') return this.intern(v);
    if (Array.isArray(v)) return v.map((x: ConfigScalar) => (typeof x === 'string' ? this.intern(x) : x));
    return v;
  }

  /** A config by dotted path, packed. */
  pack(config: Readonly<Record<string, ConfigValue>>): PackedConfig {
    const entries = Object.entries(config);
    if (entries.length === 0) return EMPTY;
    const pairs = entries.map(([path, value]) => {
      let id = this.pathIds.get(path);
      if (id === undefined) {
        id = this.paths.length;
        this.paths.push(path);
        this.pathIds.set(path, id);
      }
      return { id, value };
    });
    pairs.sort((a, b) => a.id - b.id);
    const signature = pairs.map((p) => p.id).join(',');
    let ids = this.keySets.get(signature);
    if (!ids) {
      ids = Int32Array.from(pairs.map((p) => p.id));
      this.keySets.set(signature, ids);
    }
    return { ids, values: pairs.map((p) => this.internValue(p.value)) };
  }

  /** Whether some path of the config starts with `prefix` (an object's path: its scalars are below it). */
  hasBelow(config: PackedConfig, prefix: string): boolean {
    for (const id of config.ids) if (this.paths[id].startsWith(prefix)) return true;
    return false;
  }
}

/** The value at path id `id`, or undefined. */
export function configAt(config: PackedConfig, id: number): ConfigValue | undefined {
  const ids = config.ids;
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = ids[mid];
    if (at === id) return config.values[mid];
    if (at < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

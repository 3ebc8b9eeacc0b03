/**
 * The engine's one cache: serialized answers, sorted list views and built information schemas, all
 * functions of the store. It empties itself whenever the store's version moves, so nothing stale is
 * ever served, and it holds at most a fixed weight so that memory stays flat under any load.
 */
export class StoreCache {
  private readonly entries = new Map<string, { value: unknown; weight: number }>();
  private weight = 0;
  private seenVersion = -1;

  constructor(
    private readonly version: () => number,
    /** The most the entries may weigh together (about a character of JSON each). */
    private readonly maxWeight = 8_000_000,
  ) {}

  /**
   * The value cached under `key`, or `compute()`'s, cached with its `weight`. A value heavier than
   * a quarter of the budget is returned without being kept.
   */
  get<T>(key: string, compute: () => T, weigh: (value: T) => number): T {
    const version = this.version();
    if (version !== this.seenVersion) {
      this.clear();
      this.seenVersion = version;
    }
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit.value as T;
    const value = compute();
    const weight = weigh(value);
    if (weight > this.maxWeight / 4) return value;
    // Oldest first: a Map iterates in insertion order.
    for (const [oldKey, entry] of this.entries) {
      if (this.weight + weight <= this.maxWeight) break;
      this.entries.delete(oldKey);
      this.weight -= entry.weight;
    }
    this.entries.set(key, { value, weight });
    this.weight += weight;
    return value;
  }

  /** How many entries are kept (for tests of the bound). */
  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.weight = 0;
  }
}

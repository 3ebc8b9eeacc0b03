/** A small seeded PRNG (mulberry32): the same seed gives the same fixtures, ids and faults on every run. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  /** `length` characters of [A-Za-z0-9]. */
  alphanumeric(length: number): string;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick() needs at least one item');
      return items[int(0, items.length - 1)] as T;
    },
    chance: (probability) => next() < probability,
    alphanumeric(length) {
      let text = '';
      for (let i = 0; i < length; i++) text += ALPHANUMERIC.charAt(int(0, ALPHANUMERIC.length - 1));
      return text;
    },
  };
}

/** A stable 32-bit hash (FNV-1a) of a string, to derive per-record seeds from ids. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** `items[index]`, for indexes known to be in range; throws rather than yield undefined. */
export function itemAt<T>(items: readonly T[], index: number): T {
  if (index < 0 || index >= items.length)
    throw new RangeError(`index ${index} is out of range 0..${items.length - 1}`);
  return items[index] as T;
}

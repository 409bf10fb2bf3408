/**
 * A seeded PRNG (mulberry32) and the few draws the demo data and the generator need. Each generation step
 * takes its own stream, derived from the seed and the step's name, so adding a step (or
 * changing how many draws one makes) never changes what the other steps produce.
 */

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a label mixed into the seed: one independent stream per label. */
export function streamSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export class Rng {
  readonly #next: () => number;

  constructor(seed: number) {
    this.#next = mulberry32(seed);
  }

  static stream(seed: number, label: string): Rng {
    return new Rng(streamSeed(seed, label));
  }

  /** A float in [0, 1). */
  float(): number {
    return this.#next();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.#next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.#next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }
}

/** Draws from a fixed list by weight in O(log n): cumulative weights, binary search. */
export class WeightedPool<T> {
  readonly #items: readonly T[];
  readonly #cumulative: number[];

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    if (entries.length === 0) throw new Error('empty weighted pool');
    this.#items = entries.map(([item]) => item);
    let total = 0;
    this.#cumulative = entries.map(([, weight]) => {
      total += weight;
      return total;
    });
  }

  draw(rng: Rng): T {
    const total = this.#cumulative[this.#cumulative.length - 1] as number;
    const x = rng.float() * total;
    let lo = 0;
    let hi = this.#cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return this.#items[lo] as T;
  }
}

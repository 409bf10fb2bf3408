import { describe, expect, it } from 'vitest';
import {
  addToHistogram,
  bucketOf,
  percentileFromHistogram,
  RESOLVE_HOUR_BUCKETS,
  SATISFIED_MIN_RATING,
  satisfactionRate,
} from './satisfaction.ts';

const at = (bound: number) => RESOLVE_HOUR_BUCKETS.indexOf(bound);

describe('RESOLVE_HOUR_BUCKETS', () => {
  it('rise strictly and end in infinity, so every time has a bucket', () => {
    for (let i = 1; i < RESOLVE_HOUR_BUCKETS.length; i++) {
      expect(RESOLVE_HOUR_BUCKETS[i]).toBeGreaterThan(RESOLVE_HOUR_BUCKETS[i - 1] as number);
    }
    expect(RESOLVE_HOUR_BUCKETS.at(-1)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('bucketOf', () => {
  it.each([
    [0, 2],
    [2, 2],
    [2.01, 4],
    [23.9, 24],
    [24, 24],
    [100, 120],
    [720, 720],
    [721, Number.POSITIVE_INFINITY],
    [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY],
  ])('puts %s hours under the bound %s', (hours, bound) => {
    expect(bucketOf(hours)).toBe(at(bound));
  });

  it('puts a negative time (clock skew) in the first bucket and refuses NaN', () => {
    expect(bucketOf(-1)).toBe(0);
    expect(() => bucketOf(Number.NaN)).toThrow(RangeError);
  });
});

describe('addToHistogram', () => {
  it("fills a fresh tally row's empty array to one count per bucket", () => {
    const hist = addToHistogram([], 30);
    expect(hist).toHaveLength(RESOLVE_HOUR_BUCKETS.length);
    expect(hist[at(48)]).toBe(1);
    expect(hist.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('adds to the right bucket and leaves its input alone', () => {
    const before = addToHistogram([], 1);
    const after = addToHistogram(before, 1.5);
    expect(after[0]).toBe(2);
    expect(before[0]).toBe(1);
  });
});

describe('percentileFromHistogram', () => {
  // ten cases: five within 2 h, four within a day, one after more than 30 days
  const hist = RESOLVE_HOUR_BUCKETS.map(() => 0);
  hist[at(2)] = 5;
  hist[at(24)] = 4;
  hist[at(Number.POSITIVE_INFINITY)] = 1;

  it('gives the bound of the bucket where the p-th case falls', () => {
    expect(percentileFromHistogram(hist, 0.5)).toBe(2); // the 5th case
    expect(percentileFromHistogram(hist, 0.51)).toBe(24); // the 6th case
    expect(percentileFromHistogram(hist, 0.9)).toBe(24); // the 9th case
    expect(percentileFromHistogram(hist, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(percentileFromHistogram(hist, 0.01)).toBe(2);
  });

  it('reads a histogram shorter than the buckets', () => {
    expect(percentileFromHistogram([0, 0, 3], 0.5)).toBe(8);
  });

  it('is null for an empty histogram and refuses a p outside (0, 1]', () => {
    expect(percentileFromHistogram([], 0.5)).toBeNull();
    expect(
      percentileFromHistogram(
        RESOLVE_HOUR_BUCKETS.map(() => 0),
        0.9,
      ),
    ).toBeNull();
    expect(() => percentileFromHistogram(hist, 0)).toThrow(RangeError);
    expect(() => percentileFromHistogram(hist, 50)).toThrow(RangeError);
  });
});

describe('satisfaction', () => {
  it('counts 4 and 5 stars as satisfied', () => {
    expect(SATISFIED_MIN_RATING).toBe(4);
  });

  it('is the satisfied share of rated cases, and unknown when none was rated', () => {
    expect(satisfactionRate(3, 4)).toBe(0.75);
    expect(satisfactionRate(0, 5)).toBe(0);
    expect(satisfactionRate(0, 0)).toBeNull();
  });
});

/**
 * Satisfaction (满意度) and resolution times for the dashboard, read from case_month_tally.
 * Resolution times are kept as a histogram per month (counts per bucket of hours), so months and
 * units add up by plain element-wise sums and percentiles need no per-case rows; the price is
 * that a percentile is known only to its bucket, which is what a dashboard shows anyway.
 */

/**
 * Upper bounds (inclusive) of the resolution-time buckets, in hours: 2 h and 4 h for emergencies,
 * a working day, 1–3 days, 5 days, a week, 10 days, 15 days, 30 days, and beyond. Changing them
 * makes existing tally rows unreadable: append, never reorder.
 */
export const RESOLVE_HOUR_BUCKETS: readonly number[] = Object.freeze([
  2,
  4,
  8,
  24,
  48,
  72,
  120,
  168,
  240,
  360,
  720,
  Number.POSITIVE_INFINITY,
]);

/** Ratings of at least this count as satisfied (满意: 4 and 5 of 5). */
export const SATISFIED_MIN_RATING = 4;

/** The bucket index of a resolution time; a negative time (clock skew) falls in the first. */
export function bucketOf(hours: number): number {
  if (Number.isNaN(hours)) throw new RangeError('resolution hours must be a number');
  return RESOLVE_HOUR_BUCKETS.findIndex((bound) => hours <= bound);
}

/**
 * A new histogram with one more case of `hours`. The input may be shorter than the buckets (a
 * fresh tally row holds '{}'); the result always has one count per bucket.
 */
export function addToHistogram(hist: readonly number[], hours: number): number[] {
  const next = RESOLVE_HOUR_BUCKETS.map((_, i) => hist[i] ?? 0);
  const i = bucketOf(hours);
  next[i] = (next[i] ?? 0) + 1;
  return next;
}

/**
 * The bucket bound (hours) within which the case at fraction `p` (0 < p ≤ 1: 0.5 median, 0.9
 * p90) of all cases falls: the bound of the bucket holding the ⌈p × n⌉-th fastest case. Infinity
 * when that case lies beyond the last finite bound; null when the histogram is empty.
 */
export function percentileFromHistogram(hist: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 1)) throw new RangeError(`percentile must be in (0, 1], got ${p}`);
  const total = hist.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.ceil(p * total);
  let seen = 0;
  for (let i = 0; i < RESOLVE_HOUR_BUCKETS.length; i++) {
    seen += hist[i] ?? 0;
    if (seen >= rank) return RESOLVE_HOUR_BUCKETS[i] ?? null;
  }
  return null; // counts beyond the known buckets: a histogram longer than RESOLVE_HOUR_BUCKETS
}

/** Satisfied share of rated cases, 0–1; null when nothing was rated (no rate is not 0 %). */
export function satisfactionRate(satisfied: number, rated: number): number | null {
  return rated > 0 ? satisfied / rated : null;
}

/**
 * Order statistics for benchmark figures.
 *
 * Percentiles use the **nearest-rank** definition (NIST/SEMATECH e-Handbook §7.2.6.2; the
 * definition of "p99 latency" in most SLOs): the p-th percentile of n sorted values is the value
 * at rank ⌈p/100 · n⌉ (1-based), so it is always a value that was observed, p0 is the minimum
 * and p100 the maximum. With 1000 samples, p99 is the 990th smallest: 10 samples lie above it.
 */

/** Distribution summary of a sample. All fields are in the sample's unit. */
export interface Distribution {
  n: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * The nearest-rank `p`-th percentile of `sorted` (ascending).
 * @param sorted values in ascending order (not checked: sort once, ask many times).
 * @param p percentile, 0 … 100.
 * @throws RangeError for an empty sample or p outside 0 … 100.
 */
export function percentileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError("percentile of an empty sample");
  if (!(p >= 0 && p <= 100)) throw new RangeError(`p must be 0…100, got ${p}`);
  // The tolerance keeps decimal p exact: 99.9 % of 1000 is rank 999, not 1000 from 999.0000000000001.
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100 - 1e-9));
  return sorted[rank - 1]!;
}

/** Numbers sorted ascending (a new array; NaN is refused). */
export function sortedCopy(values: readonly number[]): number[] {
  for (const v of values) if (Number.isNaN(v)) throw new RangeError("sample contains NaN");
  return [...values].sort((a, b) => a - b);
}

/**
 * The nearest-rank `p`-th percentile of `values` (any order).
 * @throws RangeError as `percentileSorted`, or for NaN in the sample.
 */
export function percentile(values: readonly number[], p: number): number {
  return percentileSorted(sortedCopy(values), p);
}

/**
 * n, min, p50, p90, p99, max and mean of a sample.
 * @throws RangeError for an empty sample or NaN.
 */
export function distribution(values: readonly number[]): Distribution {
  const s = sortedCopy(values);
  if (s.length === 0) throw new RangeError("distribution of an empty sample");
  let sum = 0;
  for (const v of s) sum += v;
  return {
    n: s.length,
    min: s[0]!,
    p50: percentileSorted(s, 50),
    p90: percentileSorted(s, 90),
    p99: percentileSorted(s, 99),
    max: s[s.length - 1]!,
    mean: sum / s.length,
  };
}

/** How many values are ≤ `limit` (inclusive: "within 1 s" counts exactly 1000 ms). */
export function countAtMost(values: readonly number[], limit: number): number {
  let n = 0;
  for (const v of values) if (v <= limit) n++;
  return n;
}

/**
 * The empirical CDF as steps: one point per distinct value, `[value, share ≤ value]`, shares
 * 0 < y ≤ 1, ascending. Empty for an empty sample.
 */
export function cdfPoints(values: readonly number[]): Array<[number, number]> {
  const s = sortedCopy(values);
  const out: Array<[number, number]> = [];
  for (let i = 0; i < s.length; i++) {
    if (i + 1 < s.length && s[i + 1] === s[i]) continue;
    out.push([s[i]!, (i + 1) / s.length]);
  }
  return out;
}

/** One bin of a histogram: `[from, to)`, the last bin closed. */
export interface Bin {
  from: number;
  to: number;
  count: number;
}

/**
 * Counts values into `bins` equal bins spanning [lo, hi]; values outside are counted in the
 * first or last bin (clamped bins are named in `clampedLow`/`clampedHigh` so nothing is hidden).
 * @throws RangeError for bins < 1 or hi ≤ lo.
 */
export function histogram(values: readonly number[], lo: number, hi: number, bins: number): { bins: Bin[]; clampedLow: number; clampedHigh: number } {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be an integer ≥ 1, got ${bins}`);
  if (!(hi > lo)) throw new RangeError(`hi must exceed lo, got [${lo}, ${hi}]`);
  const width = (hi - lo) / bins;
  const out: Bin[] = Array.from({ length: bins }, (_, i) => ({ from: lo + i * width, to: lo + (i + 1) * width, count: 0 }));
  let clampedLow = 0;
  let clampedHigh = 0;
  for (const v of values) {
    let i = Math.floor((v - lo) / width);
    if (v < lo) {
      clampedLow++;
      i = 0;
    } else if (v > hi) {
      clampedHigh++;
      i = bins - 1;
    } else if (i >= bins) i = bins - 1; // v === hi
    out[i]!.count++;
  }
  return { bins: out, clampedLow, clampedHigh };
}

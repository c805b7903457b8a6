/**
 * Claim: benchmark percentiles are nearest-rank (NIST e-Handbook §7.2.6.2): the p-th percentile
 * of n values is the ⌈p/100 · n⌉-th smallest, always a value that was observed; p0 is the
 * minimum, p100 the maximum; and the helpers refuse empty samples and NaN instead of inventing.
 */
import test from "ava";
import fc from "fast-check";
import { cdfPoints, countAtMost, distribution, histogram, percentile } from "../../bench/stats.ts";

const rows: Array<[values: number[], p: number, expected: number]> = [
  [[5], 50, 5],
  [[5], 99, 5],
  [[3, 1, 2], 0, 1],
  [[3, 1, 2], 50, 2],
  [[3, 1, 2], 100, 3],
  [[1, 2, 3, 4], 50, 2], // rank ⌈2⌉ = 2: no interpolation to 2.5
  [[1, 2, 3, 4], 51, 3],
  [[1, 2, 3, 4], 75, 3],
  [[1, 2, 3, 4], 76, 4],
  [Array.from({ length: 1000 }, (_, i) => 1000 - i), 99, 990], // 10 values lie above p99
  [Array.from({ length: 1000 }, (_, i) => i + 1), 99.9, 999],
  [[-2, -2, 7, 7, 7], 40, -2],
  [[-2, -2, 7, 7, 7], 41, 7],
];

for (const [values, p, expected] of rows) {
  test(`p${p} of ${values.length <= 5 ? JSON.stringify(values) : `${values.length} values`} is ${expected}`, (t) => {
    t.is(percentile(values, p), expected);
  });
}

test("property: a percentile is an observed value, monotone in p, between min and max", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: -1e9, max: 1e9 }), { minLength: 1, maxLength: 200 }), fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (values, p, q) => {
        const a = percentile(values, Math.min(p, q));
        const b = percentile(values, Math.max(p, q));
        return values.includes(a) && a <= b && a >= Math.min(...values) && b <= Math.max(...values);
      }),
      { numRuns: 500 },
    ),
  );
});

test("distribution gives n, min, p50, p90, p99, max and the mean", (t) => {
  const d = distribution([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  t.deepEqual(d, { n: 10, min: 10, p50: 50, p90: 90, p99: 100, max: 100, mean: 55 });
});

test("empty samples, NaN and p outside 0…100 are refused", (t) => {
  t.throws(() => percentile([], 50), { instanceOf: RangeError });
  t.throws(() => distribution([]), { instanceOf: RangeError });
  t.throws(() => percentile([1, Number.NaN], 50), { instanceOf: RangeError });
  t.throws(() => percentile([1, 2], 101), { instanceOf: RangeError });
  t.throws(() => percentile([1, 2], -1), { instanceOf: RangeError });
});

test("countAtMost is inclusive: a delivery at exactly 1000 ms is within 1 s", (t) => {
  t.is(countAtMost([999, 1000, 1001], 1000), 2);
  t.is(countAtMost([], 1000), 0);
});

test("cdfPoints steps once per distinct value and ends at 1", (t) => {
  t.deepEqual(cdfPoints([3, 1, 1, 2]), [
    [1, 0.5],
    [2, 0.75],
    [3, 1],
  ]);
  t.deepEqual(cdfPoints([]), []);
});

test("histogram bins are [from, to), the last closed, and values outside are counted, not dropped", (t) => {
  const h = histogram([-1, 0, 4.9, 5, 10, 11], 0, 10, 2);
  t.deepEqual(
    h.bins.map((b) => [b.from, b.to, b.count]),
    [
      [0, 5, 3],
      [5, 10, 3],
    ],
  );
  t.is(h.clampedLow, 1);
  t.is(h.clampedHigh, 1);
  t.throws(() => histogram([1], 0, 10, 0), { instanceOf: RangeError });
  t.throws(() => histogram([1], 5, 5, 2), { instanceOf: RangeError });
});

/**
 * Claim: the report's hand-written charts put ticks on a 1–2–5 grid (linear) or on decades
 * (log, with 2× and 5× when the range is short), and escape text so a label cannot break the SVG.
 */
import test from "ava";
import { histogramChart, lineChart, linearTicks, logTicks } from "../../bench/svg.ts";

const linear: Array<[lo: number, hi: number, ticks: number[]]> = [
  [0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1]],
  [0, 150, [0, 50, 100, 150]],
  [0, 7, [0, 2, 4, 6]],
  [3, 3, [3]],
];
for (const [lo, hi, ticks] of linear) {
  test(`linear ticks over [${lo}, ${hi}]`, (t) => t.deepEqual(linearTicks(lo, hi), ticks));
}

const log: Array<[lo: number, hi: number, ticks: number[]]> = [
  [10, 100_000, [10, 100, 1000, 10_000, 100_000]],
  [1, 100, [1, 2, 5, 10, 20, 50, 100]],
];
for (const [lo, hi, ticks] of log) {
  test(`log ticks over [${lo}, ${hi}]`, (t) => t.deepEqual(logTicks(lo, hi), ticks));
}

test("bad ranges are refused", (t) => {
  t.throws(() => linearTicks(2, 1), { instanceOf: RangeError });
  t.throws(() => logTicks(0, 10), { instanceOf: RangeError });
});

test("labels are escaped and every series gets a path and a legend entry", (t) => {
  const svg = lineChart({
    title: "a < b & c",
    xLabel: "x",
    yLabel: "y",
    series: [
      { name: "one <1>", points: [[1, 0.5], [2, 1]], step: true },
      { name: "two", points: [[1, 0.2], [3, 0.9]] },
    ],
    markers: [{ x: 2, label: "limit \"2\"" }],
  });
  t.true(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  t.true(svg.includes("a &lt; b &amp; c"));
  t.true(svg.includes("one &lt;1&gt;"));
  t.true(svg.includes("limit &quot;2&quot;"));
  t.is(svg.match(/<path /g)?.length, 2);
  t.false(/[<>&](?![a-z/!#]|amp;|lt;|gt;|quot;)/.test(svg.replace(/<[^>]*>/g, "")), "no raw markup characters in text");
  const h = histogramChart({ title: "h", xLabel: "x", yLabel: "n", series: [{ name: "s", bins: [{ from: 0, to: 1, count: 2 }, { from: 1, to: 2, count: 0 }] }] });
  t.is(h.match(/<rect x=/g)?.length, 1 + 1, "the frame and one bar (empty bins draw nothing)");
});

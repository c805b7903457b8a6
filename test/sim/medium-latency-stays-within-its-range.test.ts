import test from "ava";
import { air } from "./support/air.ts";

test("send → arrival latency is uniform on [min, max] at µs resolution", (t) => {
  const N = 5_000;
  const [lo, hi] = [2, 7];
  const a = air({ latencyMs: [lo, hi] });
  for (let n = 0; n < N; n++) a.sendAt(n * 20_000, n);
  a.queue.runUntil(N * 20_000 + 1_000_000);
  const lat = a.received.map((r) => r.atUs - a.sentAtUs.get(r.n)!);
  t.is(lat.length, N);
  t.true(lat.every((x) => Number.isInteger(x) && x >= lo * 1000 && x <= hi * 1000), "every latency within [min, max]");
  // Uniform on 5001 µs values: mean (lo+hi)/2, sd (hi−lo)/√12; the sample mean within 5 standard errors.
  const mean = lat.reduce((s, x) => s + x, 0) / N;
  const se = ((hi - lo) * 1000) / Math.sqrt(12) / Math.sqrt(N);
  t.true(Math.abs(mean - ((lo + hi) / 2) * 1000) <= 5 * se, `mean ${mean.toFixed(0)} µs`);
  // The ends are reached: P(no sample in a 50 µs end band) = (1 − 51/5001)^5000 ≈ e^−51.
  t.true(Math.min(...lat) < lo * 1000 + 50 && Math.max(...lat) > hi * 1000 - 50);
  // The sender's send-done comes at the arrival (the MAC ack), never before.
  t.true(a.sendDone.every((d) => d.atUs === a.sentAtUs.get(d.n)! + lat[d.n]!));
});

test("a fixed latency [x, x] is exact", (t) => {
  const a = air({ latencyMs: [2.5, 2.5] });
  for (let n = 0; n < 100; n++) a.sendAt(n * 10_000 + 333, n);
  a.queue.runUntil(2_000_000);
  t.deepEqual(new Set(a.received.map((r) => r.atUs - a.sentAtUs.get(r.n)!)), new Set([2500]));
});

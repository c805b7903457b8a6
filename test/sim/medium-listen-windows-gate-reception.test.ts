import test from "ava";
import { air, binomialBand } from "./support/air.ts";

test("a radio with listen windows hears exactly the frames arriving inside a window, and acks only those", (t) => {
  const listen = { periodMs: 100, windowMs: 20, phaseMs: 10 };
  const a = air({ latencyMs: [2, 2] }, { listen });
  for (let n = 0; n < 1000; n++) a.sendAt(n * 3_000 + 17, n); // every 3 ms, off the ms grid
  a.queue.runUntil(4_000_000);
  const inWindow = (us: number) => (((us - 10_000) % 100_000) + 100_000) % 100_000 < 20_000;
  const got = new Set(a.received.map((r) => r.n));
  const wrong = [];
  for (let n = 0; n < 1000; n++) if (got.has(n) !== inWindow(n * 3_000 + 17 + 2_000)) wrong.push(n);
  t.deepEqual(wrong, []);
  t.true(a.sendDone.every((d) => d.ok === got.has(d.n)), "send-done is true exactly for heard frames");
  t.is(a.medium.stats.lost_not_listening, 1000 - got.size);
});

test("with random send times, the heard fraction is window / period", (t) => {
  const N = 10_000;
  const listen = { periodMs: 100, windowMs: 30, phaseMs: 0 };
  const a = air({ latencyMs: [1, 9] }, { listen });
  for (let n = 0; n < N; n++) a.sendAt(n * 10_000, n); // the random latency spreads arrivals
  a.queue.runUntil(N * 10_000 + 1_000_000);
  // Arrival phase = (send phase + latency) mod 100 ms; send phases cycle through 10 values and
  // latency is uniform over 8 ms, so the heard probability is exactly computable per send phase.
  let expected = 0;
  for (let n = 0; n < N; n++) {
    const phaseUs = (n * 10_000) % 100_000;
    let inside = 0;
    for (let l = 1000; l <= 9000; l++) if ((phaseUs + l) % 100_000 < 30_000) inside++;
    expected += inside / 8001;
  }
  const band = binomialBand(N, 0.3);
  t.true(Math.abs(a.received.length - expected) <= band, `${a.received.length} heard, expected ${expected.toFixed(0)}`);
});

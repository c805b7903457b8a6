import test from "ava";
import { air, binomialBand } from "./support/air.ts";

// i.i.d. loss: each frame is lost independently with probability `loss`, so the number
// delivered out of N is Binomial(N, 1 − loss); assert within 5 standard deviations.
for (const loss of [0, 0.05, 0.3, 1]) {
  test(`loss ${loss}: deliveries are Binomial(N, ${1 - loss})`, (t) => {
    const N = 20_000;
    const a = air({ loss });
    for (let n = 0; n < N; n++) a.sendAt(n * 10_000, n);
    a.queue.runUntil(N * 10_000 + 1_000_000);
    const expected = N * (1 - loss);
    const band = binomialBand(N, loss);
    t.true(Math.abs(a.received.length - expected) <= band, `${a.received.length} delivered, expected ${expected} ± ${band.toFixed(0)}`);
    t.is(a.medium.stats.lost_air + a.received.length, N, "every frame is either delivered or lost on air");
    t.is(a.skipped.length, 0);
  });
}

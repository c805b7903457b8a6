import test from "ava";
import { air, binomialBand } from "./support/air.ts";

// Continuous-time Gilbert–Elliott with loss 0 in the good state and 1 in the bad state:
// π_B = meanBad / (meanGood + meanBad), k = 1/meanGood + 1/meanBad, and for frames Δ apart
// P(lost | previous lost) = π_B + (1 − π_B)e^(−kΔ), P(lost | previous delivered) = π_B(1 − e^(−kΔ)).
const burst = { meanGoodMs: 400, meanBadMs: 100, lossGood: 0, lossBad: 1 };
const piBad = burst.meanBadMs / (burst.meanGoodMs + burst.meanBadMs);
const k = 1 / burst.meanGoodMs + 1 / burst.meanBadMs;

test("frames far apart are lost at the stationary rate π_B", (t) => {
  const N = 20_000;
  const a = air({ burst });
  // 5 s apart: e^(−k·5000) ≈ 1e−27, so the frames are independent Bernoulli(π_B) trials.
  for (let n = 0; n < N; n++) a.sendAt(n * 5_000_000, n);
  a.queue.runUntil(N * 5_000_000 + 1_000_000);
  const lost = N - a.received.length;
  const band = binomialBand(N, piBad);
  t.true(Math.abs(lost - N * piBad) <= band, `${lost} lost, expected ${N * piBad} ± ${band.toFixed(0)}`);
});

test("losses come in bursts: a loss right after a loss is far likelier than after a delivery", (t) => {
  const pairs = 20_000;
  const gapMs = 20;
  const decay = Math.exp(-k * gapMs);
  const pLostAfterLost = piBad + (1 - piBad) * decay;
  const pLostAfterDelivered = piBad * (1 - decay);
  const a = air({ burst });
  for (let i = 0; i < pairs; i++) {
    a.sendAt(i * 5_000_000, 2 * i);
    a.sendAt(i * 5_000_000 + gapMs * 1000, 2 * i + 1);
  }
  a.queue.runUntil(pairs * 5_000_000 + 1_000_000);
  const got = new Set(a.received.map((r) => r.n));
  let firstLost = 0;
  let bothLost = 0;
  let firstOk = 0;
  let secondLostAfterOk = 0;
  for (let i = 0; i < pairs; i++) {
    const l1 = !got.has(2 * i);
    const l2 = !got.has(2 * i + 1);
    if (l1) {
      firstLost++;
      if (l2) bothLost++;
    } else {
      firstOk++;
      if (l2) secondLostAfterOk++;
    }
  }
  const b1 = binomialBand(firstLost, pLostAfterLost);
  t.true(Math.abs(bothLost - firstLost * pLostAfterLost) <= b1, `P(lost|lost) ≈ ${(bothLost / firstLost).toFixed(3)}, model ${pLostAfterLost.toFixed(3)}`);
  const b2 = binomialBand(firstOk, pLostAfterDelivered);
  t.true(Math.abs(secondLostAfterOk - firstOk * pLostAfterDelivered) <= b2, `P(lost|ok) ≈ ${(secondLostAfterOk / firstOk).toFixed(3)}, model ${pLostAfterDelivered.toFixed(3)}`);
});

test("with i.i.d. loss on top, the long-run loss is 1 − (1 − loss)(1 − π_B)", (t) => {
  const N = 20_000;
  const loss = 0.1;
  const a = air({ burst, loss });
  for (let n = 0; n < N; n++) a.sendAt(n * 5_000_000, n);
  a.queue.runUntil(N * 5_000_000 + 1_000_000);
  const p = 1 - (1 - loss) * (1 - piBad);
  const lost = N - a.received.length;
  t.true(Math.abs(lost - N * p) <= binomialBand(N, p), `${lost} lost, expected ${(N * p).toFixed(0)}`);
});

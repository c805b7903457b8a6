/**
 * Claim (the ground truth of the debounce benchmark, checked against the real caller app): a
 * clean pressed pulse gives a press when it lasts at least `minPressMs(window, hold)` — the
 * debounce window, or the hold when longer, because the release is debounced as late as the
 * press — and gives none when it is shorter.
 */
import test from "ava";
import { callerId, deployment } from "../../bench/deployment.ts";
import { minPressMs } from "../../bench/hostile-input.ts";
import { runScenario } from "../../tools/sim/run.ts";

const rows: Array<[windowMs: number, holdMs: number]> = [
  [30, 0],
  [30, 70],
  [50, 20],
  [20, 400],
];

for (const [windowMs, holdMs] of rows) {
  const min = minPressMs(windowMs, holdMs);
  test(`debounce ${windowMs} ms, hold ${holdMs} ms: ${min - 2} ms gives no press, ${min + 2} ms gives one`, (t) => {
    const lengths = [min - 2, min + 2];
    const inputs = lengths.map((len, i) => ({ at_ms: 2000 + i * 3000, device: callerId(0), edges: [[0, 0], [len, 1]] }));
    const { scenario } = deployment({
      name: "pulse threshold",
      seed: 3,
      durationMs: 9000,
      callers: 1,
      callerConfig: { debounce_ms: windowMs, hold_ms: holdMs },
      inputs,
    });
    const presses: number[] = [];
    runScenario(scenario, { keepEvents: false, onEvent: (e) => e.event === "press" && presses.push(e.t) });
    t.deepEqual(
      presses.map((p) => lengths[Math.floor((p - 2000) / 3000)]),
      [min + 2],
    );
  });
}

test("the helper's arithmetic", (t) => {
  t.is(minPressMs(30, 0), 30);
  t.is(minPressMs(30, 70), 70);
  t.is(minPressMs(50, 20), 50);
});

import test from "ava";
import { deployment, simulate } from "../scenarios/support/simulate.ts";

// Issue 10 point 1, found by the adversarial review: a post whose power fails for 2 s every
// 90 s (a loose plug, a failing adapter, a village grid that trips) restarted every caller's
// timeout at each boot, so a caller that died during the loop was never reported offline while
// the loop lasted (seed 3: reported at 3832 s, an hour after its death at 210 s). Silence
// checkpoints (`firmware/core/supervision/silence-checkpoint.ts`) carry each silent caller's
// silence across the reboot.

const TIMEOUT_MS = 120_000;
const DEAD_AT = 210_000;

function bootLoop(periodMs: number, downMs: number, seed: number) {
  const inputs: Array<Record<string, unknown>> = [{ at_ms: DEAD_AT, device: "c1", power: "off" }];
  for (let t = 200_000; t < 3_800_000; t += periodMs) {
    inputs.push({ at_ms: t, device: "post", power: "off" }, { at_ms: t + downMs, device: "post", power: "on" });
  }
  return simulate({ duration_ms: 3_900_000, seed, radio: { loss: 0.1 }, devices: deployment(2), inputs });
}

for (const [periodMs, downMs, seed] of [
  [90_000, 2000, 3],
  [118_000, 2000, 3],
  [45_000, 1000, 4],
  [30_000, 5000, 5],
] as const) {
  test(`a caller that dies while the post reboots every ${periodMs / 1000} s (${downMs / 1000} s down) is reported offline during the loop`, (t) => {
    const r = bootLoop(periodMs, downMs, seed);
    const reports = r.of("caller_offline", "post").filter((e) => e.caller === "c1");
    t.true(reports.length >= 1, "the death is reported");
    const at = reports[0]!.t;
    // Bound (supervision README, "Silence across a post reboot"): the timeout, plus for each
    // reboot during the silence its downtime, its boot and at most one checkpoint period.
    const reboots = Math.ceil((TIMEOUT_MS + 60_000) / periodMs);
    const bound = DEAD_AT + TIMEOUT_MS + reboots * (downMs + 10_000 + 1000);
    t.true(at <= bound, `reported at ${at} ms, bound ${bound} ms`);
    t.is(r.of("caller_offline", "post").filter((e) => e.caller === "c2").length, 0, "the living caller is never reported offline");
  });
}

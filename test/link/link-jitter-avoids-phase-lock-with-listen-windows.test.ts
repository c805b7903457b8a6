import test from "ava";
import type { RetryPolicy } from "../../firmware/core/link/backoff.ts";
import { LINK_DEFAULTS } from "../../firmware/core/link/link.ts";
import { LinkNode } from "./support/link-node.ts";
import { LossyMedium } from "./support/lossy-medium.ts";
import { seededRandom } from "../../bench/harness/prng.ts";
import { VirtualLoop } from "./support/virtual-loop.ts";

const CALLER = 1;
const RECEIVER = 2;
const PERIOD_MS = 100;

/**
 * One alarm sent at t = 0 to a receiver that only listens `windowMs` out of every 100 ms, its
 * windows starting at `phaseMs` (ESP-NOW power save; ESPHome's silent 50 ms / 100 ms window,
 * esphome/esphome issue #17238). Returns the transmissions needed, or undefined if none of
 * `maxAttempts` got through.
 */
function attemptsToDeliver(policy: Partial<RetryPolicy>, windowMs: number, phaseMs: number, seed: number, start: number, maxAttempts: number): number | undefined {
  const loop = new VirtualLoop(start);
  const medium = new LossyMedium({ loop, random: seededRandom(seed) });
  medium.setModel(CALLER, RECEIVER, { loss: 0, duplicate: 0, latencyMs: [1, 1], listen: { periodMs: PERIOD_MS, windowMs, phaseMs } });
  medium.setModel(RECEIVER, CALLER, { loss: 0, duplicate: 0, latencyMs: [1, 1] });
  const caller = new LinkNode(CALLER, loop, medium, { random: seededRandom(seed * 31 + phaseMs), policies: { alarm: policy } });
  new LinkNode(RECEIVER, loop, medium, { random: seededRandom(seed) });
  loop.at(0, (now) => caller.link.send(RECEIVER, { kind: "alarm", incident: 1 }, now));
  loop.runUntil(3_600_000, () => caller.delivered.length > 0 || caller.attempts.length > maxAttempts);
  return caller.delivered[0]?.info.attempts;
}

const PHASES = Array.from({ length: PERIOD_MS }, (_, i) => i);

// A fixed schedule whose waits are multiples of the listen period: every attempt lands at the
// same phase as the first, so for the phases where the first misses, every attempt misses.
const FIXED: Partial<RetryPolicy> = { initialMs: 100, maxMs: 2000, factor: 2, jitter: 0 };

// Rows: listen window ms, attempt bound for the jittered default (P(miss) per attempt is at most
// 1 − window/period once the phase is random: 0.5^19 ≈ 2e-6, 0.8^59 ≈ 2e-6).
const rows: [number, number][] = [
  [50, 20],
  [20, 60],
];

for (const [windowMs, bound] of rows) {
  test(`listening ${windowMs} ms in every 100 ms: the jittered alarm schedule gets through within ${bound} attempts at every phase, a fixed schedule never does at some`, (t) => {
    const fixedFails = PHASES.filter((phase) => attemptsToDeliver(FIXED, windowMs, phase, 1, 0, 40) === undefined);
    t.true(fixedFails.length >= PERIOD_MS - windowMs - 1, `fixed schedule: phases never reached: ${fixedFails.length} of ${PERIOD_MS}`);

    let worst = 0;
    let total = 0;
    let runs = 0;
    for (const start of [0, 2 ** 32 - 50]) {
      for (const seed of [1, 2, 3]) {
        for (const phase of PHASES) {
          const n = attemptsToDeliver(LINK_DEFAULTS.alarm, windowMs, phase, seed, start, bound);
          if (n === undefined) {
            t.fail(`jittered schedule: phase ${phase} seed ${seed} start ${start} not delivered within ${bound} attempts`);
            return;
          }
          worst = Math.max(worst, n);
          total += n;
          runs++;
        }
      }
    }
    t.true(worst <= bound);
    t.log(`window ${windowMs}/100 ms: fixed schedule misses ${fixedFails.length} phases of 100; jittered: mean ${(total / runs).toFixed(2)} attempts, worst ${worst}, over ${runs} runs`);
  });
}

import test from "ava";
import { LinkNode } from "./support/link-node.ts";
import { LossyMedium } from "./support/lossy-medium.ts";
import { seededRandom } from "../../bench/harness/prng.ts";
import { VirtualLoop } from "./support/virtual-loop.ts";

const CALLER = 1;
const RECEIVER = 2;
const TRIALS = 2000;
/** EN 50131 installers quote ≤ 10 s for hold-up notification (alarm-field-facts §2.1, Tecnoalarm). */
const LIMIT_MS = 10_000;

// Rows: loss each way; the share of alarms that must be acked within 10 s. The pre-issue-15
// alarm policy made 9 transmissions in its first 9.1 s (nominal), so the share missing was about
// (1 − (1 − loss)²)^9: 1e-4 at 20 %, 2.3e-3 at 30 %; today's makes about 100 (README, "Fast
// through loss"), so the bounds hold with a wide margin.
const rows: [number, number][] = [
  [0.2, 0.999],
  [0.3, 0.99],
];

for (const [loss, share] of rows) {
  test(`at ${loss * 100} % loss both ways, at least ${share * 100} % of alarms are acked within 10 s, and every one eventually`, (t) => {
    const latencies: number[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const loop = new VirtualLoop(trial % 2 ? 2 ** 32 - 3_000 : 0);
      const medium = new LossyMedium({ loop, random: seededRandom(trial), model: { loss, duplicate: 0, latencyMs: [1, 6] } });
      medium.keepLog = false;
      const caller = new LinkNode(CALLER, loop, medium, { random: seededRandom(trial + 1e6) });
      new LinkNode(RECEIVER, loop, medium, { random: seededRandom(trial + 2e6) });
      loop.at(0, (now) => caller.link.send(RECEIVER, { kind: "alarm", incident: 1 }, now));
      loop.runUntil(600_000, () => caller.delivered.length > 0);
      t.is(caller.delivered.length, 1);
      latencies.push(caller.delivered[0]!.at);
    }
    latencies.sort((a, b) => a - b);
    const within = latencies.filter((l) => l <= LIMIT_MS).length / TRIALS;
    t.true(within >= share, `${(within * 100).toFixed(2)} % within 10 s`);
    const pct = (q: number) => latencies[Math.min(TRIALS - 1, Math.floor(q * TRIALS))];
    t.log(`loss ${loss}: acked within 10 s ${(within * 100).toFixed(2)} %; latency p50 ${pct(0.5)} ms, p90 ${pct(0.9)} ms, p99 ${pct(0.99)} ms, max ${latencies.at(-1)} ms`);
  });
}

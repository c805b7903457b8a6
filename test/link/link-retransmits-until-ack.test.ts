import test from "ava";
import { longestWaitMs, nominalWaitMs } from "../../firmware/core/link/backoff.ts";
import { LINK_DEFAULTS } from "../../firmware/core/link/link.ts";
import { LinkNode } from "./support/link-node.ts";
import { LossyMedium } from "./support/lossy-medium.ts";
import { seededRandom } from "../../bench/harness/prng.ts";
import { VirtualLoop } from "./support/virtual-loop.ts";

const CALLER = 1;
const RECEIVER = 2;
const policy = LINK_DEFAULTS.alarm;

// Rows: outage length (the receiver is off), start tick (one wraps during the outage), seed.
const rows: [number, number, number][] = [
  [0, 0, 1],
  [5_000, 0, 2],
  [60_000, 0, 3],
  [600_000, 2 ** 32 - 300_000, 4],
  [3_600_000, 2 ** 32 - 1_000_000, 5],
];

for (const [outageMs, start, seed] of rows) {
  test(`an alarm is retransmitted with growing, capped, jittered waits through a ${outageMs / 1000} s outage and delivered within one cap interval after (start ${start})`, (t) => {
    const loop = new VirtualLoop(start);
    const medium = new LossyMedium({ loop, random: seededRandom(seed), model: { loss: 0, duplicate: 0, latencyMs: [2, 2] } });
    const caller = new LinkNode(CALLER, loop, medium, { random: seededRandom(seed * 7) });
    const receiver = new LinkNode(RECEIVER, loop, medium, { random: seededRandom(seed * 13) });
    medium.setDown(RECEIVER, outageMs > 0);
    loop.at(0, (now) => caller.link.send(RECEIVER, { kind: "alarm", incident: 9 }, now));
    loop.at(outageMs, () => medium.setDown(RECEIVER, false));
    loop.runUntil(outageMs + 60_000, () => caller.delivered.length > 0);

    t.is(caller.delivered.length, 1);
    t.is(receiver.inbox.length, 1);
    const times = caller.attempts.map((a) => a.at);
    t.deepEqual(caller.attempts.map((a) => a.info.attempt), times.map((_, i) => i + 1), "attempts are numbered 1, 2, 3 …");
    t.is(caller.delivered[0]!.info.attempts, times.length);
    // Each wait lies within ± jitter of its nominal wait (± 1 ms of rounding), never above the cap bound.
    for (let n = 1; n < times.length; n++) {
      const gap = times[n]! - times[n - 1]!;
      const nominal = nominalWaitMs(policy, n);
      t.true(gap >= Math.floor(nominal * (1 - policy.jitter)) && gap <= Math.ceil(nominal * (1 + policy.jitter)), `wait ${n}: ${gap} ms vs nominal ${nominal}`);
      t.true(gap <= longestWaitMs(policy));
    }
    // Delivery comes within one cap interval (+ the 2 ms air time each way) of the receiver's return.
    const ackedAt = caller.delivered[0]!.at;
    t.true(ackedAt - outageMs <= longestWaitMs(policy) + 4, `delivered ${ackedAt - outageMs} ms after the outage ended`);
    // Nothing more is sent once the ack is in.
    const sentBefore = medium.log.filter((e) => e.from === CALLER).length;
    loop.runUntil(loop.elapsedMs + 60_000);
    t.is(medium.log.filter((e) => e.from === CALLER).length, sentBefore);
    t.is(caller.link.nextDeadline(), undefined);
  });
}

for (const start of [0, 2 ** 32 - 3_000]) test(`the waits grow: in a long outage the first five waits rise and the later ones sit at the cap (start ${start})`, (t) => {
  const loop = new VirtualLoop(start);
  const medium = new LossyMedium({ loop, random: seededRandom(9) });
  // The pre-issue-15 alarm policy without jitter, so the doubling is visible; the defaults' own
  // schedule is checked by link-alarm-is-heard-within-115-ms-…-99-times-in-100.test.ts.
  const caller = new LinkNode(CALLER, loop, medium, { random: seededRandom(10), policies: { alarm: { initialMs: 100, maxMs: 2000, factor: 2, jitter: 0 } } });
  medium.setDown(RECEIVER, true);
  loop.at(0, (now) => caller.link.send(RECEIVER, { kind: "alarm", incident: 1 }, now));
  loop.runUntil(20_000);
  const gaps = caller.attempts.slice(1).map((a, i) => a.at - caller.attempts[i]!.at);
  t.deepEqual(gaps.slice(0, 8), [100, 200, 400, 800, 1600, 2000, 2000, 2000]);
});

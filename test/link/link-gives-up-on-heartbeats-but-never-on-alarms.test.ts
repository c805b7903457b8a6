import test from "ava";
import { LINK_DEFAULTS } from "../../firmware/core/link/link.ts";
import { LinkNode } from "./support/link-node.ts";
import { LossyMedium } from "./support/lossy-medium.ts";
import { seededRandom } from "../../bench/harness/prng.ts";
import { VirtualLoop } from "./support/virtual-loop.ts";

const CALLER = 1;
const RECEIVER = 2;

for (const start of [0, 2 ** 32 - 60_000]) {
  test(`with the receiver gone, a heartbeat is given up after its ${LINK_DEFAULTS.heartbeat.maxAttempts} transmissions and an alarm never (start ${start})`, (t) => {
    const loop = new VirtualLoop(start);
    const medium = new LossyMedium({ loop, random: seededRandom(1) });
    medium.setDown(RECEIVER, true);
    const caller = new LinkNode(CALLER, loop, medium, { random: seededRandom(2) });
    loop.at(0, (now) => {
      caller.link.send(RECEIVER, { kind: "heartbeat", status: 0, uptimeS: 1 }, now);
      caller.link.send(RECEIVER, { kind: "alarm", incident: 1 }, now);
    });
    loop.runUntil(2 * 3_600_000);

    t.is(caller.gaveUp.length, 1);
    const g = caller.gaveUp[0]!;
    t.is(g.message.kind, "heartbeat");
    t.deepEqual([g.info.attempts, g.info.reason], [LINK_DEFAULTS.heartbeat.maxAttempts, "attempts"]);
    t.true(g.at <= 18_750, `given up ${g.at} ms after the first transmission (bound 18.75 s)`);
    const alarmTx = caller.attempts.filter((a) => a.message.kind === "alarm");
    t.true(alarmTx.length > 2 * 3600 / 3, `the alarm is still being sent after 2 h (${alarmTx.length} transmissions)`);
    t.deepEqual(caller.link.pending().map((p) => p.message.kind), ["alarm"]);
  });
}

test("a newer heartbeat supersedes an older one still in flight (reported as given up, superseded)", (t) => {
  const loop = new VirtualLoop(0);
  const medium = new LossyMedium({ loop, random: seededRandom(3) });
  medium.setDown(RECEIVER, true);
  const caller = new LinkNode(CALLER, loop, medium, { random: seededRandom(4) });
  let older = -1;
  let newer = -1;
  loop.at(0, (now) => {
    older = caller.link.send(RECEIVER, { kind: "heartbeat", status: 0, uptimeS: 1 }, now);
  });
  loop.at(2_000, (now) => {
    newer = caller.link.send(RECEIVER, { kind: "heartbeat", status: 4, uptimeS: 3 }, now);
  });
  loop.runUntil(2_000);
  t.deepEqual(caller.gaveUp.map((g) => [g.info.seq, g.info.reason]), [[older, "superseded"]]);
  t.deepEqual(caller.link.pending().map((p) => [p.seq, p.attempts]), [[newer, 1]]);
});

test("cancel stops a message without callbacks and starts the next of its lane", (t) => {
  const loop = new VirtualLoop(0);
  const medium = new LossyMedium({ loop, random: seededRandom(5) });
  medium.setDown(RECEIVER, true);
  const caller = new LinkNode(CALLER, loop, medium, { random: seededRandom(6) });
  let first = -1;
  let second = -1;
  loop.at(0, (now) => {
    first = caller.link.send(RECEIVER, { kind: "alarm", incident: 1 }, now);
    second = caller.link.send(RECEIVER, { kind: "alarm", incident: 2 }, now);
  });
  loop.at(1_000, (now) => {
    t.true(caller.link.cancel(RECEIVER, first, now));
    t.false(caller.link.cancel(RECEIVER, first, now));
  });
  loop.runUntil(1_000);
  t.deepEqual(caller.link.pending().map((p) => [p.seq, p.attempts]), [[second, 1]]);
  t.is(caller.gaveUp.length + caller.delivered.length, 0);
  t.is(caller.attempts.at(-1)!.info.seq, second);
  t.is(caller.attempts.at(-1)!.at, 1_000);
});

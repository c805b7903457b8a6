import test from "ava";
import { LinkNode } from "./support/link-node.ts";
import { LossyMedium } from "./support/lossy-medium.ts";
import { seededRandom } from "../../bench/harness/prng.ts";
import { VirtualLoop } from "./support/virtual-loop.ts";

const CALLER = 1;
const RECEIVER = 2;

test("a rebooted caller whose new alarm reuses a seq the receiver remembers still gets it delivered", (t) => {
  const loop = new VirtualLoop(0);
  const medium = new LossyMedium({ loop, random: seededRandom(1) });
  // Worst case: the caller restarts its seqs at the very same value after the reboot.
  const caller = new LinkNode(CALLER, loop, medium, { random: seededRandom(2), firstSeq: 500 });
  const receiver = new LinkNode(RECEIVER, loop, medium, { random: seededRandom(3) });
  let before = -1;
  let after = -1;
  loop.at(0, (now) => {
    before = caller.link.send(RECEIVER, { kind: "alarm", incident: 1 }, now);
  });
  loop.at(5_000, () => caller.reboot({ firstSeq: 500 }));
  loop.at(6_000, (now) => {
    after = caller.link.send(RECEIVER, { kind: "alarm", incident: 2 }, now);
  });
  loop.runUntil(20_000);
  t.is(before, after, "the seq was reused");
  t.deepEqual(receiver.inbox.map((m) => m.message), [
    { kind: "alarm", incident: 1 },
    { kind: "alarm", incident: 2 },
  ]);
});

test("an unacked alarm re-sent after a caller reboot (new seq) reaches the app again, for its incident check", (t) => {
  const loop = new VirtualLoop(2 ** 32 - 3_000);
  const medium = new LossyMedium({ loop, random: seededRandom(4) });
  medium.dropIf = (from, _to, p) => from === RECEIVER && p.kind === "ack" && loop.elapsedMs < 5_000; // acks lost before the reboot
  const caller = new LinkNode(CALLER, loop, medium, { random: seededRandom(5) });
  const receiver = new LinkNode(RECEIVER, loop, medium, { random: seededRandom(6) });
  loop.at(0, (now) => caller.link.send(RECEIVER, { kind: "alarm", incident: 7 }, now));
  loop.at(5_000, (now) => {
    caller.reboot(); // RAM lost; the app re-sends its persisted unacked alarm
    caller.link.send(RECEIVER, { kind: "alarm", incident: 7 }, now);
  });
  loop.runUntil(20_000);
  t.deepEqual(receiver.inbox.map((m) => m.message), [
    { kind: "alarm", incident: 7 },
    { kind: "alarm", incident: 7 },
  ]);
  t.is(caller.delivered.length, 1, "the rebooted link learns of delivery");
});

test("first seqs are random per link (from the injected RandomU32) unless given", (t) => {
  const seqs = new Set<number>();
  for (let seed = 0; seed < 50; seed++) {
    const loop = new VirtualLoop(0);
    const medium = new LossyMedium({ loop, random: seededRandom(seed) });
    const node = new LinkNode(CALLER, loop, medium, { random: seededRandom(seed) });
    seqs.add(node.link.send(RECEIVER, { kind: "heartbeat", status: 0, uptimeS: 0 }, 0));
  }
  t.true(seqs.size >= 49, `${seqs.size} distinct first seqs of 50`);
  for (const s of seqs) t.true(Number.isInteger(s) && s >= 0 && s <= 0xffff);
});

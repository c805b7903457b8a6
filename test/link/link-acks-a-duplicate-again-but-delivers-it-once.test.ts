import test from "ava";
import { LinkNode } from "./support/link-node.ts";
import { LossyMedium } from "./support/lossy-medium.ts";
import { seededRandom } from "../../bench/harness/prng.ts";
import { VirtualLoop } from "./support/virtual-loop.ts";

const CALLER = 1;
const RECEIVER = 2;

// Rows: how many acks are lost before one gets through, start tick.
const rows: [number, number][] = [
  [1, 0],
  [2, 0],
  [5, 2 ** 32 - 1_000],
];

for (const [lostAcks, start] of rows) {
  test(`${lostAcks} lost ack(s): the sender retransmits, the receiver acks every copy and delivers once (start ${start})`, (t) => {
    const loop = new VirtualLoop(start);
    const medium = new LossyMedium({ loop, random: seededRandom(lostAcks), model: { loss: 0, duplicate: 0, latencyMs: [3, 3] } });
    let acksToDrop = lostAcks;
    medium.dropIf = (from, _to, payload) => from === RECEIVER && payload.kind === "ack" && acksToDrop-- > 0;
    const caller = new LinkNode(CALLER, loop, medium, { random: seededRandom(100 + lostAcks) });
    const receiver = new LinkNode(RECEIVER, loop, medium, { random: seededRandom(200 + lostAcks) });
    let seq = -1;
    loop.at(0, (now) => {
      seq = caller.link.send(RECEIVER, { kind: "alarm", incident: 42 }, now);
    });
    loop.runUntil(60_000);

    const alarmsSent = medium.log.filter((e) => e.from === CALLER && e.payload.kind === "alarm");
    const acksSent = medium.log.filter((e) => e.from === RECEIVER && e.payload.kind === "ack");
    t.is(alarmsSent.length, lostAcks + 1, "one retransmission per lost ack");
    t.true(alarmsSent.every((e) => e.payload.seq === seq), "every copy carries the same seq");
    t.is(acksSent.length, lostAcks + 1, "the receiver acked every copy, duplicates included");
    t.true(acksSent.every((e) => e.payload.kind === "ack" && e.payload.ackSeq === seq && e.payload.ackKind === "alarm"));
    t.deepEqual(receiver.inbox.map((m) => m.message), [{ kind: "alarm", incident: 42 }], "the app saw it once");
    t.is(caller.delivered.length, 1, "the sender learned of it once");
    t.is(caller.delivered[0]!.info.attempts, lostAcks + 1);
  });
}

test("a duplicated ack and a duplicated alarm change nothing: one delivery each side", (t) => {
  const loop = new VirtualLoop(0);
  const medium = new LossyMedium({ loop, random: seededRandom(1), model: { loss: 0, duplicate: 1, latencyMs: [1, 30] } });
  const caller = new LinkNode(CALLER, loop, medium, { random: seededRandom(2) });
  const receiver = new LinkNode(RECEIVER, loop, medium, { random: seededRandom(3) });
  loop.at(0, (now) => caller.link.send(RECEIVER, { kind: "alarm", incident: 1 }, now));
  loop.runUntil(10_000);
  t.is(receiver.inbox.length, 1);
  t.is(caller.delivered.length, 1);
  const copiesIn = medium.stats.get(`${CALLER}>${RECEIVER}`)!.delivered;
  t.true(copiesIn >= 2, "the alarm arrived at least twice");
  t.is(medium.log.filter((e) => e.from === RECEIVER).length, copiesIn, "one ack per copy that arrived");
});

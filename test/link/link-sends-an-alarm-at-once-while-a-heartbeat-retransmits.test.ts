import test from "ava";
import { LinkNode } from "./support/link-node.ts";
import { LossyMedium } from "./support/lossy-medium.ts";
import { seededRandom } from "../../bench/harness/prng.ts";
import { VirtualLoop } from "./support/virtual-loop.ts";

const CALLER = 1;
const RECEIVER = 2;

for (const start of [0, 2 ** 32 - 2_000]) {
  test(`an alarm goes out at once and is delivered while a heartbeat to the same peer is still being retransmitted (start ${start})`, (t) => {
    const loop = new VirtualLoop(start);
    const medium = new LossyMedium({ loop, random: seededRandom(1), model: { loss: 0, duplicate: 0, latencyMs: [2, 2] } });
    // Every heartbeat is lost: the heartbeat lane stays busy with retransmissions.
    medium.dropIf = (from, _to, payload) => from === CALLER && payload.kind === "heartbeat";
    const caller = new LinkNode(CALLER, loop, medium, { random: seededRandom(2) });
    const receiver = new LinkNode(RECEIVER, loop, medium, { random: seededRandom(3) });
    loop.at(0, (now) => caller.link.send(RECEIVER, { kind: "heartbeat", status: 0, uptimeS: 5 }, now));
    loop.at(1_500, (now) => caller.link.send(RECEIVER, { kind: "alarm", incident: 3 }, now));
    loop.runUntil(1_600);

    const alarmTx = caller.attempts.filter((a) => a.message.kind === "alarm");
    t.is(alarmTx[0]?.at, 1_500, "the alarm's first transmission is immediate");
    t.deepEqual(receiver.inbox.map((m) => [m.at, m.message]), [[1_502, { kind: "alarm", incident: 3 }]]);
    t.is(caller.delivered.length, 1);
    t.true(caller.link.pending().some((p) => p.message.kind === "heartbeat" && p.attempts >= 2), "the heartbeat is still retransmitting");
  });
}

test("feedback stays in order: resolved is first sent only once operator_ack (same lane) is acked", (t) => {
  const loop = new VirtualLoop(0);
  const medium = new LossyMedium({ loop, random: seededRandom(4), model: { loss: 0, duplicate: 0, latencyMs: [1, 40] } });
  let dropOperatorAcks = 3;
  medium.dropIf = (_from, _to, payload) => payload.kind === "operator_ack" && dropOperatorAcks-- > 0;
  const receiverSide = new LinkNode(RECEIVER, loop, medium, { random: seededRandom(5) });
  const callerSide = new LinkNode(CALLER, loop, medium, { random: seededRandom(6) });
  loop.at(0, (now) => {
    receiverSide.link.send(CALLER, { kind: "operator_ack", incident: 8 }, now);
    receiverSide.link.send(CALLER, { kind: "resolved", incident: 8 }, now);
  });
  loop.runUntil(30_000);
  t.deepEqual(
    callerSide.inbox.map((m) => m.message.kind),
    ["operator_ack", "resolved"],
  );
  const resolvedFirstTx = receiverSide.attempts.find((a) => a.message.kind === "resolved")!.at;
  const ackDelivered = receiverSide.delivered.find((d) => d.message.kind === "operator_ack")!.at;
  t.true(resolvedFirstTx >= ackDelivered, "resolved was first sent after operator_ack was acked");
});

import test from "ava";
import type { Frame, Payload } from "../../firmware/core/frame/types.ts";
import { Link } from "../../firmware/core/link/link.ts";
import { seededRandom } from "../../bench/harness/prng.ts";

const PEER = 7;

function ack(ackKind: "alarm" | "heartbeat", ackSeq: number, counter: number): Frame {
  return { kind: "ack", ackKind, ackSeq, seq: 999, sender: PEER, counter };
}

test("only the ack naming the in-flight message's kind and seq finishes it; stale, foreign and mismatched acks are ignored", (t) => {
  const sent: Payload[] = [];
  const delivered: number[] = [];
  const link = new Link({
    random: seededRandom(1),
    firstSeq: 0xfffe, // and the seq wraps on the way
    transmit: (_p, payload) => sent.push(payload),
    onDelivered: (_p, m) => delivered.push(m.kind === "alarm" ? m.incident : -1),
  });
  const s1 = link.send(PEER, { kind: "alarm", incident: 1 }, 0);
  const s2 = link.send(PEER, { kind: "alarm", incident: 2 }, 0);
  t.deepEqual([s1, s2], [0xfffe, 0xffff]);
  t.is(link.receive(ack("alarm", s1, 1), 10), undefined);
  t.deepEqual(delivered, [1]);
  // Alarm 2 is now in flight.
  link.receive(ack("alarm", s1, 2), 11); // a duplicate of the old ack
  link.receive(ack("heartbeat", s2, 3), 12); // right seq, wrong kind
  link.receive({ ...ack("alarm", s2, 4), sender: PEER + 1 }, 13); // right ack, wrong peer
  link.receive(ack("alarm", (s2 + 1) & 0xffff, 5), 14); // a seq never sent
  t.deepEqual(delivered, [1], "none of those finished alarm 2");
  t.deepEqual(link.pending().map((p) => p.seq), [s2]);
  link.receive(ack("alarm", s2, 6), 20);
  t.deepEqual(delivered, [1, 2]);
  link.receive(ack("alarm", s2, 7), 21);
  t.deepEqual(delivered, [1, 2], "onDelivered fires once per message");
  t.deepEqual(sent.map((p) => p.seq), [s1, s2]);
});

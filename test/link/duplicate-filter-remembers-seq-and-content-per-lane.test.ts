import test from "ava";
import type { Message } from "../../firmware/core/frame/types.ts";
import { DuplicateFilter, messageKey } from "../../firmware/core/link/dedup.ts";

const alarm = (incident: number): Message => ({ kind: "alarm", incident });

test("the same seq and content is a duplicate; the same seq with new content is not", (t) => {
  const f = new DuplicateFilter({ lanes: 3, entriesPerLane: 4 });
  t.true(f.admit(1, 0, 10, alarm(1)));
  t.false(f.admit(1, 0, 10, alarm(1)), "a retransmission");
  t.true(f.admit(1, 0, 10, alarm(2)), "a new alarm that reuses the seq (caller rebooted)");
  t.true(f.admit(2, 0, 10, alarm(1)), "another peer's message");
  t.true(f.admit(1, 1, 10, alarm(1)), "another lane");
});

test("each lane remembers its last entriesPerLane messages; other lanes do not push them out", (t) => {
  const f = new DuplicateFilter({ lanes: 3, entriesPerLane: 4 });
  t.true(f.admit(1, 0, 100, alarm(1)));
  // Many heartbeats in lane 2 while the alarm's ack keeps getting lost.
  for (let s = 0; s < 1000; s++) t.true(f.admit(1, 2, s, { kind: "heartbeat", status: 0, uptimeS: s }));
  t.false(f.admit(1, 0, 100, alarm(1)), "the alarm is still remembered");
  for (let i = 2; i <= 4; i++) f.admit(1, 0, 100 + i, alarm(i));
  t.false(f.admit(1, 0, 100, alarm(1)), "4 entries: still there");
  f.admit(1, 0, 105, alarm(5));
  t.true(f.admit(1, 0, 100, alarm(1)), "the 5th newer message pushed it out");
});

test("forget drops a peer's memory; keys distinguish every field", (t) => {
  const f = new DuplicateFilter({ lanes: 1 });
  f.admit(9, 0, 1, alarm(1));
  t.is(f.peerCount, 1);
  f.forget(9);
  t.is(f.peerCount, 0);
  t.true(f.admit(9, 0, 1, alarm(1)));
  const keys = [
    messageKey({ kind: "heartbeat", status: 1, uptimeS: 2 }),
    messageKey({ kind: "heartbeat", status: 2, uptimeS: 1 }),
    messageKey({ kind: "operator_ack", incident: 1 }),
    messageKey({ kind: "resolved", incident: 1 }),
    alarm(1),
    messageKey({ kind: "ack", ackKind: "alarm", ackSeq: 1 }),
  ];
  t.is(new Set(keys).size, keys.length);
});

test("options are validated, naming the field", (t) => {
  t.throws(() => new DuplicateFilter({ lanes: 0 }), { instanceOf: RangeError, message: /lanes/ });
  t.throws(() => new DuplicateFilter({ lanes: 3, entriesPerLane: 0 }), { instanceOf: RangeError, message: /entriesPerLane/ });
  t.throws(() => new DuplicateFilter({ lanes: 3 }).admit(1, 3, 0, alarm(1)), { instanceOf: RangeError, message: /lane/ });
});

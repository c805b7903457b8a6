/**
 * Claim: a frame sealed by one end opens at the other, in both directions and for every kind,
 * with this device's id as sender and a counter that is new for every frame (retransmissions
 * of one payload included).
 */
import test from "ava";
import type { Payload } from "../../firmware/core/frame/types.ts";
import { FRAME_BYTES } from "../../firmware/core/frame/constants.ts";
import { BANK, CLINIC, makePair, RECEIVER } from "./channel-pair.ts";

const CALLER_PAYLOADS: Payload[] = [
  { kind: "alarm", incident: 1, seq: 1 },
  { kind: "heartbeat", status: 0x01, uptimeS: 30, seq: 2 },
  { kind: "ack", ackKind: "operator_ack", ackSeq: 9, seq: 3 },
];
const RECEIVER_PAYLOADS: Payload[] = [
  { kind: "ack", ackKind: "alarm", ackSeq: 1, seq: 7 },
  { kind: "operator_ack", incident: 1, seq: 8 },
  { kind: "resolved", incident: 1, seq: 9 },
];

test("caller → receiver: every kind opens, sender and counters as sealed", (t) => {
  const { clinic, receiver } = makePair();
  CALLER_PAYLOADS.forEach((payload, i) => {
    const bytes = clinic.seal(RECEIVER, payload);
    t.is(bytes.length, FRAME_BYTES[payload.kind]);
    t.deepEqual(receiver.open(bytes), { ok: true, frame: { ...payload, sender: CLINIC, counter: i + 1 } });
  });
  t.deepEqual(receiver.rejected, { malformed: 0, oversize: 0, version: 0, unknown_peer: 0, bad_tag: 0, replay: 0, duplicate: 0 });
});

test("receiver → callers: each frame opens only at the caller whose key tagged it", (t) => {
  const { clinic, bank, receiver } = makePair();
  for (const payload of RECEIVER_PAYLOADS) {
    const toClinic = receiver.seal(CLINIC, payload);
    const toBank = receiver.seal(BANK, payload);
    t.like(clinic.open(toClinic), { ok: true, frame: { ...payload, sender: RECEIVER } });
    t.like(bank.open(toBank), { ok: true, frame: { ...payload, sender: RECEIVER } });
    t.like(bank.open(toClinic), { ok: false, reason: "bad_tag" });
  }
  t.is(bank.rejected.bad_tag, RECEIVER_PAYLOADS.length);
});

test("a retransmission of the same payload gets a new counter and is not a replay", (t) => {
  const { clinic, receiver } = makePair();
  const alarm: Payload = { kind: "alarm", incident: 4, seq: 12 };
  const first = receiver.open(clinic.seal(RECEIVER, alarm));
  const again = receiver.open(clinic.seal(RECEIVER, alarm));
  t.like(first, { ok: true, frame: { counter: 1, seq: 12 } });
  t.like(again, { ok: true, frame: { counter: 2, seq: 12 } });
});

test("frames reordered within the window are all accepted once", (t) => {
  const { clinic, receiver } = makePair();
  const frames = Array.from({ length: 10 }, (_, i) => clinic.seal(RECEIVER, { kind: "heartbeat", status: 0, uptimeS: i, seq: i }));
  for (const i of [9, 0, 5, 1, 8, 2, 7, 3, 6, 4]) t.like(receiver.open(frames[i]!), { ok: true, frame: { uptimeS: i } });
  for (const f of frames) t.like(receiver.open(f), { ok: false, reason: "replay" });
});

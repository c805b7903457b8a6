/**
 * Claim: flipping any one bit of a sealed frame, of any kind, makes the receiver refuse it
 * (bad_tag, or a decoder or replay reason when the flip hits the version, kind, sender or
 * counter), while the unflipped frame is still accepted afterwards.
 */
import test from "ava";
import type { Payload, RejectReason } from "../../firmware/core/frame/types.ts";
import { makePair, RECEIVER } from "./channel-pair.ts";

const PAYLOADS: Payload[] = [
  { kind: "alarm", incident: 0x0102_0304, seq: 0x0506 },
  { kind: "heartbeat", status: 0x07, uptimeS: 86_400, seq: 1 },
  { kind: "ack", ackKind: "resolved", ackSeq: 0xabcd, seq: 2 },
];

for (const payload of PAYLOADS) {
  test(`every single-bit flip of a ${payload.kind} frame is refused`, (t) => {
    const { clinic, receiver } = makePair();
    const frame = clinic.seal(RECEIVER, payload);
    const reasons = new Map<RejectReason, number>();
    for (let bit = 0; bit < frame.length * 8; bit++) {
      const flipped = frame.slice();
      flipped[bit >> 3] ^= 1 << (bit & 7);
      const r = receiver.open(flipped);
      if (r.ok) return t.fail(`bit ${bit} flipped was accepted`);
      reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
    }
    t.is([...reasons.values()].reduce((a, b) => a + b, 0), frame.length * 8);
    t.true((reasons.get("bad_tag") ?? 0) > 0, "body and tag flips are bad_tag");
    t.like(receiver.open(frame), { ok: true }, "the original still opens");
  });
}

/**
 * Claim: the channel refuses each kind of bad frame with its `frame_rejected` reason (decoder
 * reasons, unknown_peer, bad_tag, replay), never throws on bytes, and counts every refusal.
 */
import test from "ava";
import type { RejectReason } from "../../firmware/core/frame/types.ts";
import { encodeFrame } from "../../firmware/core/frame/encode.ts";
import { computeTag } from "../../firmware/core/auth/tag.ts";
import { hmacSha256 } from "../../tools/sim/hmac.ts";
import { BANK_KEY, CLINIC, CLINIC_KEY, makePair, RECEIVER } from "./channel-pair.ts";

const tagWith = (key: Uint8Array) => (a: Uint8Array) => computeTag(hmacSha256, key, a);

const CASES: { name: string; bytes: (p: ReturnType<typeof makePair>) => Uint8Array; reason: RejectReason }[] = [
  { name: "empty bytes", bytes: () => new Uint8Array(0), reason: "malformed" },
  { name: "a 251-byte frame", bytes: () => new Uint8Array(251).fill(1), reason: "oversize" },
  {
    name: "a version 2 frame",
    bytes: (p) => {
      const b = p.clinic.seal(RECEIVER, { kind: "alarm", incident: 1, seq: 1 });
      b[0] = 2;
      return b;
    },
    reason: "version",
  },
  { name: "a trailing byte", bytes: (p) => Uint8Array.from([...p.clinic.seal(RECEIVER, { kind: "alarm", incident: 1, seq: 1 }), 0]), reason: "malformed" },
  {
    name: "a sender with no key",
    bytes: () => encodeFrame({ kind: "alarm", incident: 1, seq: 1, sender: 0x0bad, counter: 1 }, tagWith(CLINIC_KEY)),
    reason: "unknown_peer",
  },
  {
    name: "a frame claiming to come from the receiver itself (reflection)",
    bytes: (p) => p.receiver.seal(CLINIC, { kind: "operator_ack", incident: 1, seq: 1 }),
    reason: "unknown_peer",
  },
  {
    name: "the clinic's id tagged with the bank's key (forgery by another caller)",
    bytes: () => encodeFrame({ kind: "alarm", incident: 1, seq: 1, sender: CLINIC, counter: 1 }, tagWith(BANK_KEY)),
    reason: "bad_tag",
  },
  {
    name: "a changed incident under the old tag",
    bytes: (p) => {
      const b = p.clinic.seal(RECEIVER, { kind: "alarm", incident: 1, seq: 1 });
      b[15] ^= 0x02;
      return b;
    },
    reason: "bad_tag",
  },
  {
    name: "a frame accepted once, sent again",
    bytes: (p) => {
      const b = p.clinic.seal(RECEIVER, { kind: "alarm", incident: 1, seq: 1 });
      p.receiver.open(b);
      return b;
    },
    reason: "replay",
  },
  {
    name: "counter 0 (never issued)",
    bytes: () => encodeFrame({ kind: "heartbeat", status: 0, uptimeS: 1, seq: 1, sender: CLINIC, counter: 0 }, tagWith(CLINIC_KEY)),
    reason: "replay",
  },
  {
    name: "an old frame left of the window",
    bytes: (p) => {
      const old = p.clinic.seal(RECEIVER, { kind: "alarm", incident: 1, seq: 1 });
      for (let i = 0; i < 64; i++) p.clinic.seal(RECEIVER, { kind: "heartbeat", status: 0, uptimeS: i, seq: i });
      p.receiver.open(p.clinic.seal(RECEIVER, { kind: "heartbeat", status: 0, uptimeS: 0, seq: 0 }));
      return old;
    },
    reason: "replay",
  },
];

for (const c of CASES) {
  test(`receiver refuses ${c.name} as ${c.reason}`, (t) => {
    const pair = makePair();
    const bytes = c.bytes(pair);
    const before = pair.receiver.rejected;
    const r = pair.receiver.open(bytes);
    if (r.ok) return t.fail("accepted");
    t.is(r.reason, c.reason);
    t.true(r.detail.length > 0);
    const after = pair.receiver.rejected;
    for (const k of Object.keys(after) as RejectReason[]) t.is(after[k], before[k] + (k === c.reason ? 1 : 0), k);
  });
}

test("a caller refuses a frame from another caller (only its receiver is a peer)", (t) => {
  const { clinic, bank } = makePair();
  t.like(clinic.open(bank.seal(RECEIVER, { kind: "alarm", incident: 1, seq: 1 })), { ok: false, reason: "unknown_peer" });
});

test("rejected is a snapshot that callers cannot change", (t) => {
  const { receiver } = makePair();
  const snapshot = receiver.rejected;
  t.true(Object.isFrozen(snapshot));
  receiver.open(new Uint8Array(0));
  t.is(snapshot.malformed, 0);
  t.is(receiver.rejected.malformed, 1);
});

/**
 * Claim: the secure channel seals and opens through `HmacSha256.into` on the frame itself — the
 * array it returns or was given, with the length of the frame less its tag, into one buffer of
 * its own — and never through the plain entry (no view and no result array per frame, issue 15
 * §3); an `into` that stops writing (a broken injection) never lets a frame pass on the MAC left
 * from an earlier frame; and `seal` still refuses each out-of-range payload with the error
 * `encodeFrame` gives.
 */
import test from "ava";
import { SecureChannel } from "../../firmware/core/channel.ts";
import { FRAME, FRAME_BYTES } from "../../firmware/core/frame/constants.ts";
import { encodeFrame } from "../../firmware/core/frame/encode.ts";
import type { Frame, Payload } from "../../firmware/core/frame/types.ts";
import type { HmacSha256 } from "../../firmware/hal/crypto.ts";
import { hmacSha256 } from "../../tools/sim/hmac.ts";
import { MapStore } from "./map-store.ts";

const POST = 100;
const CLINIC = 7;
const KEY = Uint8Array.from({ length: 16 }, (_, i) => 0x30 + i);

interface IntoCall {
  data: Uint8Array;
  length: number;
  out: Uint8Array;
}

/** The reference HMAC, recording every call of each entry; `writes` decides whether `into` writes. */
function spyHmac(writes: (call: number) => boolean = () => true): { hmac: HmacSha256; plain: number; into: IntoCall[] } {
  const spy = { plain: 0, into: [] as IntoCall[], hmac: undefined as unknown as HmacSha256 };
  spy.hmac = Object.assign(
    (key: Uint8Array, data: Uint8Array) => {
      spy.plain++;
      return hmacSha256(key, data);
    },
    {
      into(key: Uint8Array, data: Uint8Array, length: number, out: Uint8Array) {
        spy.into.push({ data, length, out });
        if (writes(spy.into.length)) hmacSha256.into(key, data, length, out);
      },
    },
  );
  return spy;
}

const channel = (self: number, peer: number, hmac: HmacSha256) => new SecureChannel({ self, keys: new Map([[peer, KEY]]), hmac, store: new MapStore() });

const PAYLOADS: Payload[] = [
  { kind: "alarm", incident: 3, boot: 9, seq: 1 },
  { kind: "heartbeat", status: 1, uptimeS: 30, seq: 2 },
  { kind: "ack", ackKind: "operator_ack", ackSeq: 4, seq: 3 },
];

test("seal and open MAC the frame array itself up to its tag, into one buffer, never through the plain entry", (t) => {
  const sender = spyHmac();
  const receiver = spyHmac();
  const clinic = channel(CLINIC, POST, sender.hmac);
  const post = channel(POST, CLINIC, receiver.hmac);
  for (const payload of PAYLOADS) {
    const bytes = clinic.seal(POST, payload);
    const sealed = sender.into.at(-1)!;
    t.is(sealed.data, bytes, "the sealed frame itself, not a view of it");
    t.is(sealed.length, FRAME_BYTES[payload.kind] - FRAME.tagBytes);
    const opened = post.open(bytes);
    t.true(opened.ok);
    const checked = receiver.into.at(-1)!;
    t.is(checked.data, bytes, "the received frame itself, not a view of it");
    t.is(checked.length, bytes.length - FRAME.tagBytes);
  }
  t.is(sender.into.length, PAYLOADS.length);
  t.is(receiver.into.length, PAYLOADS.length);
  t.is(new Set(sender.into.map((c) => c.out)).size, 1, "one MAC buffer for every frame sealed");
  t.is(new Set(receiver.into.map((c) => c.out)).size, 1, "one MAC buffer for every frame opened");
  t.is(sender.plain + receiver.plain, 0);
});

test("an into that stops writing never lets a forged frame pass on the MAC of the frame before", (t) => {
  const clinic = channel(CLINIC, POST, hmacSha256);
  // Writes the first MAC only: afterwards the channel's buffer keeps what the first frame left.
  const broken = spyHmac((call) => call === 1);
  const post = channel(POST, CLINIC, broken.hmac);
  const first = clinic.seal(POST, PAYLOADS[1]!);
  t.true(post.open(first).ok);
  // A forger's frame: new body and counter, carrying the first frame's tag.
  const forged = encodeFrame({ kind: "heartbeat", status: 2, uptimeS: 31, seq: 9, sender: CLINIC, counter: 1000 }, () => first.subarray(first.length - FRAME.tagBytes));
  t.deepEqual(post.open(forged), { ok: false, reason: "bad_tag", detail: `tag does not match for sender ${CLINIC}` });
  // Nor a frame the clinic really sealed: with no MAC written, nothing is authentic.
  t.false(post.open(clinic.seal(POST, PAYLOADS[0]!)).ok);
  t.is(post.rejected.bad_tag, 2);
});

const BAD: { name: string; payload: unknown }[] = [
  { name: "seq 65536", payload: { kind: "alarm", incident: 1, seq: 0x1_0000 } },
  { name: "fractional seq", payload: { kind: "alarm", incident: 1, seq: 0.5 } },
  { name: "seq as a string", payload: { kind: "alarm", incident: 1, seq: "1" } },
  { name: "incident NaN", payload: { kind: "alarm", incident: Number.NaN, seq: 1 } },
  { name: "negative boot", payload: { kind: "alarm", incident: 1, boot: -1, seq: 1 } },
  { name: "incident 2^32 on resolved", payload: { kind: "resolved", incident: 2 ** 32, seq: 1 } },
  { name: "status 256", payload: { kind: "heartbeat", status: 256, uptimeS: 0, seq: 1 } },
  { name: "uptimeS -0.5", payload: { kind: "heartbeat", status: 0, uptimeS: -0.5, seq: 1 } },
  { name: "ackSeq 65536", payload: { kind: "ack", ackKind: "alarm", ackSeq: 0x1_0000, seq: 1 } },
  { name: "ack of an ack", payload: { kind: "ack", ackKind: "ack", ackSeq: 0, seq: 1 } },
  { name: "ack of an unknown kind", payload: { kind: "ack", ackKind: "toString", ackSeq: 0, seq: 1 } },
  { name: "unknown kind", payload: { kind: "panic", seq: 1 } },
  { name: "a kind inherited from Object", payload: { kind: "constructor", seq: 1 } },
];

for (const c of BAD) {
  test(`seal refuses ${c.name} with the error encodeFrame gives`, (t) => {
    const clinic = channel(CLINIC, POST, hmacSha256);
    const expected = t.throws(() => encodeFrame({ ...(c.payload as Payload), sender: CLINIC, counter: 1 } as Frame, () => new Uint8Array(FRAME.tagBytes)));
    t.throws(() => clinic.seal(POST, c.payload as Payload), { instanceOf: expected!.constructor as typeof Error, message: expected!.message });
  });
}

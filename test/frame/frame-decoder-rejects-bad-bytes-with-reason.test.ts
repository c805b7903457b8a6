/**
 * Claim: the decoder refuses each kind of bad byte string with the documented reason
 * (malformed, oversize, version) and a detail, checking length before any field.
 */
import test from "ava";
import { FRAME, FRAME_BYTES } from "../../firmware/core/frame/constants.ts";
import { decodeFrame } from "../../firmware/core/frame/decode.ts";
import type { RejectReason } from "../../firmware/core/frame/types.ts";

const HEADER_ALARM = [0x01, 0x01, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1]; // v1, alarm, sender 1, counter 1, seq 1
const TAG = new Array<number>(FRAME.tagBytes).fill(0xee);

const CASES: { name: string; bytes: Uint8Array; reason: RejectReason; detail: RegExp }[] = [
  { name: "empty", bytes: new Uint8Array(0), reason: "malformed", detail: /empty/ },
  { name: "251 bytes (one over ESP-NOW v1)", bytes: new Uint8Array(FRAME.maxBytes + 1).fill(1), reason: "oversize", detail: /251 bytes > 250/ },
  { name: "1470 bytes (ESP-NOW v2 maximum)", bytes: new Uint8Array(1470), reason: "oversize", detail: /1470/ },
  { name: "version 0", bytes: Uint8Array.from([0x00, ...HEADER_ALARM.slice(1), 0, 0, 0, 1, ...TAG]), reason: "version", detail: /version 0/ },
  { name: "version 2 (a future layout)", bytes: Uint8Array.from([0x02, 0x01]), reason: "version", detail: /version 2/ },
  { name: "version byte only", bytes: Uint8Array.from([0x01]), reason: "malformed", detail: /no kind/ },
  { name: "unknown kind 0x05", bytes: Uint8Array.from([0x01, 0x05, ...HEADER_ALARM.slice(2), 0, 0, 0, 1, ...TAG]), reason: "malformed", detail: /unknown kind 0x05/ },
  { name: "kind 0x00", bytes: Uint8Array.from([0x01, 0x00]), reason: "malformed", detail: /unknown kind 0x00/ },
  { name: "alarm header only", bytes: Uint8Array.from(HEADER_ALARM), reason: "malformed", detail: /short/ },
  { name: "alarm without its tag", bytes: Uint8Array.from([...HEADER_ALARM, 0, 0, 0, 1]), reason: "malformed", detail: /short/ },
  { name: "alarm with the body of a heartbeat", bytes: Uint8Array.from([...HEADER_ALARM, 0, 0, 0, 0, 1, ...TAG]), reason: "malformed", detail: /short/ },
  { name: "alarm without its boot nonce (the first layout)", bytes: Uint8Array.from([...HEADER_ALARM, 0, 0, 0, 1, ...TAG]), reason: "malformed", detail: /short/ },
  { name: "alarm with a byte too many", bytes: Uint8Array.from([...HEADER_ALARM, 0, 0, 0, 1, 0, 0, 0, 1, 0, ...TAG]), reason: "malformed", detail: /trailing/ },
  { name: "ack naming ack", bytes: Uint8Array.from([0x01, 0x7f, ...HEADER_ALARM.slice(2), 0x7f, 0, 1, ...TAG]), reason: "malformed", detail: /ack names kind 0x7f/ },
  { name: "ack naming an unknown kind", bytes: Uint8Array.from([0x01, 0x7f, ...HEADER_ALARM.slice(2), 0x09, 0, 1, ...TAG]), reason: "malformed", detail: /ack names kind 0x09/ },
  { name: "250 bytes of a known kind", bytes: Uint8Array.from([...HEADER_ALARM, ...new Array<number>(FRAME.maxBytes - HEADER_ALARM.length).fill(0)]), reason: "malformed", detail: new RegExp(`${FRAME_BYTES.alarm} bytes, got 250`) },
];

for (const c of CASES) {
  test(`decoder refuses ${c.name} as ${c.reason}`, (t) => {
    const r = decodeFrame(c.bytes);
    if (r.ok) return t.fail("accepted");
    t.is(r.reason, c.reason);
    t.regex(r.detail, c.detail);
  });
}

test("decoder refuses a value that is not a byte array as malformed", (t) => {
  t.like(decodeFrame([1, 1] as unknown as Uint8Array), { ok: false, reason: "malformed" });
  t.like(decodeFrame(undefined as unknown as Uint8Array), { ok: false, reason: "malformed" });
});

/**
 * Claim: each (object, bytes) vector decodes to the object, encodes to the bytes, round-trips
 * both ways, and every truncation or extension of its bytes is refused as malformed.
 * (The four tests per vector of mqtt-packet's `test.js`; the fourth stands in for its stream
 * test.) The tag is opaque to the codec, so vectors carry a fixed stand-in tag.
 */
import test from "ava";
import { FRAME } from "../../firmware/core/frame/constants.ts";
import { decodeFrame } from "../../firmware/core/frame/decode.ts";
import { encodeFrame } from "../../firmware/core/frame/encode.ts";
import type { Frame } from "../../firmware/core/frame/types.ts";

// Stand-in tag: 0xa0 … 0xaf (the channel puts HMAC-SHA256[0..16) here).
const TAG = [0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf];

interface Vector {
  name: string;
  frame: Frame;
  bytes: number[];
}

const VECTORS: Vector[] = [
  {
    name: "alarm",
    frame: { kind: "alarm", incident: 7, boot: 0x1234_5678, seq: 0x0102, sender: 0x0a0b0c0d, counter: 5 },
    bytes: [
      0x01, //                   version 1
      0x01, //                   kind alarm
      0x0a, 0x0b, 0x0c, 0x0d, // sender 0x0a0b0c0d
      0x00, 0x00, 0x00, 0x05, // counter 5
      0x01, 0x02, //             seq 0x0102
      0x00, 0x00, 0x00, 0x07, // incident 7
      0x12, 0x34, 0x56, 0x78, // boot nonce 0x12345678
      ...TAG,
    ],
  },
  {
    name: "alarm raised before boot nonces (boot 0 decodes as absent)",
    frame: { kind: "alarm", incident: 7, seq: 0x0102, sender: 0x0a0b0c0d, counter: 5 },
    bytes: [
      0x01, //                   version 1
      0x01, //                   kind alarm
      0x0a, 0x0b, 0x0c, 0x0d, // sender 0x0a0b0c0d
      0x00, 0x00, 0x00, 0x05, // counter 5
      0x01, 0x02, //             seq 0x0102
      0x00, 0x00, 0x00, 0x07, // incident 7
      0x00, 0x00, 0x00, 0x00, // boot nonce 0: none
      ...TAG,
    ],
  },
  {
    name: "heartbeat, fields at their maxima",
    frame: { kind: "heartbeat", status: 0x05, uptimeS: 0xffff_ffff, seq: 0xffff, sender: 0xffff_ffff, counter: 0xffff_fffe },
    bytes: [
      0x01, //                   version 1
      0x02, //                   kind heartbeat
      0xff, 0xff, 0xff, 0xff, // sender 4294967295
      0xff, 0xff, 0xff, 0xfe, // counter 4294967294
      0xff, 0xff, //             seq 65535
      0x05, //                   status alarmPending | linkFault
      0xff, 0xff, 0xff, 0xff, // uptimeS 4294967295
      ...TAG,
    ],
  },
  {
    name: "heartbeat, unknown status bits kept",
    frame: { kind: "heartbeat", status: 0x80, uptimeS: 0x0001_2345, seq: 0, sender: 1, counter: 1 },
    bytes: [
      0x01, //                   version 1
      0x02, //                   kind heartbeat
      0x00, 0x00, 0x00, 0x01, // sender 1
      0x00, 0x00, 0x00, 0x01, // counter 1
      0x00, 0x00, //             seq 0
      0x80, //                   status: a bit this version does not name
      0x00, 0x01, 0x23, 0x45, // uptimeS 74565
      ...TAG,
    ],
  },
  {
    name: "operator_ack, incident above 2^31",
    frame: { kind: "operator_ack", incident: 0x8000_0000, seq: 0x00ff, sender: 0x0000_00c8, counter: 0x0100_0000 },
    bytes: [
      0x01, //                   version 1
      0x03, //                   kind operator_ack
      0x00, 0x00, 0x00, 0xc8, // sender 200
      0x01, 0x00, 0x00, 0x00, // counter 16777216
      0x00, 0xff, //             seq 255
      0x80, 0x00, 0x00, 0x00, // incident 2147483648
      ...TAG,
    ],
  },
  {
    name: "resolved",
    frame: { kind: "resolved", incident: 0xffff_ffff, seq: 0x1234, sender: 0x0000_00c8, counter: 0x0000_0102 },
    bytes: [
      0x01, //                   version 1
      0x04, //                   kind resolved
      0x00, 0x00, 0x00, 0xc8, // sender 200
      0x00, 0x00, 0x01, 0x02, // counter 258
      0x12, 0x34, //             seq 0x1234
      0xff, 0xff, 0xff, 0xff, // incident 4294967295
      ...TAG,
    ],
  },
  ...(["alarm", "heartbeat", "operator_ack", "resolved"] as const).map((ackKind, i): Vector => ({
    name: `ack of ${ackKind}`,
    frame: { kind: "ack", ackKind, ackSeq: 0xbeef, seq: 0x0001, sender: 0x0a0b0c0d, counter: 9 },
    bytes: [
      0x01, //                   version 1
      0x7f, //                   kind ack
      0x0a, 0x0b, 0x0c, 0x0d, // sender 0x0a0b0c0d
      0x00, 0x00, 0x00, 0x09, // counter 9
      0x00, 0x01, //             seq 1
      [0x01, 0x02, 0x03, 0x04][i]!, // ackKind: the acknowledged kind's code
      0xbe, 0xef, //             ackSeq 0xbeef
      ...TAG,
    ],
  })),
];

const fixedTag = () => Uint8Array.from(TAG);

for (const v of VECTORS) {
  const bytes = Uint8Array.from(v.bytes);

  test(`decode: ${v.name}`, (t) => {
    t.deepEqual(decodeFrame(bytes), { ok: true, frame: v.frame });
  });

  test(`encode: ${v.name}`, (t) => {
    const seen: Uint8Array[] = [];
    const out = encodeFrame(v.frame, (authenticated) => {
      seen.push(authenticated.slice());
      return fixedTag();
    });
    t.deepEqual(out, bytes);
    t.is(seen.length, 1, "tagOf is called once");
    t.deepEqual(seen[0], bytes.subarray(0, bytes.length - FRAME.tagBytes), "the tag covers exactly header + body");
  });

  test(`round trip: ${v.name}`, (t) => {
    const again = decodeFrame(encodeFrame(v.frame, fixedTag));
    t.deepEqual(again, { ok: true, frame: v.frame });
    const decoded = decodeFrame(bytes);
    if (!decoded.ok) return t.fail(decoded.detail);
    t.deepEqual(encodeFrame(decoded.frame, () => bytes.subarray(bytes.length - FRAME.tagBytes)), bytes);
  });

  test(`truncated or extended: ${v.name}`, (t) => {
    for (let n = 2; n < bytes.length; n++) {
      const r = decodeFrame(bytes.subarray(0, n));
      t.like(r, { ok: false, reason: "malformed" }, `prefix of ${n} bytes`);
    }
    t.like(decodeFrame(bytes.subarray(0, 1)), { ok: false, reason: "malformed" }, "version byte only");
    t.like(decodeFrame(Uint8Array.from([...v.bytes, 0x00])), { ok: false, reason: "malformed" }, "one trailing byte");
  });
}

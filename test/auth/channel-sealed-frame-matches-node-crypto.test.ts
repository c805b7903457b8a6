/**
 * Claim: a sealed frame is exactly the documented header and body followed by the first 16
 * bytes of HMAC-SHA256 over them, computed independently here with `node:crypto`.
 */
import test from "ava";
import { createHmac } from "node:crypto";
import { CLINIC_KEY, makePair, RECEIVER } from "./channel-pair.ts";

test("the clinic's first alarm frame, byte for byte", (t) => {
  const { clinic } = makePair();
  const covered = Uint8Array.from([
    0x01, //                   version 1
    0x01, //                   kind alarm
    0x0a, 0x0b, 0x0c, 0x0d, // sender: the clinic's node id
    0x00, 0x00, 0x00, 0x01, // counter 1 (the first frame ever)
    0x00, 0x2a, //             seq 42
    0x00, 0x00, 0x00, 0x03, // incident 3
    0xb0, 0x07, 0x00, 0x01, // boot nonce 0xb0070001
  ]);
  const tag = createHmac("sha256", CLINIC_KEY).update(covered).digest().subarray(0, 16);
  const sealed = clinic.seal(RECEIVER, { kind: "alarm", incident: 3, boot: 0xb007_0001, seq: 42 });
  t.deepEqual(sealed, Uint8Array.from([...covered, ...tag]));
});

import test from "ava";
import { decodeFrame } from "../../firmware/core/frame/decode.ts";
import { encodeFrame } from "../../firmware/core/frame/encode.ts";
import { FRAME } from "../../firmware/core/frame/constants.ts";
import { forgeWrongKey } from "../../tools/sim/forge-wrong-key.ts";
import { hmacSha256 } from "../../tools/sim/hmac.ts";
import { Random } from "../../tools/sim/random.ts";

const key = new Uint8Array(16).fill(7);
const tagged = (k: Uint8Array) => (bytes: Uint8Array) => hmacSha256(k, bytes);

test("the forged frame decodes, names the same sender, carries the next counter, and its tag is not the key's", (t) => {
  const captured = encodeFrame({ kind: "alarm", incident: 4, seq: 9, sender: 2, counter: 100 }, tagged(key));
  const forged = forgeWrongKey(captured, new Random(1, "attacker"))!;
  const decoded = decodeFrame(forged);
  t.true(decoded.ok);
  if (!decoded.ok) return;
  t.like(decoded.frame, { kind: "alarm", incident: 4, seq: 9, sender: 2, counter: 101 });
  const genuine = encodeFrame({ ...decoded.frame }, tagged(key));
  const tagAt = forged.length - FRAME.tagBytes;
  t.deepEqual(forged.subarray(0, tagAt), genuine.subarray(0, tagAt), "header and body as a genuine frame");
  t.notDeepEqual(forged.subarray(tagAt), genuine.subarray(tagAt), "but the tag is not the key's");
});

test("without a decodable captured frame there is nothing to forge", (t) => {
  t.is(forgeWrongKey(undefined, new Random(1, "attacker")), undefined);
  t.is(forgeWrongKey(new Uint8Array([0xff, 1, 2]), new Random(1, "attacker")), undefined);
});

/**
 * Claim: a tag is the leftmost 16 bytes of HMAC-SHA256 over header + body, and verification
 * refuses any tag that differs in one bit or in length, and any change to the covered bytes.
 */
import test from "ava";
import { computeTag, tagsEqual, verifyTag } from "../../firmware/core/auth/tag.ts";
import { FRAME } from "../../firmware/core/frame/constants.ts";
import { hmacSha256 } from "../../tools/sim/hmac.ts";

const key = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
const covered = Uint8Array.from([0x01, 0x01, 0, 0, 0, 2, 0, 0, 0, 9, 0, 3, 0, 0, 0, 4]);

function frameWith(tag: Uint8Array): Uint8Array {
  const f = new Uint8Array(covered.length + tag.length);
  f.set(covered);
  f.set(tag, covered.length);
  return f;
}

test("the tag is the first 16 bytes of the HMAC", (t) => {
  const tag = computeTag(hmacSha256, key, covered);
  t.is(tag.length, FRAME.tagBytes);
  t.deepEqual(tag, hmacSha256(key, covered).subarray(0, FRAME.tagBytes));
  t.true(verifyTag(hmacSha256, key, frameWith(tag)));
});

test("any one flipped tag bit is refused", (t) => {
  const tag = computeTag(hmacSha256, key, covered);
  for (let bit = 0; bit < tag.length * 8; bit++) {
    const bad = tag.slice();
    bad[bit >> 3] ^= 1 << (bit & 7);
    t.false(tagsEqual(tag, bad), `bit ${bit}`);
    t.false(verifyTag(hmacSha256, key, frameWith(bad)), `frame with bit ${bit} flipped`);
  }
});

test("any one flipped covered bit, or another key, is refused", (t) => {
  const frame = frameWith(computeTag(hmacSha256, key, covered));
  for (let bit = 0; bit < covered.length * 8; bit++) {
    const bad = frame.slice();
    bad[bit >> 3] ^= 1 << (bit & 7);
    t.false(verifyTag(hmacSha256, key, bad), `bit ${bit}`);
  }
  const other = key.slice();
  other[0] ^= 0x80;
  t.false(verifyTag(hmacSha256, other, frame));
});

test("tags of different lengths are never equal; a frame shorter than a tag is not authentic", (t) => {
  const tag = computeTag(hmacSha256, key, covered);
  t.false(tagsEqual(tag, tag.subarray(0, 15)));
  t.false(tagsEqual(new Uint8Array(0), tag));
  t.true(tagsEqual(new Uint8Array(0), new Uint8Array(0)));
  t.false(verifyTag(hmacSha256, key, tag.subarray(0, 15)));
});

test("an HMAC that returns too few bytes is a clear error", (t) => {
  t.throws(() => computeTag(() => new Uint8Array(8), key, covered), { instanceOf: RangeError, message: /8 bytes/ });
});

/**
 * Claim: the simulator's host HMAC-SHA256 (`tools/sim/host-hmac.ts`, keyed states precomputed per
 * key) gives exactly the bytes of the reference `tools/sim/hmac.ts` (@noble/hashes) and of
 * `node:crypto`, for any key and message — across the padding boundaries (55/56/64 bytes), keys
 * longer than a block, and a key array whose contents change between calls; through both of its
 * entries (`h(key, data)`, and `h.into(key, data, length, out)` on the first `length` bytes of a
 * longer array).
 */
import test from "ava";
import fc from "fast-check";
import { createHmac } from "node:crypto";
import { createHostHmacSha256 } from "../../tools/sim/host-hmac.ts";
import { hmacSha256 } from "../../tools/sim/hmac.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const nodeHex = (key: Uint8Array, data: Uint8Array) => createHmac("sha256", key).update(data).digest("hex");

test("every message length 0…300 under keys of 0, 16, 64, 65 and 131 bytes matches node:crypto", (t) => {
  const h = createHostHmacSha256();
  let checked = 0;
  for (const keyLength of [0, 16, 64, 65, 131]) {
    const key = Uint8Array.from({ length: keyLength }, (_, i) => (i * 37 + keyLength) & 0xff);
    for (let n = 0; n <= 300; n++) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 101 + n) & 0xff);
      const got = hex(h(key, data));
      if (got !== nodeHex(key, data)) return t.fail(`key ${keyLength} B, message ${n} B: ${got}`);
      checked++;
    }
  }
  t.is(checked, 5 * 301);
});

test("property: same output as tools/sim/hmac.ts for keys of 0–100 bytes, reused across messages", (t) => {
  const h = createHostHmacSha256();
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 4 }), (key, messages) =>
        messages.every((m) => hex(h(key, m)) === hex(hmacSha256(key, m))),
      ),
      { numRuns: 300 },
    ),
  );
});

test("a key array changed in place gets the tag of its new bytes, not a stale one", (t) => {
  const h = createHostHmacSha256();
  const key = new Uint8Array(16).fill(1);
  const data = new Uint8Array([1, 2, 3]);
  const before = hex(h(key, data));
  key[0] = 2;
  t.is(hex(h(key, data)), nodeHex(key, data));
  t.not(hex(h(key, data)), before);
});

test("each call returns a new 32-byte array (callers may keep or change it)", (t) => {
  const h = createHostHmacSha256();
  const key = new Uint8Array(16);
  const a = h(key, new Uint8Array([1]));
  const b = h(key, new Uint8Array([1]));
  t.is(a.length, 32);
  t.not(a, b);
  a.fill(0);
  t.is(hex(b), nodeHex(key, new Uint8Array([1])));
});

test("property: into() on the first n bytes of a longer array gives the reference bytes of those n, and returns no array", (t) => {
  const h = createHostHmacSha256();
  const out = new Uint8Array(32);
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 40 }), (key, message, after) => {
        const data = new Uint8Array(message.length + after.length);
        data.set(message);
        data.set(after, message.length);
        // the plain entry first, on the longer array, so that a result kept for it cannot be taken for the prefix
        h(key, data);
        if (h.into(key, data, message.length, out) !== undefined) return false;
        return hex(out) === hex(hmacSha256(key, message));
      }),
      { numRuns: 300 },
    ),
  );
});

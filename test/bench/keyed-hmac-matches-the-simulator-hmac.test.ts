/**
 * Claim: the benchmarks' HMAC-SHA256 with cached keyed state gives exactly the bytes of the
 * simulator's HMAC (and so of RFC 4231), for any key and message, on first and repeated use.
 */
import test from "ava";
import fc from "fast-check";
import { keyedHmacSha256 } from "../../bench/keyed-hmac.ts";
import { hmacSha256 } from "../../tools/sim/hmac.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

test("RFC 4231 test case 2 (key \"Jefe\")", (t) => {
  const h = keyedHmacSha256();
  const key = new TextEncoder().encode("Jefe");
  const data = new TextEncoder().encode("what do ya want for nothing?");
  const expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
  t.is(hex(h(key, data)), expected);
  t.is(hex(h(key, data)), expected, "the cached state gives the same tag again");
});

test("property: same output as tools/sim/hmac.ts for keys of 0–100 bytes, reused across messages", (t) => {
  const h = keyedHmacSha256();
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 4 }), (key, messages) =>
        messages.every((m) => hex(h(key, m)) === hex(hmacSha256(key, m))),
      ),
      { numRuns: 300 },
    ),
  );
});

test("two functions keep separate caches", (t) => {
  const a = keyedHmacSha256();
  const b = keyedHmacSha256();
  const key = new Uint8Array(16).fill(1);
  const data = new Uint8Array([1, 2, 3]);
  t.is(hex(a(key, data)), hex(b(key, data)));
});

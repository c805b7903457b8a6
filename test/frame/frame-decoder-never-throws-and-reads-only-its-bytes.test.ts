/**
 * Claim: for any byte string the decoder returns a frame or a rejection with a known reason,
 * never throws, reads nothing outside the view it is given, and accepts only canonical bytes
 * (re-encoding an accepted frame with its own tag gives back exactly the input).
 */
import test from "ava";
import fc from "fast-check";
import { FRAME } from "../../firmware/core/frame/constants.ts";
import { decodeFrame } from "../../firmware/core/frame/decode.ts";
import { encodeFrame } from "../../firmware/core/frame/encode.ts";
import { frameArb } from "./arbitraries.ts";

const REASONS = new Set(["malformed", "oversize", "version"]);

/** Byte strings that reach every branch: random, and valid frames mutated. */
const bytesArb = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 300 }),
  fc.uint8Array({ minLength: 0, maxLength: 40 }).map((b) => (b.length > 0 ? (b[0] = 1, b) : b)),
  fc
    .tuple(frameArb, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.integer({ min: -3, max: 3 }))
    .map(([frame, edits, resize]) => {
      const base = encodeFrame(frame, () => new Uint8Array(FRAME.tagBytes).fill(0x5a));
      const out = new Uint8Array(Math.max(0, base.length + resize));
      out.set(base.subarray(0, out.length));
      for (const [at, value] of edits) if (out.length > 0) out[at % out.length] = value;
      return out;
    }),
);

test("property: decode never throws and accepts only canonical bytes", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(bytesArb, (bytes) => {
        const r = decodeFrame(bytes);
        if (!r.ok) return REASONS.has(r.reason) && r.detail.length > 0;
        const again = encodeFrame(r.frame, () => bytes.subarray(bytes.length - FRAME.tagBytes));
        return again.length === bytes.length && again.every((b, i) => b === bytes[i]);
      }),
      { numRuns: 2000 },
    ),
  );
});

test("property: decoding a view inside a larger buffer reads only that view", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(bytesArb, fc.uint8Array({ maxLength: 8 }), fc.uint8Array({ maxLength: 8 }), (bytes, before, after) => {
        const big = new Uint8Array(before.length + bytes.length + after.length);
        big.set(before, 0);
        big.set(bytes, before.length);
        big.set(after, before.length + bytes.length);
        const view = big.subarray(before.length, before.length + bytes.length);
        return JSON.stringify(decodeFrame(view)) === JSON.stringify(decodeFrame(bytes.slice()));
      }),
      { numRuns: 1000 },
    ),
  );
});

/** Claim: every valid frame, fields anywhere in their ranges, survives encode → decode unchanged. */
import test from "ava";
import fc from "fast-check";
import { isDeepStrictEqual } from "node:util";
import { FRAME, FRAME_BYTES } from "../../firmware/core/frame/constants.ts";
import { decodeFrame } from "../../firmware/core/frame/decode.ts";
import { encodeFrame } from "../../firmware/core/frame/encode.ts";
import { frameArb } from "./arbitraries.ts";

test("property: decode(encode(frame)) is frame, and its size is FRAME_BYTES[kind] ≤ 250", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(frameArb, fc.uint8Array({ minLength: FRAME.tagBytes, maxLength: FRAME.tagBytes }), (frame, tag) => {
        const bytes = encodeFrame(frame, () => tag);
        const r = decodeFrame(bytes);
        return (
          bytes.length === FRAME_BYTES[frame.kind] &&
          bytes.length <= FRAME.maxBytes &&
          r.ok &&
          isDeepStrictEqual(r.frame, frame)
        );
      }),
      { numRuns: 2000 },
    ),
  );
});

/**
 * Claim: for random byte strings and for valid frames with random edits, truncations or
 * extensions, `open` never throws and refuses with a known reason; it accepts only the exact
 * frames the peer sealed, each once.
 */
import test from "ava";
import fc from "fast-check";
import { payloadArb } from "../frame/arbitraries.ts";
import { makePair, RECEIVER } from "./channel-pair.ts";

const REASONS = new Set(["malformed", "oversize", "version", "unknown_peer", "bad_tag", "replay"]);

test("property: random bytes are always refused with a reason", (t) => {
  const { receiver } = makePair();
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, versioned) => {
        if (versioned && bytes.length > 0) bytes[0] = 1;
        const r = receiver.open(bytes);
        return !r.ok && REASONS.has(r.reason);
      }),
      { numRuns: 2000 },
    ),
  );
});

const editArb = fc.oneof(
  fc.record({ op: fc.constant("set" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant("cut" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("add" as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }) }),
);

function mutate(frame: Uint8Array, edits: { op: "set" | "cut" | "add"; at?: number; value?: number; bytes?: Uint8Array }[]): Uint8Array {
  let out = frame.slice();
  for (const e of edits) {
    if (e.op === "set" && out.length > 0) out[e.at! % out.length] = e.value!;
    if (e.op === "cut") out = out.slice(0, e.at! % (out.length + 1));
    if (e.op === "add") out = Uint8Array.from([...out, ...e.bytes!]);
  }
  return out;
}

test("property: a mutated frame is refused unless it is byte-for-byte the sealed frame", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(payloadArb, fc.array(editArb, { minLength: 1, maxLength: 4 }), (payload, edits) => {
        const { clinic, receiver } = makePair();
        const frame = clinic.seal(RECEIVER, payload);
        const mutated = mutate(frame, edits);
        const same = mutated.length === frame.length && mutated.every((b, i) => b === frame[i]);
        const r = receiver.open(mutated);
        if (same) return r.ok && !receiver.open(mutated).ok; // accepted once, then a replay
        return !r.ok && REASONS.has(r.reason);
      }),
      { numRuns: 500 },
    ),
  );
});

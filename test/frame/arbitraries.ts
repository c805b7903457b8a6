/** fast-check arbitraries for frame tests: every valid payload and frame the codec must carry. */
import fc from "fast-check";
import type { Frame, Payload } from "../../firmware/core/frame/types.ts";

export const u8 = fc.integer({ min: 0, max: 0xff });
export const u16 = fc.integer({ min: 0, max: 0xffff });
export const u32 = fc.integer({ min: 0, max: 0xffff_ffff });

/** Any valid payload of any kind, fields across their whole ranges. */
export const payloadArb: fc.Arbitrary<Payload> = fc.oneof(
  fc.record({ kind: fc.constant("alarm" as const), incident: u32, seq: u16 }),
  fc.record({ kind: fc.constant("alarm" as const), incident: u32, boot: fc.integer({ min: 1, max: 0xffff_ffff }), seq: u16 }),
  fc.record({ kind: fc.constant("heartbeat" as const), status: u8, uptimeS: u32, seq: u16 }),
  fc.record({ kind: fc.constant("operator_ack" as const), incident: u32, seq: u16 }),
  fc.record({ kind: fc.constant("resolved" as const), incident: u32, seq: u16 }),
  fc.record({
    kind: fc.constant("ack" as const),
    ackKind: fc.constantFrom("alarm" as const, "heartbeat" as const, "operator_ack" as const, "resolved" as const),
    ackSeq: u16,
    seq: u16,
  }),
);

/** Any valid frame: a payload plus sender and counter. */
export const frameArb: fc.Arbitrary<Frame> = fc
  .record({ payload: payloadArb, sender: u32, counter: u32 })
  .map(({ payload, sender, counter }) => ({ ...payload, sender, counter }));

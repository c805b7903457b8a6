/**
 * Claim: what the link hands `transmit` for a reliable message is the message's own fields plus
 * its seq — nothing lost, nothing added (an alarm without a boot nonce stays without one) — the
 * same object at every attempt, and the app's message object is left as it was. Every kind,
 * fields across their whole ranges, through retransmissions.
 */
import test from "ava";
import fc from "fast-check";
import { Link } from "../../firmware/core/link/link.ts";
import type { Payload } from "../../firmware/core/frame/types.ts";
import type { ReliableMessage } from "../../firmware/core/link/link.ts";
import { payloadArb } from "../frame/arbitraries.ts";

const PEER = 2;

test("property: every attempt of a message transmits {...message, seq}, one object, the message untouched", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(payloadArb.filter((p) => p.kind !== "ack"), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 1, max: 4 }), (drawn, firstSeq, attempts) => {
        const { seq: _unused, ...fields } = drawn;
        const message = fields as ReliableMessage;
        const before = JSON.stringify(Object.entries(message));
        const sent: Payload[] = [];
        const link = new Link({
          random: () => 0x8000_0000,
          firstSeq,
          transmit: (_peer, payload) => void sent.push(payload),
          policies: { [message.kind]: { initialMs: 10, maxMs: 10, factor: 1, jitter: 0, maxAttempts: Infinity } },
        });
        const seq = link.send(PEER, message, 0);
        for (let now = 10; sent.length < attempts; now += 10) link.poll(now);
        const expected = { ...message, seq };
        return (
          seq === firstSeq &&
          sent.length === attempts &&
          sent.every((p) => p === sent[0]) &&
          JSON.stringify(Object.keys(sent[0]!).sort()) === JSON.stringify(Object.keys(expected).sort()) &&
          Object.entries(expected).every(([k, v]) => (sent[0] as unknown as Record<string, unknown>)[k] === v) &&
          JSON.stringify(Object.entries(message)) === before
        );
      }),
      { numRuns: 400 },
    ),
  );
});

import test from "ava";
import { Link, type LinkOptions } from "../../firmware/core/link/link.ts";
import { seededRandom } from "../../bench/harness/prng.ts";

const base: LinkOptions = { transmit: () => {}, random: seededRandom(1) };

const rows: [string, Partial<LinkOptions> | Record<string, unknown>, "RangeError" | "TypeError", RegExp][] = [
  ["transmit missing", { transmit: undefined }, "TypeError", /transmit/],
  ["random missing", { random: undefined }, "TypeError", /random/],
  ["an unknown policy kind", { policies: { ack: { initialMs: 5 } } }, "TypeError", /policies\.ack/],
  ["a bad alarm policy value", { policies: { alarm: { jitter: 2 } } }, "RangeError", /policies\.alarm\.jitter/],
  ["a heartbeat giving up after 0", { policies: { heartbeat: { maxAttempts: 0 } } }, "RangeError", /policies\.heartbeat\.maxAttempts/],
  ["dedupPerLane 0", { dedupPerLane: 0 }, "RangeError", /dedupPerLane/],
  ["firstSeq beyond u16", { firstSeq: 0x1_0000 }, "RangeError", /firstSeq/],
  ["firstSeq negative", { firstSeq: -1 }, "RangeError", /firstSeq/],
];

for (const [name, patch, type, field] of rows) {
  test(`new Link refuses ${name}, naming the field`, (t) => {
    const err = t.throws(() => new Link({ ...base, ...patch } as LinkOptions));
    t.is(err?.name, type);
    t.regex(err?.message ?? "", field);
  });
}

test("send refuses an ack, an unknown kind and a bad peer id, and queues nothing", (t) => {
  const sent: unknown[] = [];
  const link = new Link({ ...base, transmit: (_p, payload) => sent.push(payload) });
  t.throws(() => link.send(1, { kind: "ack", ackKind: "alarm", ackSeq: 1 } as never, 0), { instanceOf: TypeError, message: /ack/ });
  t.throws(() => link.send(1, { kind: "siren" } as never, 0), { instanceOf: TypeError, message: /siren/ });
  t.throws(() => link.send(-1, { kind: "alarm", incident: 1 }, 0), { instanceOf: RangeError, message: /peer/ });
  t.throws(() => link.send(2 ** 32, { kind: "alarm", incident: 1 }, 0), { instanceOf: RangeError, message: /peer/ });
  t.deepEqual(sent, []);
  t.deepEqual(link.pending(), []);
});

test("partial policies merge field by field over the defaults; undefined fields take the default", (t) => {
  const link = new Link({ ...base, policies: { heartbeat: { maxAttempts: 3, jitter: undefined } } });
  t.deepEqual(link.policy("heartbeat"), { initialMs: 1000, maxMs: 3000, factor: 2, jitter: 0.25, maxAttempts: 3 });
  t.is(link.policy("alarm").maxAttempts, Infinity);
});

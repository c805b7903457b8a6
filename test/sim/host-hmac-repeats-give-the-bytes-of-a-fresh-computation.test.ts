/**
 * Claim: the host HMAC's table of recent results (`tools/sim/host-hmac.ts`: a frame's tag is
 * computed by its sender and again by its receiver, so the second is looked up) never gives a
 * stale or foreign result: over histories of repeated, near-identical and colliding messages,
 * several key arrays (some with equal bytes) and keys changed in place, every call returns the
 * bytes of the reference `tools/sim/hmac.ts`, in a new array; and so does every call of the
 * `into` entry mixed in (the first bytes of a longer array, as the channel seals and opens).
 */
import test from "ava";
import fc from "fast-check";
import { createHostHmacSha256 } from "../../tools/sim/host-hmac.ts";
import { hmacSha256 } from "../../tools/sim/hmac.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

type Step = { key: number; message: number; flip: number | undefined; changeKey: boolean; into: number | undefined };

test("property: repeated and near-identical messages under shared and changing keys get the reference bytes", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(
        // A small pool of messages (0–80 bytes, around the table's 64-byte limit) so that repeats are common.
        fc.array(fc.uint8Array({ maxLength: 80 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.record({ key: fc.nat(2), message: fc.nat(5), flip: fc.option(fc.nat(79), { nil: undefined }), changeKey: fc.boolean(), into: fc.option(fc.nat(16), { nil: undefined }) }), { maxLength: 60 }),
        (pool, steps: Step[]) => {
          const h = createHostHmacSha256();
          // Keys 0 and 1 have equal bytes in different arrays; key 2 differs.
          const keys = [new Uint8Array(16).fill(9), new Uint8Array(16).fill(9), new Uint8Array(16).fill(4)];
          const given: Uint8Array[] = [];
          for (const s of steps) {
            const message = pool[s.message % pool.length]!.slice();
            if (s.flip !== undefined && message.length > 0) message[s.flip % message.length] ^= 1;
            const key = keys[s.key]!;
            if (s.changeKey) key[s.key] = (key[s.key]! + 1) & 0xff;
            if (s.into !== undefined) {
              // the message followed by `s.into` other bytes, MACed up to the message's end
              const longer = new Uint8Array(message.length + s.into).fill(0x5a);
              longer.set(message);
              const out = new Uint8Array(32);
              h.into(key, longer, message.length, out);
              if (hex(out) !== hex(hmacSha256(key, message))) return false;
              continue;
            }
            const got = h(key, message);
            if (hex(got) !== hex(hmacSha256(key, message))) return false;
            if (given.includes(got)) return false; // a new array every call
            given.push(got);
          }
          return true;
        },
      ),
      { numRuns: 400 },
    ),
  );
});

test("messages that share a table slot each get their own tag", (t) => {
  // Every 2-byte message (65,536 of them, 256 slots) once, then again in reverse: about 256 per
  // slot, so every lookup of the second pass meets the last of its slot, rarely itself.
  const h = createHostHmacSha256();
  const key = new Uint8Array(16).fill(3);
  const wrong: number[] = [];
  const check = (i: number) => {
    const m = new Uint8Array([i >> 8, i & 0xff]);
    if (hex(h(key, m)) !== hex(hmacSha256(key, m))) wrong.push(i);
  };
  for (let i = 0; i < 65_536; i += 7) check(i);
  for (let i = 65_535; i >= 0; i -= 7) check(i);
  t.deepEqual(wrong, []);
});

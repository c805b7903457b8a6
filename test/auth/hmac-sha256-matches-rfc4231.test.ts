/**
 * Claim: the host HMAC-SHA256 (`tools/sim/hmac.ts`, @noble/hashes), the simulator's
 * (`tools/sim/host-hmac.ts`) and `node:crypto` all give the RFC 4231 known answers (test cases 1,
 * 2 and 5), through both entries: `hmac(key, data)` and `hmac.into(key, data, length, out)`, the
 * MAC of `data`'s first `length` bytes written into `out` (followed by other bytes, which must
 * not count, and into a larger `out`, whose other bytes must stay); and the frame tag of case
 * 5's input is its 128-bit truncation (RFC 4231 §4.6). Vectors: RFC 4231 §4.2, §4.3, §4.6.
 */
import test from "ava";
import { createHmac } from "node:crypto";
import { computeTag } from "../../firmware/core/auth/tag.ts";
import type { HmacSha256 } from "../../firmware/hal/crypto.ts";
import { createHostHmacSha256 } from "../../tools/sim/host-hmac.ts";
import { hmacSha256 } from "../../tools/sim/hmac.ts";

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ""), "hex"));
const ascii = (s: string) => Uint8Array.from(Buffer.from(s, "latin1"));
const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex");

const nodeMac = (key: Uint8Array, data: Uint8Array) => Uint8Array.from(createHmac("sha256", key).update(data).digest());
const nodeHmac: HmacSha256 = Object.assign(nodeMac, {
  into: (key: Uint8Array, data: Uint8Array, length: number, out: Uint8Array) => void out.set(nodeMac(key, data.subarray(0, length))),
});

const IMPLEMENTATIONS: [string, HmacSha256][] = [
  ["tools/sim/hmac.ts", hmacSha256],
  ["tools/sim/host-hmac.ts", createHostHmacSha256()],
  ["node:crypto", nodeHmac],
];

const CASES = [
  {
    name: "RFC 4231 test case 1",
    key: hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), // 20 bytes of 0x0b
    data: ascii("Hi There"),
    mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
  },
  {
    name: "RFC 4231 test case 2 (key shorter than the block)",
    key: ascii("Jefe"),
    data: ascii("what do ya want for nothing?"),
    mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
  },
  {
    name: "RFC 4231 test case 5 (truncation to 128 bits)",
    key: hex("0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c"), // 20 bytes of 0x0c
    data: ascii("Test With Truncation"),
    mac: "a3b6167473100ee06e0c796c2955552b", // only the leftmost 128 bits are specified
  },
];

for (const [implName, hmac] of IMPLEMENTATIONS) {
  for (const c of CASES) {
    test(`${implName}: ${c.name}`, (t) => {
      const mac = hmac(c.key, c.data);
      t.is(mac.length, 32);
      t.is(toHex(mac).slice(0, c.mac.length), c.mac);
    });
  }
  for (const c of CASES) {
    test(`${implName}: ${c.name}, through into() from a longer array into a larger out`, (t) => {
      const data = new Uint8Array(c.data.length + 5).fill(0xa5);
      data.set(c.data);
      const out = new Uint8Array(40).fill(0xee);
      t.is(hmac.into(c.key, data, c.data.length, out), undefined);
      t.is(toHex(out.subarray(0, 32)).slice(0, c.mac.length), c.mac);
      t.is(toHex(out.subarray(32)), "ee".repeat(8));
    });
  }
  test(`${implName}: the frame tag is the RFC 4231 case 5 truncation`, (t) => {
    const c = CASES[2]!;
    t.is(toHex(computeTag(hmac, c.key, c.data)), c.mac);
  });
}

for (const [implName, hmac] of IMPLEMENTATIONS.filter(([name]) => name !== "node:crypto")) {
  test(`${implName}: into() refuses a length outside the data or an out shorter than 32 bytes, writing nothing`, (t) => {
    const key = new Uint8Array(16);
    const data = new Uint8Array(10);
    const out = new Uint8Array(32).fill(0xee);
    for (const length of [-1, 11, 1.5, Number.NaN]) {
      t.throws(() => hmac.into(key, data, length, out), { instanceOf: RangeError, message: /length/ }, `length ${length}`);
    }
    t.throws(() => hmac.into(key, data, 10, new Uint8Array(31)), { instanceOf: RangeError, message: /out/ });
    t.is(toHex(out), "ee".repeat(32));
  });
}

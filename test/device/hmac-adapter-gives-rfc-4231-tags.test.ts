import test from "ava";
import { createHmacSha256 } from "../../firmware/moddable/hmac.ts";
import { fakeHmacModules } from "./fake-moddable.ts";

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
/** `bytes` as a view at an odd offset into a larger buffer, to catch whole-buffer mistakes. */
const offsetView = (bytes: Uint8Array) => {
  const backing = new Uint8Array(bytes.length + 7).fill(0xee);
  backing.set(bytes, 3);
  return backing.subarray(3, 3 + bytes.length);
};

// RFC 4231 §4.2 and §4.3 (HMAC-SHA-256).
const cases: [string, Uint8Array, Uint8Array, string][] = [
  ["test case 1", hex("0b".repeat(20)), ascii("Hi There"), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"],
  ["test case 2", ascii("Jefe"), ascii("what do ya want for nothing?"), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"],
];
for (const [name, key, data, tag] of cases) {
  test(`RFC 4231 ${name} through HMAC(Digest("SHA256")) with update/close`, (t) => {
    const modules = fakeHmacModules();
    const hmac = createHmacSha256({ Digest: modules.Digest, HMAC: modules.HMAC });
    const result = hmac(offsetView(key), offsetView(data));
    t.true(result instanceof Uint8Array);
    t.is(Buffer.from(result).toString("hex"), tag);
    t.deepEqual(modules.calls, ["Digest(SHA256)", `HMAC(SHA256, ${key.length} bytes)`, `update(${data.length} bytes)`, "close"]);
  });
}

for (const [name, key, data, tag] of cases) {
  test(`RFC 4231 ${name} through into(): the first bytes of a longer array, written into a larger out`, (t) => {
    const modules = fakeHmacModules();
    const hmac = createHmacSha256({ Digest: modules.Digest, HMAC: modules.HMAC });
    const longer = new Uint8Array(data.length + 9).fill(0x5a);
    longer.set(data);
    const out = new Uint8Array(36).fill(0xee);
    t.is(hmac.into(offsetView(key), offsetView(longer), data.length, out), undefined);
    t.is(Buffer.from(out.subarray(0, 32)).toString("hex"), tag);
    t.is(Buffer.from(out.subarray(32)).toString("hex"), "ee".repeat(4));
    t.deepEqual(modules.calls, ["Digest(SHA256)", `HMAC(SHA256, ${key.length} bytes)`, `update(${data.length} bytes)`, "close"]);
  });
}

test("into() refuses a length outside the data or an out shorter than 32 bytes, before any SDK call", (t) => {
  const modules = fakeHmacModules();
  const hmac = createHmacSha256({ Digest: modules.Digest, HMAC: modules.HMAC });
  t.throws(() => hmac.into(new Uint8Array(16), new Uint8Array(4), 5, new Uint8Array(32)), { instanceOf: RangeError, message: /length/ });
  t.throws(() => hmac.into(new Uint8Array(16), new Uint8Array(4), 4, new Uint8Array(16)), { instanceOf: RangeError, message: /out/ });
  t.deepEqual(modules.calls, []);
});

import test from "ava";
import { createPreferenceStore } from "../../firmware/moddable/store.ts";
import type { StoreValue } from "../../firmware/hal/store.ts";
import { fakePreference } from "./fake-moddable.ts";

const refused: [string, string, StoreValue, RegExp][] = [
  ["a 16-character key", "k".repeat(16), 1, /key "k{16}" must be 1…15 characters/],
  ["an empty key", "", 1, /must be 1…15 characters/],
  ["a float", "f", 1.5, /float unsupported/],
  ["an integer above 2^31 − 1", "big", 0x8000_0000, /not a signed 32-bit integer/],
  ["a 4001-byte blob", "blob", new Uint8Array(4001), /4001 bytes > 4000/],
  ["a string of 4001 UTF-8 bytes", "text", "ệ".repeat(1333) + "ab", /4001 bytes > 4000/],
];
for (const [what, key, value, message] of refused) {
  test(`${what} is refused with a RangeError before Preference sees it`, (t) => {
    const fake = fakePreference();
    const store = createPreferenceStore({ preference: fake.preference, domain: "bell" });
    t.throws(() => store.set(key, value), { instanceOf: RangeError, message });
    t.is(fake.writes.length, 0);
  });
}

test("bytes are written as an ArrayBuffer holding exactly the view's bytes, and read back as a new Uint8Array", (t) => {
  const fake = fakePreference();
  const store = createPreferenceStore({ preference: fake.preference, domain: "bell" });
  const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
  store.set("blob", backing.subarray(2, 5));
  const written = fake.writes[0].value;
  t.true(written instanceof ArrayBuffer);
  t.deepEqual([...new Uint8Array(written as ArrayBuffer)], [1, 2, 3]);
  const read = store.get("blob");
  t.true(read instanceof Uint8Array);
  t.deepEqual([...(read as Uint8Array)], [1, 2, 3]);
  (read as Uint8Array)[0] = 77;
  t.deepEqual([...(store.get("blob") as Uint8Array)], [1, 2, 3]);
});

test("numbers, strings and booleans pass through in the store's domain", (t) => {
  const fake = fakePreference();
  const store = createPreferenceStore({ preference: fake.preference, domain: "bell" });
  store.set("n", -5);
  store.set("s", "Trạm y tế");
  store.set("b", true);
  t.deepEqual(store.keys().sort(), ["b", "n", "s"]);
  t.deepEqual([store.get("n"), store.get("s"), store.get("b"), store.get("absent")], [-5, "Trạm y tế", true, undefined]);
  t.true(fake.writes.every((w) => w.domain === "bell"));
});

test("a failed NVS write is thrown as an Error naming the key, never swallowed", (t) => {
  const fake = fakePreference();
  const store = createPreferenceStore({ preference: fake.preference, domain: "bell" });
  fake.failWritesWith("nvs set fail");
  const err = t.throws(() => store.set("ctr", 7), { instanceOf: Error });
  t.regex(err!.message, /^store "ctr": write failed in domain "bell" \(nvs set fail\)$/);
});

test("a domain longer than 15 characters is refused", (t) => {
  t.throws(() => createPreferenceStore({ preference: fakePreference().preference, domain: "d".repeat(16) }), {
    instanceOf: RangeError,
    message: /^domain: /,
  });
});

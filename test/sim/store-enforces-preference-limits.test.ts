import test from "ava";
import { SimStore } from "../../tools/sim/store.ts";

// Rows: key, value, expected error (ESP32 Preference limits, reference/moddable.md §3.3).
const refused: Array<[string, string, unknown, RegExp]> = [
  ["a key over 15 characters", "sixteen_chars_xx", 1, /1…15 characters/],
  ["an empty key", "", 1, /1…15 characters/],
  ["a float", "k", 1.5, /float unsupported/],
  ["an integer beyond signed 32 bits", "k", 0x8000_0000, /signed 32-bit/],
  ["a string over 4000 bytes (UTF-8)", "k", "ế".repeat(1334), /4002 bytes > 4000/],
  ["a binary value over 4000 bytes", "k", new Uint8Array(4001), /4001 bytes > 4000/],
  ["an object", "k", { a: 1 }, /must be a number, string, boolean or Uint8Array/],
];
for (const [what, key, value, message] of refused) {
  test(`refuses ${what}`, (t) => {
    const store = new SimStore();
    t.throws(() => store.set(key, value as never), { message });
    t.deepEqual(store.keys(), [], "nothing written");
    t.is(store.totalWrites, 0);
  });
}

test("accepts the limits themselves, returns copies of binary values, and counts every write and erase", (t) => {
  const store = new SimStore();
  store.set("fifteen_chars_x", -0x8000_0000);
  store.set("s", "x".repeat(4000));
  const blob = new Uint8Array([1, 2, 3]);
  store.set("b", blob);
  blob[0] = 9;
  const got = store.get("b") as Uint8Array;
  t.deepEqual([...got], [1, 2, 3]);
  got[1] = 9;
  t.deepEqual([...(store.get("b") as Uint8Array)], [1, 2, 3]);
  store.set("b", true);
  store.delete("b");
  store.delete("absent");
  t.deepEqual(store.writes(), { b: 3, fifteen_chars_x: 1, s: 1 });
  t.deepEqual(store.keys(), ["fifteen_chars_x", "s"]);
});

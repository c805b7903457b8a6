/**
 * Claim: a failed store write is reported as one `store_error` shape (ARCHITECTURE §3):
 * `what`, the error's words (its message, or the thrown value as text), then `key` only when one
 * Preference key failed, in that order on the line.
 */
import test from "ava";
import { storeErrorFields } from "../../firmware/core/events.ts";

const ROWS: Array<[string, Parameters<typeof storeErrorFields>, string]> = [
  ["an Error: its message", ["frame counter", new RangeError("store full")], '{"what":"frame counter","error":"store full"}'],
  ["a thrown string: as it is", ["event log", "flash worn out"], '{"what":"event log","error":"flash worn out"}'],
  ["a thrown number: as text", ["event log", 5], '{"what":"event log","error":"5"}'],
  ["with a key: the key last", ["replay mark", new Error("write failed"), "rp0000002a"], '{"what":"replay mark","error":"write failed","key":"rp0000002a"}'],
];

for (const [what, args, line] of ROWS) {
  test(`store_error fields for ${what}`, (t) => {
    t.is(JSON.stringify(storeErrorFields(...args)), line);
  });
}

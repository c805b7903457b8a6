import test from "ava";
import { LivenessTable, type LivenessTableOptions } from "../../firmware/core/supervision/liveness.ts";

const rows: [string, LivenessTableOptions, RegExp][] = [
  ["a timeout under 1 s", { startAt: 0, timeoutMs: 999 }, /timeoutMs/],
  ["a timeout over EN 50131 grade 2's 2 h", { startAt: 0, timeoutMs: 7_200_001 }, /timeoutMs/],
  ["a fractional timeout", { startAt: 0, timeoutMs: 120_000.5 }, /timeoutMs/],
  ["a start that is not a tick", { startAt: -5 }, /startAt/],
  ["a peer that is not a u32", { startAt: 0, peers: [1, 2 ** 32] }, /peers/],
];

for (const [name, options, field] of rows) {
  test(`new LivenessTable refuses ${name}, naming the field`, (t) => {
    t.throws(() => new LivenessTable(options), { instanceOf: RangeError, message: field });
  });
}

test("watch refuses a bad per-caller timeout and keeps the table unchanged", (t) => {
  const table = new LivenessTable({ startAt: 0 });
  t.throws(() => table.watch(3, 0, 10), { instanceOf: RangeError, message: /timeoutMs/ });
  t.deepEqual(table.entries(), []);
});

/**
 * `integrate` on the shared vectors (where it must report what `defer` reports, or the derived
 * difference) and on the worn-contact vectors, amplified by the harness: every call schedule,
 * every start tick (across the 2^32 wrap), then 60 s of quiet. The worn-contact tables are
 * replayed for `defer` too: they show what `defer` refuses and `integrate` passes, and the pulse
 * trains that bound `integrate` (firmware/core/debounce/README.md "integrate").
 */
import test from "ava";
import type { DebounceStrategy } from "../../firmware/core/debounce/index.ts";
import { checkTable, replayTable, SCHEDULES, startTicks, type DebounceTable } from "./harness.ts";
import { VECTORS, WORN_CONTACT_VECTORS } from "./vectors.ts";

function amplify(table: DebounceTable, strategy: DebounceStrategy): { problems: string[]; calls: number } {
  const problems: string[] = [];
  let calls = 0;
  for (const schedule of SCHEDULES) {
    for (const start of startTicks(table)) {
      const run = replayTable(table, strategy, schedule, start);
      problems.push(...run.problems);
      calls += run.calls;
    }
  }
  return { problems, calls };
}

for (const table of VECTORS) {
  test(`integrate: ${table.name}`, (t) => {
    checkTable(table);
    const { problems, calls } = amplify(table, "integrate");
    t.deepEqual(problems, []);
    t.true(calls > SCHEDULES.length * 4 * 1000, "every replay ran through its quiet tail");
  });
}

for (const table of WORN_CONTACT_VECTORS) {
  for (const strategy of ["defer", "integrate"] as const) {
    test(`${strategy}: ${table.name}`, (t) => {
      checkTable(table);
      const before = JSON.stringify(table);
      const { problems, calls } = amplify(table, strategy);
      t.deepEqual(problems, []);
      t.true(calls > SCHEDULES.length * 4 * 1000, "every replay ran through its quiet tail");
      t.is(JSON.stringify(table), before, "the table is unmodified");
    });
  }
}

import test from "ava";
import { checkTable, replayTable, SCHEDULES, startTicks } from "./harness.ts";
import { VECTORS } from "./vectors.ts";

for (const table of VECTORS) {
  test(`eager: ${table.name}`, (t) => {
    checkTable(table);
    const before = JSON.stringify(table);
    const problems: string[] = [];
    let calls = 0;
    for (const schedule of SCHEDULES) {
      for (const start of startTicks(table)) {
        const run = replayTable(table, "eager", schedule, start);
        problems.push(...run.problems);
        calls += run.calls;
      }
    }
    t.deepEqual(problems, []);
    t.true(calls > SCHEDULES.length * 4 * 1000, "every replay ran through its quiet tail");
    t.is(JSON.stringify(table), before, "the table is unmodified");
  });
}

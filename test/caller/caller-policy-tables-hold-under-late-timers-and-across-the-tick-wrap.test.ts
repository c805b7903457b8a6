/**
 * Claim: the caller policy does what each table row says (events, messages for the receiver,
 * LED states, store contents), whether its timer fires on time, late or not at all (periodic
 * polls), and wherever the 32-bit tick wrap falls; the LED is never stale and heartbeats count
 * uptime across the wrap (see `policy-harness.ts`).
 */
import test from "ava";
import { checkTable, replayTable, SCHEDULES, startTicks } from "./policy-harness.ts";
import { POLICY_VECTORS } from "./policy-vectors.ts";

for (const table of POLICY_VECTORS) {
  test(`caller policy: ${table.name}`, (t) => {
    checkTable(table);
    const before = JSON.stringify(table);
    const problems: string[] = [];
    let calls = 0;
    for (const schedule of SCHEDULES) {
      for (const start of startTicks(table)) {
        const run = replayTable(table, schedule, start);
        problems.push(...run.problems);
        calls += run.calls;
      }
    }
    t.deepEqual(problems, []);
    t.true(calls >= SCHEDULES.length * 4 * table.rows.length, "every replay ran every row");
    t.is(JSON.stringify(table), before, "the table is unmodified");
  });
}

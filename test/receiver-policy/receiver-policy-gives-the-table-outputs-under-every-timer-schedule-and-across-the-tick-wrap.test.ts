import test from "ava";
import { POLICY_SCHEDULES, replayEverywhere } from "./harness.ts";
import { POLICY_VECTORS } from "./vectors.ts";

for (const table of POLICY_VECTORS) {
  test(table.name, (t) => {
    const before = JSON.stringify(table);
    const { problems, runs } = replayEverywhere(table);
    t.deepEqual(problems, []);
    t.is(runs, POLICY_SCHEDULES.length * 4, "every schedule from every start tick");
    t.is(JSON.stringify(table), before, "the table is unmodified");
  });
}

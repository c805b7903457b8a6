/**
 * Claim: the receiver policy runs unchanged inside Moddable's XS engine (via @agoric/xsnap) and
 * passes the same tables there, with the same number of polls (STYLE rule 17). XS meters
 * computation, so each table runs under the exact and the 45 ms late schedule, from the start
 * tick that puts the wrap mid-table (Node runs them all in the table test).
 */
import test from "ava";
import { runInNodeAndXs } from "../support/run-in-both-engines.ts";

const SCRIPT = `
import { POLICY_SCHEDULES, policyStartTicks, replayPolicyTable } from "./test/receiver-policy/harness.ts";
import { POLICY_VECTORS } from "./test/receiver-policy/vectors.ts";
const out = [];
for (const table of POLICY_VECTORS) {
  // XS meters computation: two schedules, from the start that puts the wrap mid-table.
  for (const schedule of [POLICY_SCHEDULES[0], POLICY_SCHEDULES[2]]) {
    for (const start of [policyStartTicks(table)[2]]) {
      const r = replayPolicyTable(table, schedule, start);
      out.push([table.name, start, r.polls, r.problems]);
    }
  }
}
globalThis.result = JSON.stringify(out);
`;

test("the policy tables pass in XS as in Node, poll for poll, across the wrap", async (t) => {
  const { inNode, inXs } = await runInNodeAndXs(SCRIPT, "receiver-policy-in-xs");
  t.deepEqual(inXs, inNode);
  const rows = inNode as [string, number, number, string[]][];
  t.true(rows.length >= 11 * 2, "every table, two schedules");
  t.deepEqual(rows.flatMap((r) => r[3]), [], "no problem in any replay");
});

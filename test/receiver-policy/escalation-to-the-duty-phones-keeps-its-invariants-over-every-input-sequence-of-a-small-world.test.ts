/**
 * The receiver's exhaustive check with the escalation to the duty phones in the world (issue 14;
 * `bench/harness/receiver-policy-escalation.ts`, the deep one is `make bench
 * SECTIONS=policy-receiver`): the post's policy feeds the core escalation as the receiver wires
 * it, with two duty numbers; inputs at the escalation's level (time to its next deadline, SMS
 * submitted or refused, a call connected / answered with key 1 / not answered / busy, replies
 * "OK N" from a duty number or a stranger naming the running, another or no alarm) besides the
 * post's button, flash failures and a post power cut. Invariants E1…E6 after every step and the
 * fair completion from every state (E0: every open alarm texted to both numbers and called in two
 * rounds; then taken by a reply and both officers told).
 */
import test from "ava";
import { explore, type ExploreOptions } from "../../bench/harness/receiver-policy-explore.ts";

test("two callers, two duty numbers, every sequence of 4 inputs: no invariant broken", (t) => {
  const r = explore({ callers: 2, depth: 4, escalation: true });
  t.deepEqual(r.violations, []);
  t.is(r.depth, 4, "every level explored");
  t.true(r.states > 1_000, `explored ${r.states} states`);
  t.is(r.completions, r.states - 1, "a fair completion from every state reached");
  t.log(`${r.states} states, ${r.transitions} steps, ${r.acrossBoots} with an SMS sooner than the rate limit after one sent before a post power cut`);
});

// Depth 5 (found 2026-12-06 by `make bench SECTIONS=policy-receiver`, bisected to the merge 5fcab13
// of fixesc with duty14 and explore14): two of the check's own rules lagged the policy's. E0 did not
// count a text about a place's alarm for a further press of the same place, which joins that alarm
// and is texted to nobody (press c1, copy c1, press c1, time passes, SMS submitted: "texted to 1 of
// 2"); E5 counted the periodic test SMS against the rate limit, which the policy exempts so that it
// never holds back an alarm (an alarm text 30 s after a test SMS). Both are the harness's
// bookkeeping (bench/harness/receiver-policy-escalation.ts `#joined`, `#sent`); the policy is as
// designed. This failed before that fix; the mutants below still break E0 and E5.
test("two callers, two duty numbers, every sequence of 5 inputs: no invariant broken", (t) => {
  const r = explore({ callers: 2, depth: 5, escalation: true });
  t.deepEqual(r.violations, []);
  t.is(r.depth, 5, "every level explored");
});

// The check can fail: each deliberately broken escalation or wiring breaks the invariant it should.
// Smallest worlds that reach the break: one caller, one alarm; completions only where the
// invariant is the completion's.
const MUTANTS: readonly { mutant: NonNullable<ExploreOptions["escalationMutant"]>; depth: number; breaks: string; what: string; completions?: boolean; postPowerCuts?: number }[] = [
  { mutant: "no-restore", depth: 3, breaks: "invariant E0:", what: "forgets an open alarm at a post power cut (no restore)", completions: true, postPowerCuts: 1 },
  { mutant: "stranger-takes", depth: 5, breaks: "invariant E2:", what: "lets a number not on the duty list take an alarm" },
  { mutant: "reply-takes-running", depth: 6, breaks: "invariant E3:", what: "lets a reply naming another alarm take the running one" },
  { mutant: "connected-takes", depth: 6, breaks: "invariant E2:", what: "takes an alarm when a call is merely connected" },
  { mutant: "deaf-to-the-post", depth: 4, breaks: "invariant E1:", what: "keeps texting and calling after the post's button took the alarm" },
  { mutant: "no-rate-limit", depth: 3, breaks: "invariant E5:", what: "has no SMS rate limit", completions: true },
  { mutant: "calls-faults", depth: 2, breaks: "invariant E1:", what: "escalates a caller offline like an alarm" },
  { mutant: "taken-not-acknowledged", depth: 2, breaks: "invariant E6:", what: "does not acknowledge at the post an alarm taken by phone (the siren goes on)", completions: true },
];

for (const m of MUTANTS) {
  test(`the check catches an escalation that ${m.what}`, (t) => {
    const r = explore({ callers: 1, depth: m.depth, alarmsPerCaller: 1, postPowerCuts: m.postPowerCuts ?? 0, completions: m.completions ?? false, escalationMutant: m.mutant });
    t.true(r.violations.some((v) => v.startsWith(m.breaks)), `${m.breaks} ${r.violations[0] ?? "no violation"}`);
  });
}

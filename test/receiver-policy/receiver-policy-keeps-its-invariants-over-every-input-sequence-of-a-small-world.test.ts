/**
 * The seconds-long exhaustive check of the receiver policy (bench/harness/receiver-policy-explore.ts; the deep one is
 * `make bench SECTIONS=policy-receiver`): every input sequence up to depth 5 with two callers and
 * up to depth 3 with three, each state's invariants checked, and a fair completion run from each.
 */
import test from "ava";
import { explore } from "../../bench/harness/receiver-policy-explore.ts";

test("two callers, every sequence of 5 inputs: no invariant broken", (t) => {
  const r = explore({ callers: 2, depth: 5 });
  t.deepEqual(r.violations, []);
  t.is(r.depth, 5, "every level explored");
  t.true(r.states > 10_000, `explored ${r.states} states`);
  t.is(r.completions, r.states - 1, "a fair completion from every state reached");
  t.log(`${r.states} states, ${r.transitions} steps, ${r.untold} with a caller left untold by a post power cut`);
});

test("three callers, every sequence of 3 inputs: no invariant broken", (t) => {
  const r = explore({ callers: 3, depth: 3 });
  t.deepEqual(r.violations, []);
  t.is(r.depth, 3, "every level explored");
  t.true(r.states > 1_000, `explored ${r.states} states`);
  t.log(`${r.states} states, ${r.transitions} steps`);
});

test("a post power cut after a reset, before the caller heard resolved, still leaves the caller told", (t) => {
  // The power cut is in the explored world (one per sequence): a reset then a cut must be
  // reachable, and every caller must still learn the fate of its alarm (invariant 5).
  const r = explore({ callers: 1, depth: 5 });
  // (press, copy, acknowledge, reset, post-power-cut is within depth 5: it failed before the
  // untold rows existed.) States still counted `untold` lost only moot news: `resolved` for an
  // alarm its caller has since superseded; the completion checks what the caller finally knows.
  t.deepEqual(r.violations, []);
  t.log(`${r.states} states, ${r.untold} where a power cut lost queued news that the boot did not repeat`);
});

// The check can fail: each deliberately broken post breaks the invariant it should.
const MUTANTS = [
  { mutant: "ack-unrecorded", breaks: ["invariant 3:", "invariant 1:"], what: "acks alarms it could not record (and chirps no fault for them)" },
  { mutant: "forget-give-ups", breaks: ["invariant 5:"], what: "forgets the feedback its link gave up on" },
  { mutant: "reset-closes-open", breaks: ["invariant 4:"], what: "closes unacknowledged incidents on reset" },
  { mutant: "ram-only-feedback", depth: 5, breaks: ["invariant 5:"], what: "keeps the news it owes a caller in RAM only (a power cut after a reset loses it)" },
  { mutant: "no-rearm", breaks: ["invariant 2:"], what: "does not re-arm supervision when it hears a caller" },
] as const;

for (const m of MUTANTS) {
  test(`the check catches a post that ${m.what}`, (t) => {
    const r = explore({ callers: 1, depth: "depth" in m ? m.depth : 4, mutant: m.mutant });
    for (const id of m.breaks) t.true(r.violations.some((v) => v.startsWith(id)), `${id} ${r.violations[0] ?? "no violation"}`);
  });
}

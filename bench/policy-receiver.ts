/**
 * Section "policy-receiver" (issue 12): the deep exhaustive check of the receiver policy. Every
 * input sequence up to a depth over a small world (2 and 3 callers: presses, retransmissions,
 * acks lost, heartbeats with the button stuck or free, feedback delivered or given up, power cuts
 * of the post and the callers, both operator buttons, flash failing and healing, time passing),
 * with state hashing, the invariants checked after every step and a fair completion from
 * every state (`bench/harness/receiver-policy-explore.ts`). `make test` runs a shallower one.
 * With escalation (issue 14, `bench/harness/receiver-policy-escalation.ts`): the same post feeding
 * the core escalation to two duty numbers, with the modem's results, calls, replies and the
 * escalation's deadlines as inputs, invariants E0…E6.
 */
import { explore } from "./harness/receiver-policy-explore.ts";
import { fmtInt } from "./format.ts";
import type { Failure, SectionRunner, SummaryRow, Table } from "./section.ts";

/** Worlds explored: callers and depth (quick: one level less each). */
const WORLDS: readonly { callers: number; depth: number; escalation?: boolean }[] = [
  { callers: 2, depth: 7 },
  { callers: 3, depth: 6 },
  { callers: 2, depth: 7, escalation: true },
];

export const run: SectionRunner = async ({ quick, log }) => {
  const failures: Failure[] = [];
  const rows: string[][] = [];
  const figures: Record<string, unknown>[] = [];
  let states = 0;
  let violations = 0;
  let escStates = 0;
  let escViolations = 0;
  let acrossBoots = 0;
  for (const w of WORLDS) {
    const depth = quick ? w.depth - 1 : w.depth;
    const before = process.cpuUsage();
    const r = explore({ callers: w.callers, depth, escalation: w.escalation ?? false });
    const used = process.cpuUsage(before);
    const cpuS = (used.user + used.system) / 1e6;
    const esc = w.escalation ? ", escalation to 2 duty numbers" : "";
    log(`policy-receiver: ${w.callers} callers${esc}, depth ${depth}: ${r.states} states, ${r.violations.length} violations, ${cpuS.toFixed(1)} s CPU`);
    if (w.escalation) {
      escStates += r.states;
      escViolations += r.violations.length;
      acrossBoots += r.acrossBoots;
    } else {
      states += r.states;
      violations += r.violations.length;
    }
    for (const v of r.violations) failures.push({ what: `receiver policy${w.escalation ? " with escalation" : ""} invariant broken`, scenario: `${w.callers} callers${esc}, depth ${depth}`, seed: 0, detail: v });
    rows.push([`${w.callers}${w.escalation ? " + escalation" : ""}`, String(depth), fmtInt(r.states), fmtInt(r.transitions), fmtInt(r.completions), fmtInt(r.untold), w.escalation ? fmtInt(r.acrossBoots) : "—", fmtInt(r.violations.length), cpuS.toFixed(1)]);
    figures.push({ callers: w.callers, escalation: w.escalation ?? false, depth, states: r.states, transitions: r.transitions, completions: r.completions, untold: r.untold, acrossBoots: r.acrossBoots, violations: r.violations.length, cpuS });
  }
  const summary: SummaryRow[] = [
    { what: "Receiver policy invariants over every input sequence of a small world", target: "0 broken", measured: `${fmtInt(violations)} broken in ${fmtInt(states)} states`, verdict: violations === 0 ? "pass" : "fail" },
    { what: "Escalation invariants (E0–E6) inside the receiver's exhaustive check, 2 duty numbers", target: "0 broken", measured: `${fmtInt(escViolations)} broken in ${fmtInt(escStates)} states`, verdict: escViolations === 0 ? "pass" : "fail" },
  ];
  const tables: Table[] = [
    {
      title: "Exhaustive check of the receiver policy",
      columns: ["callers", "depth", "states", "steps", "fair completions", "states with a caller untold", "states with an SMS sooner than the rate limit across a post power cut", "violations", "CPU s"],
      rows,
      note: "Breadth first, every enabled input at every state, a state reached before not expanded again; each state rebuilt by replaying its inputs. Untold: states where a post power cut lost queued feedback and the boot repeated nothing to that caller (only moot news since the untold incidents are kept in flash: resolved for an alarm the caller has since superseded); the fair completion still requires every caller told about its newest alarm. " +
        "With escalation: the callers press, their copy is acked, their heartbeat says stuck; besides the post's inputs, the escalation's: time to its next deadline, SMS submitted or refused, a call connected, answered with key 1, not answered, busy or ended after the post hung up, replies OK 1 / OK 2 / OK 9 from the duty numbers and OK 1 from a stranger. " +
        "An SMS sooner than the rate limit across a post power cut is on purpose (the escalation's state is RAM; an open alarm is texted again escalate_after_ms after the boot) and counted, not a violation.",
    },
  ];
  return {
    id: "policy-receiver",
    title: "Receiver policy: exhaustive check",
    method:
      "A bounded breadth-first exploration of every input sequence over worlds of 2 and 3 callers (two alarms each, one post power cut per sequence), asserting after every step: the siren sounds iff an incident or a fault is unacknowledged; supervision is armed whenever a caller is known; an alarm is acked only once recorded (or acknowledged by an officer); no incident is closed unacknowledged; and from every state a fair completion tells every caller the fate of its alarm, also after a power cut of the post. " +
      "With escalation (2 callers, 2 duty numbers): calls and alarm texts only for an escalation not taken with an incident open at the post (never a fault); an incident acknowledged only by the post's button, a duty number's reply naming the running escalation, or key 1 on a call; a reply or key takes exactly its escalation's incidents; at most one taken/confirm text per number and escalation; no number two SMS within 60 s or 11 in an hour within a boot; an alarm taken by phone acknowledged at the post; and from every state, with nobody answering, every open alarm is texted to both numbers and called in two rounds (also after a post power cut), then a reply takes it and both officers are told.",
    summary,
    tables,
    plots: [],
    notes: quick ? ["Quick mode: each world one level shallower."] : [],
    seeds: [],
    failures,
    figures: { worlds: figures, escalationAcrossBoots: acrossBoots },
  };
};

/**
 * Section "policy-receiver" (issue 12): the deep exhaustive check of the receiver policy. Every
 * input sequence up to a depth over a small world (2 and 3 callers: presses, retransmissions,
 * acks lost, heartbeats with the button stuck or free, feedback delivered or given up, power cuts
 * of the post and the callers, both operator buttons, flash failing and healing, time passing),
 * with state hashing, the invariants checked after every step and a fair completion from
 * every state (`bench/harness/receiver-policy-explore.ts`). `make test` runs a shallower one.
 */
import { explore } from "./harness/receiver-policy-explore.ts";
import { fmtInt } from "./format.ts";
import type { Failure, SectionRunner, SummaryRow, Table } from "./section.ts";

/** Worlds explored: callers and depth (quick: one level less each). */
const WORLDS = [
  { callers: 2, depth: 7 },
  { callers: 3, depth: 6 },
] as const;

export const run: SectionRunner = async ({ quick, log }) => {
  const failures: Failure[] = [];
  const rows: string[][] = [];
  const figures: Record<string, unknown>[] = [];
  let states = 0;
  let violations = 0;
  for (const w of WORLDS) {
    const depth = quick ? w.depth - 1 : w.depth;
    const before = process.cpuUsage();
    const r = explore({ callers: w.callers, depth });
    const used = process.cpuUsage(before);
    const cpuS = (used.user + used.system) / 1e6;
    log(`policy-receiver: ${w.callers} callers, depth ${depth}: ${r.states} states, ${r.violations.length} violations, ${cpuS.toFixed(1)} s CPU`);
    states += r.states;
    violations += r.violations.length;
    for (const v of r.violations) failures.push({ what: "receiver policy invariant broken", scenario: `${w.callers} callers, depth ${depth}`, seed: 0, detail: v });
    rows.push([String(w.callers), String(depth), fmtInt(r.states), fmtInt(r.transitions), fmtInt(r.completions), fmtInt(r.untold), fmtInt(r.violations.length), cpuS.toFixed(1)]);
    figures.push({ callers: w.callers, depth, states: r.states, transitions: r.transitions, completions: r.completions, untold: r.untold, violations: r.violations.length, cpuS });
  }
  const summary: SummaryRow[] = [
    { what: "Receiver policy invariants over every input sequence of a small world", target: "0 broken", measured: `${fmtInt(violations)} broken in ${fmtInt(states)} states`, verdict: violations === 0 ? "pass" : "fail" },
  ];
  const tables: Table[] = [
    {
      title: "Exhaustive check of the receiver policy",
      columns: ["callers", "depth", "states", "steps", "fair completions", "states with a caller untold", "violations", "CPU s"],
      rows,
      note: "Breadth first, every enabled input at every state, a state reached before not expanded again; each state rebuilt by replaying its inputs. Untold: states where a post power cut lost queued feedback and the boot repeated nothing to that caller (only moot news since the untold incidents are kept in flash: resolved for an alarm the caller has since superseded); the fair completion still requires every caller told about its newest alarm.",
    },
  ];
  return {
    id: "policy-receiver",
    title: "Receiver policy: exhaustive check",
    method:
      "A bounded breadth-first exploration of every input sequence over worlds of 2 and 3 callers (two alarms each, one post power cut per sequence), asserting after every step: the siren sounds iff an incident or a fault is unacknowledged; supervision is armed whenever a caller is known; an alarm is acked only once recorded (or acknowledged by an officer); no incident is closed unacknowledged; and from every state a fair completion tells every caller the fate of its alarm, also after a power cut of the post.",
    summary,
    tables,
    plots: [],
    notes: quick ? ["Quick mode: each world one level shallower."] : [],
    seeds: [],
    failures,
    figures: { worlds: figures },
  };
};

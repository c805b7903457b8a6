/**
 * The receiver-policy table harness, after the debounce harness (`test/debounce/harness.ts`,
 * STYLE rules 12–13): a table lists inputs at ms offsets and the outputs each must give (as
 * `render` lines), and rows of outputs a deadline gives (`due`). The harness replays it
 * - under several timer schedules: `exact` (a timer at every `nextDeadline`), `late N` (every
 *   timer fires N ms late), `periodic N` (no timers: a `poll` every N ms);
 * - from tick 0, 7777, just before 2^32 so that the wrap falls mid-table, and 2^32 − 1;
 * and checks that the same lines come out in the same order: an input's at its own ms, a
 * deadline's no earlier than its ms and no later than the schedule's lateness (exactly at it
 * under `exact`); nothing else until the table's `end`; after each poll no deadline is left
 * already due; every frame heard re-arms the timer; the table and every message handed to the
 * policy come back unmodified.
 */
import type { Message } from "../../firmware/core/frame/types.ts";
import type { OperatorButton, ReceiverOutput, ReceiverPolicy } from "../../firmware/core/policy/receiver.ts";
import { ticksAdd, ticksDiff, TICKS_MODULUS, type Ticks } from "../../firmware/core/ticks.ts";
import { bootPost, FaultyStore, renderAll, worldCallers } from "../../bench/harness/receiver-policy-world.ts";

/** One input (or `due`: the outputs a deadline falling at that ms gives). */
export type PolicyInput =
  | { boot: true }
  | { alarm: readonly [peer: number, incident: number, boot?: number] }
  | { heartbeat: readonly [peer: number, status: number, uptimeS: number] }
  | { heard: number }
  | { button: OperatorButton }
  | { gaveUp: readonly [peer: number, kind: "operator_ack" | "resolved", incident: number] }
  | { store: "fail" | "heal" }
  | { sirenTest: "start" | "end" }
  | { due: true };

/** A row: [ms from the table's start, input, the lines it gives]. An alarm's lines end with `ack` or `no ack`. */
export type PolicyRow = readonly [ms: number, input: PolicyInput, lines: readonly string[]];

export interface PolicyTable {
  readonly name: string;
  /** Callers c1…cn (node ids 1…n), 1…3. */
  readonly callers: number;
  /** `offline_after_ms`, ms (default 120000). */
  readonly offlineAfterMs?: number;
  /** Rows, time ascending; the first is `{ boot: true }` at 0 (a later `boot` is a power cut and boot at that ms). */
  readonly rows: readonly PolicyRow[];
  /** ms: nothing may come out after the last row until then. */
  readonly end: number;
}

export type PolicySchedule = { kind: "exact" } | { kind: "late"; lateMs: number } | { kind: "periodic"; periodMs: number };

export const POLICY_SCHEDULES: readonly PolicySchedule[] = [
  { kind: "exact" },
  { kind: "late", lateMs: 1 },
  { kind: "late", lateMs: 45 },
  { kind: "periodic", periodMs: 10 },
  { kind: "periodic", periodMs: 250 },
];

/** The most any schedule delays a deadline, ms: inputs keep this far from `due` rows. */
const MAX_LATE_MS = 250;

export function scheduleName(s: PolicySchedule): string {
  return s.kind === "exact" ? "exact" : s.kind === "late" ? `late ${s.lateMs}` : `periodic ${s.periodMs}`;
}

function lateness(s: PolicySchedule): number {
  return s.kind === "exact" ? 0 : s.kind === "late" ? s.lateMs : s.periodMs;
}

/** Start ticks: 0, 7777, the wrap mid-table, 2^32 − 1. */
export function policyStartTicks(table: PolicyTable): number[] {
  return [0, 7777, TICKS_MODULUS - Math.max(1, Math.floor(table.end / 2)), TICKS_MODULUS - 1];
}

/** Rejects tables that cannot be right: no boot first, time going back, an input too near a deadline. */
export function checkPolicyTable(table: PolicyTable): void {
  const first = table.rows[0];
  if (first === undefined || first[0] !== 0 || !("boot" in first[1])) throw new Error(`${table.name}: the first row must be { boot: true } at 0`);
  let last = 0;
  for (const [t, input] of table.rows) {
    if (t < last) throw new Error(`${table.name}: row at ${t} ms goes back in time`);
    last = t;
    if ("due" in input) continue;
    for (const [d, other] of table.rows) {
      if ("due" in other && t >= d && t <= d + MAX_LATE_MS) throw new Error(`${table.name}: input at ${t} ms within ${MAX_LATE_MS} ms after the deadline at ${d}`);
    }
  }
  if (table.end < last) throw new Error(`${table.name}: end ${table.end} before the last row`);
}

interface Line {
  t: number;
  line: string;
}

/** Deep-freezes a table so that any change throws. */
export function freezePolicyTable<T extends PolicyTable>(table: T): T {
  for (const row of table.rows) {
    for (const v of Object.values(row[1])) if (typeof v === "object") Object.freeze(v);
    Object.freeze(row[1]);
    Object.freeze(row[2]);
    Object.freeze(row);
  }
  Object.freeze(table.rows);
  return Object.freeze(table);
}

/**
 * Replays `table` under one schedule from one start tick.
 * @returns the problems found (empty when the policy passed) and the number of polls made.
 */
export function replayPolicyTable(table: PolicyTable, schedule: PolicySchedule, start: Ticks): { problems: string[]; polls: number } {
  const label = `${table.name} [${scheduleName(schedule)}, from ${start}]`;
  const problems: string[] = [];
  const callers = worldCallers(table.callers);
  const store = new FaultyStore();
  const tick = (rel: number) => ticksAdd(start, rel);
  const got: Line[] = [];
  const push = (t: number, outputs: readonly ReceiverOutput[], extra?: string) => {
    for (const line of renderAll(outputs)) got.push({ t, line });
    if (extra !== undefined) got.push({ t, line: extra });
  };
  let policy: ReceiverPolicy | undefined;
  let polls = 0;
  let nextPeriodic = schedule.kind === "periodic" ? schedule.periodMs : Infinity;

  const pollAt = (rel: number): number => {
    if (policy === undefined) return Infinity;
    if (schedule.kind === "periodic") return nextPeriodic;
    const d = policy.nextDeadline(tick(rel));
    if (d === undefined) return Infinity;
    return rel + Math.max(0, ticksDiff(d, tick(rel))) + lateness(schedule);
  };
  /** Runs the timers (or periodic polls) falling before `until` (or at it, with `inclusive`). */
  const runTimers = (from: number, until: number, inclusive: boolean): number => {
    let rel = from;
    for (let guard = 0; ; guard++) {
      if (guard > 100_000) {
        problems.push(`${label}: runaway timers`);
        return rel;
      }
      const at = pollAt(rel);
      if (inclusive ? at > until : at >= until) return rel;
      rel = at;
      if (schedule.kind === "periodic") nextPeriodic += schedule.periodMs;
      polls++;
      push(rel, policy!.poll(tick(rel)));
      const d = policy!.nextDeadline(tick(rel));
      if (schedule.kind !== "periodic" && d !== undefined && ticksDiff(d, tick(rel)) <= 0) {
        problems.push(`${label}: a poll at ${rel} left a deadline already due`);
        return rel;
      }
    }
  };
  const deliver = (rel: number, peer: number, message: Message) => {
    Object.freeze(message);
    const heard = policy!.heard(peer, tick(rel));
    if (!heard.some((o) => o.kind === "rearm")) problems.push(`${label}: a frame heard at ${rel} did not re-arm supervision`);
    push(rel, heard);
    const { ack, outputs } = policy!.message(peer, message, tick(rel));
    push(rel, outputs, message.kind === "alarm" ? (ack ? "ack" : "no ack") : undefined);
  };

  let rel = 0;
  for (const [t, input] of table.rows) {
    if ("due" in input) continue;
    rel = runTimers(rel, t, false);
    rel = t;
    const now = tick(t);
    if ("boot" in input) {
      const post = bootPost(store, callers, now, table.offlineAfterMs);
      policy = post.policy;
      push(t, post.outputs);
    } else if ("alarm" in input) {
      const [peer, incident, boot] = input.alarm;
      deliver(t, peer, boot === undefined ? { kind: "alarm", incident } : { kind: "alarm", incident, boot });
    } else if ("heartbeat" in input) {
      const [peer, status, uptimeS] = input.heartbeat;
      deliver(t, peer, { kind: "heartbeat", status, uptimeS });
    } else if ("heard" in input) {
      push(t, policy!.heard(input.heard, now));
    } else if ("button" in input) {
      push(t, policy!.operator(input.button));
    } else if ("gaveUp" in input) {
      const [peer, kind, incident] = input.gaveUp;
      policy!.gaveUp(peer, Object.freeze({ kind, incident }));
    } else if ("store" in input) {
      store.failing = input.store === "fail";
    } else if ("sirenTest" in input) {
      push(t, input.sirenTest === "start" ? policy!.sirenTest() : policy!.sirenTestEnded());
    }
  }
  runTimers(rel, table.end, true);

  // The oracle: the same lines in the same order; an input's at its ms, a deadline's within the lateness.
  const late = lateness(schedule);
  const want: Array<Line & { due: boolean }> = [];
  for (const [t, input, lines] of table.rows) for (const line of lines) want.push({ t, line, due: "due" in input });
  const n = Math.max(want.length, got.length);
  for (let i = 0; i < n; i++) {
    const w = want[i];
    const g = got[i];
    if (w === undefined || g === undefined || w.line !== g.line) {
      problems.push(`${label}: line ${i}: got ${g ? `"${g.line}" at ${g.t}` : "nothing"}, expected ${w ? `"${w.line}" at ${w.t}` : "nothing"}`);
      break;
    }
    if (w.due ? g.t < w.t || g.t > w.t + late : g.t !== w.t) {
      problems.push(`${label}: "${g.line}" at ${g.t} ms, expected ${w.due ? `${w.t}…${w.t + late}` : w.t}`);
      break;
    }
  }
  return { problems, polls };
}

/** Replays a table under every schedule and start tick. */
export function replayEverywhere(table: PolicyTable): { problems: string[]; runs: number } {
  checkPolicyTable(table);
  const problems: string[] = [];
  let runs = 0;
  for (const schedule of POLICY_SCHEDULES) {
    for (const start of policyStartTicks(table)) {
      problems.push(...replayPolicyTable(table, schedule, start).problems);
      runs++;
    }
  }
  return { problems, runs };
}

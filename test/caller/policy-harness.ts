/**
 * The caller-policy test harness: it replays tables of (time, input, expected outputs) on a real
 * `CallerPolicy` and amplifies each one, as `test/debounce/harness.ts` does for the debouncers
 * (STYLE rules 12, 13).
 *
 * A table starts with a boot (rel 0; the store may hold what an earlier life left) and lists
 * rows in time order: an input at `t` ms after boot and the outputs it must produce, in order,
 * or a `due` row: what the policy's own deadline (a heartbeat) must produce at `t`. The harness
 * replays the table under several call schedules for `poll`:
 * - `exact`: a timer at every `nextDeadline()`;
 * - `late N`: every timer fires N ms late (so heartbeats drift, each one period after the last);
 * - `periodic N`: no timers, a `poll()` every N ms;
 * each from tick 0, 7777, just before 2^32 so that the wrap falls in the middle of the table,
 * and 2^32 − 1; then a quiet tail of three heartbeat periods that must bring heartbeats only.
 *
 * The oracle: the outputs, in order, do not depend on the schedule; an input row's outputs come
 * from that input's call; a `due` row's from the first poll at or after `t` (exactly at `t`
 * under `exact`); a poll that is not due produces nothing. On every call: the last LED state
 * shown is the policy's `led` (the LED is never stale), every heartbeat's `uptimeS` is the whole
 * seconds since boot (across the wrap), and the frozen inputs come back unmodified.
 */
import type { Message } from "../../firmware/core/frame/types.ts";
import type { ReliableMessage } from "../../firmware/core/link/link.ts";
import { CallerPolicy, type CallerOutputs } from "../../firmware/core/policy/caller.ts";
import { AlarmMemory } from "../../firmware/core/policy/caller-alarm-memory.ts";
import type { LedState } from "../../firmware/core/policy/caller-led.ts";
import type { LinkMonitorOptions } from "../../firmware/core/supervision/link-monitor.ts";
import { ticksAdd, ticksDiff, TICKS_MODULUS } from "../../firmware/core/ticks.ts";
import { MapStore } from "../auth/map-store.ts";

/** A message named in a table: `alarm N` (this boot's nonce) or `heartbeat`. */
export type TableMessage = `alarm ${number}` | "heartbeat";

/** One input of a table row. */
export type TableInput =
  | "boot"
  | "press"
  | "stuck"
  | "stuck_cleared"
  | "heard"
  | "due"
  | readonly ["ack" | "resolved", number]
  | readonly ["tx", TableMessage, number]
  /** acked now; the number is when its first transmission went, ms after boot */
  | readonly ["delivered", TableMessage, number]
  | readonly ["gave_up", TableMessage, "attempts" | "superseded"]
  | readonly ["store", "fails" | "works"];

/**
 * A row: `t` ms after boot, the input, and its outputs in order, each written as
 * - `event k=v …` for an event (string values JSON-quoted, fields in the order emitted),
 * - `→ alarm N` (or `→ alarm N boot=B` when raised under another boot's nonce) and
 *   `→ heartbeat status=S` for a message sent to the receiver,
 * - `led STATE` for the LED state shown.
 */
export type TableRow = readonly [number, TableInput, readonly string[]];

export interface PolicyTable {
  readonly name: string;
  /** Heartbeat period, ms (a constant random source makes every period exactly this). */
  readonly heartbeatMs: number;
  readonly monitor?: LinkMonitorOptions;
  /** Alarms an earlier life raised under nonce `HELD_NONCE` and never got acked (incidents 1…n). */
  readonly held?: number;
  /** Store entries at boot (Preference-legal), written before `held`. */
  readonly storeAtBoot?: Readonly<Record<string, number>>;
  /** The first row is the boot at t = 0. */
  readonly rows: readonly TableRow[];
  /** Incidents the store must hold as pending after the table (a fresh `AlarmMemory` reads them). */
  readonly storePendingAfter?: readonly number[];
}

/** The nonce an earlier life raised the `held` alarms under. */
export const HELD_NONCE = 7;
/** What the harness's random source always returns: the nonce of this boot, and a period of exactly `heartbeatMs`. */
export const RANDOM_U32 = 0x8000_0000;

export type Schedule = { kind: "exact" } | { kind: "late"; lateMs: number } | { kind: "periodic"; periodMs: number };

export const SCHEDULES: readonly Schedule[] = [
  { kind: "exact" },
  { kind: "late", lateMs: 1 },
  { kind: "late", lateMs: 45 },
  { kind: "periodic", periodMs: 7 },
  { kind: "periodic", periodMs: 1000 },
];

export function scheduleName(s: Schedule): string {
  return s.kind === "late" ? `late ${s.lateMs}` : s.kind === "periodic" ? `periodic ${s.periodMs}` : s.kind;
}

/** Rel. ms of the table's last row. */
function lastRow(table: PolicyTable): number {
  return table.rows[table.rows.length - 1]![0];
}

/** The start ticks every table is replayed from: 0, 7777, wrap mid-table, 2^32 − 1. */
export function startTicks(table: PolicyTable): number[] {
  return [0, 7777, TICKS_MODULUS - Math.max(1, Math.floor(lastRow(table) / 2)), TICKS_MODULUS - 1];
}

/** Rejects tables that cannot be right: no boot first, time going back. */
export function checkTable(table: PolicyTable): void {
  const [first] = table.rows;
  if (!first || first[0] !== 0 || first[1] !== "boot") throw new Error(`${table.name}: the first row must be the boot at 0`);
  let last = 0;
  for (const [t, input] of table.rows.slice(1)) {
    if (t < last) throw new Error(`${table.name}: row at ${t} ms goes back in time`);
    if (input === "boot") throw new Error(`${table.name}: one boot per table, first`);
    last = t;
  }
}

function message(m: TableMessage): ReliableMessage {
  if (m === "heartbeat") return Object.freeze({ kind: "heartbeat", status: 0, uptimeS: 0 });
  return Object.freeze({ kind: "alarm", incident: Number(m.slice("alarm ".length)), boot: RANDOM_U32 });
}

function render(event: string, fields: Record<string, unknown>): string {
  const parts = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === "string" ? JSON.stringify(v) : String(v)}`);
  return [event, ...parts].join(" ");
}

interface Call {
  rel: number;
  /** Index of the table row this call is for; undefined for a poll. */
  row: number | undefined;
  outputs: string[];
}

/**
 * Replays `table` under one schedule from one start tick.
 * @returns the problems found (empty when the policy passed) and the number of calls made.
 */
export function replayTable(table: PolicyTable, schedule: Schedule, start: number): { problems: string[]; calls: number } {
  const label = `${table.name} [${scheduleName(schedule)}, from ${start}]`;
  const problems: string[] = [];
  const store = new MapStore(table.storeAtBoot ?? {});
  if (table.held) {
    const earlier = new AlarmMemory(store, HELD_NONCE);
    for (let i = 0; i < table.held; i++) earlier.raise();
  }
  const tick = (rel: number) => ticksAdd(start, rel);
  let out: string[] = [];
  let shown: LedState | undefined;
  let now = 0;
  const outputs: CallerOutputs = {
    emit: (event, fields) => out.push(render(event, fields)),
    send: (m) => {
      if (m.kind === "heartbeat") {
        const uptime = Math.floor(now / 1000);
        if (m.uptimeS !== uptime) problems.push(`${label}: heartbeat at ${now} ms says uptime ${m.uptimeS} s, not ${uptime} s`);
        out.push(`→ heartbeat status=${m.status}`);
      } else if (m.kind === "alarm") out.push(`→ alarm ${m.incident}${m.boot === RANDOM_U32 ? "" : ` boot=${m.boot}`}`);
      else out.push(`→ ${m.kind}`);
    },
    led: (state) => {
      shown = state;
      out.push(`led ${state}`);
    },
  };
  const policy = new CallerPolicy({ store, random: () => RANDOM_U32, now: tick(0), heartbeat: { periodMs: table.heartbeatMs }, monitor: table.monitor, outputs });
  const calls: Call[] = [];
  const step = (rel: number, row: number | undefined, act: () => void) => {
    now = rel;
    out = [];
    act();
    calls.push({ rel, row, outputs: out });
    if (shown !== policy.led) problems.push(`${label}: after the call at ${rel} ms the LED shows ${shown} but the policy's state is ${policy.led}`);
  };

  const end = lastRow(table) + 3 * table.heartbeatMs;
  let nextPeriodic = schedule.kind === "periodic" ? schedule.periodMs : Infinity;
  const timerAt = (rel: number): number => {
    if (schedule.kind === "periodic") return Infinity;
    const due = rel + Math.max(0, ticksDiff(policy.nextDeadline(), tick(rel)));
    return schedule.kind === "late" ? due + schedule.lateMs : due;
  };
  step(0, 0, () => policy.start(tick(0)));
  let rel = 0;
  let next = 1;
  const rows = table.rows;
  for (let guard = 0; ; guard++) {
    if (guard > 1_000_000) {
      problems.push(`${label}: runaway (more than 10^6 calls)`);
      break;
    }
    // A `due` row is no input: the harness only polls (its outputs come from the schedule).
    while (next < rows.length && rows[next]![1] === "due") next++;
    const rowAt = next < rows.length ? rows[next]![0] : Infinity;
    const pollAt = Math.min(timerAt(rel), nextPeriodic);
    const at = Math.min(rowAt, pollAt);
    if (at > end) break;
    rel = at;
    if (rowAt === at && rowAt <= pollAt) {
      const index = next++;
      step(rel, index, () => apply(policy, store, rows[index]![1], tick, rel));
    } else {
      if (nextPeriodic === at) nextPeriodic += (schedule as { periodMs: number }).periodMs;
      step(rel, undefined, () => policy.poll(tick(rel)));
    }
  }

  // The oracle: walk the table's rows against the calls that produced something (and every input call).
  const expected = rows.map((r, i) => ({ i, t: r[0], due: r[1] === "due", outputs: r[2] }));
  const actual = calls.filter((c) => c.row !== undefined || c.outputs.length > 0);
  let j = 0;
  for (const c of actual) {
    const want = expected[j];
    if (want === undefined) {
      // The quiet tail: heartbeats only.
      if (c.rel <= lastRow(table) || c.outputs.some((o) => !o.startsWith("→ heartbeat "))) {
        problems.push(`${label}: call at ${c.rel} ms gave ${JSON.stringify(c.outputs)} after the table`);
        break;
      }
      continue;
    }
    if (want.due ? c.row !== undefined || c.rel < want.t || (schedule.kind === "exact" && c.rel !== want.t) : c.row !== want.i) {
      problems.push(`${label}: call at ${c.rel} ms (${c.row === undefined ? "poll" : `row ${c.row}`}) gave ${JSON.stringify(c.outputs)}; expected row ${want.i} at ${want.t} ms: ${JSON.stringify(want.outputs)}`);
      break;
    }
    if (JSON.stringify(c.outputs) !== JSON.stringify(want.outputs)) {
      problems.push(`${label}: row ${want.i} at ${want.t} ms (call at ${c.rel}) gave ${JSON.stringify(c.outputs)}, expected ${JSON.stringify(want.outputs)}`);
      break;
    }
    j++;
  }
  if (j < expected.length && problems.length === 0) problems.push(`${label}: rows from ${j} on never produced`);
  if (table.storePendingAfter) {
    const held = [...new AlarmMemory(store, 1).pending];
    if (JSON.stringify(held) !== JSON.stringify(table.storePendingAfter)) problems.push(`${label}: the store holds pending ${JSON.stringify(held)}, expected ${JSON.stringify(table.storePendingAfter)}`);
  }
  return { problems, calls: calls.length };
}

/** Feeds one table input to the policy, as the app's wiring would. */
function apply(policy: CallerPolicy, store: MapStore, input: TableInput, tick: (rel: number) => number, rel: number): void {
  const now = tick(rel);
  if (input === "boot") throw new Error("one boot per table, first");
  if (input === "press") policy.button(Object.freeze({ type: "press", at: now }));
  else if (input === "stuck") policy.button(Object.freeze({ type: "stuck", at: now }));
  else if (input === "stuck_cleared") policy.button(Object.freeze({ type: "stuck_cleared", at: now }));
  else if (input === "heard") policy.heard(now);
  else if (input === "due") throw new Error("a due row is not an input");
  else if (input[0] === "ack" || input[0] === "resolved") {
    const m: Message = Object.freeze({ kind: input[0] === "ack" ? "operator_ack" : "resolved", incident: input[1] });
    policy.message(m);
  } else if (input[0] === "tx") policy.attempted(message(input[1]), Object.freeze({ attempt: input[2], at: now }));
  else if (input[0] === "delivered") policy.delivered(message(input[1]), Object.freeze({ ackedAt: now, sentAt: tick(input[2]) }));
  else if (input[0] === "gave_up") policy.gaveUp(message(input[1]), Object.freeze({ reason: input[2], at: now }));
  else if (input[0] === "store") store.failWrites = input[1] === "fails";
}


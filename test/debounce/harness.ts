/**
 * The debounce test harness: it amplifies every table of vectors (STYLE rule 13, after QMK's
 * `quantum/debounce/tests/debounce_test_common.cpp`).
 *
 * A table lists raw edges (ms, fractions allowed) and the changes the debouncer must report
 * (integer ms). The harness turns edges into the calls a device makes (one `onReadable` per
 * integer ms that has edges, reading the level at the end of that ms; see docs/traces.md), then
 * replays the table under several call schedules:
 * - `exact`: a timer at every `nextDeadline()`;
 * - `late N`: every timer fires N ms late;
 * - `periodic N`: no timers, a `poll()` every N ms;
 * - `edges only`: no timers at all (time jumps from one edge to the next), then one call 500 ms
 *   after the table;
 * - `re-reads`: `exact` plus a spurious `onReadable` every 2 ms that reads the unchanged level;
 * each from tick 0, 7777, just before 2^32 so that the wrap falls in the middle of the table, and
 * 2^32 − 1; then 60 s of quiet (a poll every 7 ms) that must stay silent.
 *
 * What is reported must not depend on the schedule, only when: each change is reported by the
 * first call at or after its expected time (one change per call), and under `exact` exactly at
 * it. Every call's return value must be truthful (a returned level is the new `level`, and it
 * differs from the one before; undefined leaves `level` alone). The table and the options object
 * must come back unmodified. After the tail, nothing may be pending.
 */
import { createDebouncer, DEBOUNCE_STRATEGIES, type Debouncer, type DebounceStrategy, type Level } from "../../firmware/core/debounce/index.ts";
import { ticksAdd, ticksDiff, TICKS_MODULUS } from "../../firmware/core/ticks.ts";

/** One vector table: edges in, expected debounced changes out, per strategy. */
export interface DebounceTable {
  readonly name: string;
  /** ms, 1…1000 */
  readonly windowMs: number;
  /** raw level before the first edge (and the debouncer's initial level) */
  readonly initial: Level;
  /** raw edges: [ms from the table's start (fractions allowed), new level] */
  readonly edges: readonly (readonly [number, Level])[];
  /**
   * expected reported changes per strategy: [integer ms from the start, new level]. A strategy
   * without a row list is not replayed on the table (the tables written before `integrate`
   * existed list all three; tables about one contrast may list only the strategies compared).
   */
  readonly expect: Readonly<Partial<Record<DebounceStrategy, readonly (readonly [number, Level])[]>>>;
}

/** A call schedule (see the file comment). */
export type Schedule =
  | { kind: "exact" }
  | { kind: "late"; lateMs: number }
  | { kind: "periodic"; periodMs: number }
  | { kind: "edges only" }
  | { kind: "re-reads"; everyMs: number };

export const SCHEDULES: readonly Schedule[] = [
  { kind: "exact" },
  { kind: "late", lateMs: 1 },
  { kind: "late", lateMs: 4 },
  { kind: "late", lateMs: 45 },
  ...[1, 2, 3, 5, 7, 10, 16, 33].map((periodMs): Schedule => ({ kind: "periodic", periodMs })),
  { kind: "edges only" },
  { kind: "re-reads", everyMs: 2 },
];

const QUIET_TAIL_MS = 60_000;
const TAIL_STEP_MS = 7;
const JUMP_MS = 500;

export function scheduleName(s: Schedule): string {
  switch (s.kind) {
    case "late":
      return `late ${s.lateMs}`;
    case "periodic":
      return `periodic ${s.periodMs}`;
    case "re-reads":
      return `re-reads every ${s.everyMs}`;
    default:
      return s.kind;
  }
}

/** The start ticks every table is replayed from: 0, 7777, wrap mid-table, 2^32 − 1. */
export function startTicks(table: DebounceTable): number[] {
  const span = tableSpan(table);
  return [0, 7777, TICKS_MODULUS - Math.max(1, Math.floor(span / 2)), TICKS_MODULUS - 1];
}

/** The device's reads: per integer ms with edges, the level at the end of that ms. */
export function coalesce(edges: readonly (readonly [number, Level])[]): [number, Level][] {
  const samples: [number, Level][] = [];
  for (const [t, level] of edges) {
    const tick = Math.floor(t);
    const last = samples[samples.length - 1];
    if (last && last[0] === tick) last[1] = level;
    else samples.push([tick, level]);
  }
  return samples;
}

/** Rel. ms after which nothing in the table happens. */
function tableSpan(table: DebounceTable): number {
  let end = 0;
  for (const [t] of table.edges) end = Math.max(end, Math.floor(t));
  for (const s of DEBOUNCE_STRATEGIES) for (const [t] of table.expect[s] ?? []) end = Math.max(end, t);
  return end + 1;
}

/** Rejects tables that cannot be right: an "edge" to the current level, time going back. */
export function checkTable(table: DebounceTable): void {
  let level = table.initial;
  let last = 0;
  for (const [t, to] of table.edges) {
    if (to === level) throw new Error(`${table.name}: edge at ${t} ms to the current level ${to}`);
    if (t < last) throw new Error(`${table.name}: edge at ${t} ms goes back in time`);
    level = to;
    last = t;
  }
  for (const s of DEBOUNCE_STRATEGIES) {
    let out = table.initial;
    for (const [t, to] of table.expect[s] ?? []) {
      if (!Number.isInteger(t)) throw new Error(`${table.name}: ${s} output at ${t} is not an integer ms`);
      if (to === out) throw new Error(`${table.name}: ${s} output at ${t} repeats level ${to}`);
      out = to;
    }
  }
}

interface Call {
  rel: number;
  out: Level | undefined;
}

/**
 * Replays `table` for `strategy` under one schedule from one start tick.
 * @returns the problems found (empty when the debouncer passed) and the number of calls made.
 */
export function replayTable(
  table: DebounceTable,
  strategy: DebounceStrategy,
  schedule: Schedule,
  start: number,
): { problems: string[]; calls: number } {
  const label = `${table.name} [${strategy}, ${scheduleName(schedule)}, from ${start}]`;
  const problems: string[] = [];
  const options = { strategy, windowMs: table.windowMs, initial: table.initial };
  const optionsBefore = JSON.stringify(options);
  const debouncer: Debouncer = createDebouncer(options);
  const samples = coalesce(table.edges);
  const span = tableSpan(table);
  const end = span + (schedule.kind === "edges only" ? JUMP_MS : 0) + QUIET_TAIL_MS;
  const calls: Call[] = [];
  const expected = table.expect[strategy];
  if (expected === undefined) throw new Error(`${label}: the table has no expectation for ${strategy}`);
  let reported = 0;
  let rel = 0;
  let next = 0; // next sample
  let raw = table.initial;
  let nextReread = schedule.kind === "re-reads" ? schedule.everyMs : Infinity;
  let nextPeriodic = schedule.kind === "periodic" ? schedule.periodMs : Infinity;
  let nextTail = schedule.kind === "edges only" ? span + JUMP_MS : span;

  const tick = (r: number) => ticksAdd(start, r);
  const record = (r: number, out: Level | undefined, before: Level): boolean => {
    const after = debouncer.level;
    if (out === undefined ? after !== before : after !== out || before === out) {
      problems.push(`${label}: call at ${r} returned ${out} but level went ${before} -> ${after}`);
    }
    calls.push({ rel: r, out });
    // A change already due and not yet reported (a late call found two) must be signalled by a
    // deadline that is already reached; and a call that reports nothing must leave no such
    // deadline.
    const d = debouncer.nextDeadline();
    const dueNow = d !== undefined && ticksDiff(tick(r), d) >= 0;
    if (out !== undefined) reported++;
    const owing = reported < expected.length && expected[reported][0] <= r;
    if (owing && !dueNow) {
      problems.push(`${label}: after the call at ${r} a change due at ${expected[reported][0]} is pending but nextDeadline() is ${d}`);
      return false;
    }
    if (out === undefined && dueNow) {
      problems.push(`${label}: call at ${r} reported nothing but left a deadline already due (${d})`);
      return false;
    }
    return true;
  };
  const timerAt = (): number => {
    const d = debouncer.nextDeadline();
    if (d === undefined) return Infinity;
    const due = rel + Math.max(0, ticksDiff(d, tick(rel)));
    if (schedule.kind === "exact" || schedule.kind === "re-reads") return due;
    if (schedule.kind === "late") return due + schedule.lateMs;
    return Infinity;
  };

  for (let guard = 0; ; guard++) {
    if (guard > 1_000_000) {
      problems.push(`${label}: runaway (more than 10^6 calls)`);
      break;
    }
    const sampleAt = next < samples.length ? samples[next][0] : Infinity;
    const pollAt = Math.min(timerAt(), nextPeriodic, nextTail);
    const at = Math.min(sampleAt, nextReread, pollAt);
    if (at > end) break;
    rel = at;
    const before = debouncer.level;
    if (sampleAt === at) {
      raw = samples[next][1];
      next++;
      if (!record(at, debouncer.update(raw, tick(at)), before)) break;
    } else if (nextReread === at) {
      nextReread += (schedule as { everyMs: number }).everyMs;
      if (nextReread > span) nextReread = Infinity; // the quiet tail has its own polls
      if (!record(at, debouncer.update(raw, tick(at)), before)) break;
    } else {
      if (nextPeriodic === at) {
        nextPeriodic += (schedule as { periodMs: number }).periodMs;
        if (nextPeriodic > span) nextPeriodic = Infinity; // the quiet tail has its own polls
      }
      if (nextTail === at) nextTail += TAIL_STEP_MS;
      if (!record(at, debouncer.poll(tick(at)), before)) break;
    }
  }

  // The oracle: each expected change is reported by the first call at or after its time.
  let j = 0;
  for (const c of calls) {
    const want = j < expected.length && c.rel >= expected[j][0] ? expected[j++][1] : undefined;
    if (c.out !== want) {
      problems.push(`${label}: call at ${c.rel} ms returned ${c.out}, expected ${want}`);
      break;
    }
  }
  if (j < expected.length) problems.push(`${label}: ${expected.length - j} expected change(s) never reported`);
  if (schedule.kind === "exact") {
    const reported = calls.filter((c) => c.out !== undefined).map((c) => [c.rel, c.out]);
    if (JSON.stringify(reported) !== JSON.stringify(expected)) {
      problems.push(`${label}: reported ${JSON.stringify(reported)}, expected exactly ${JSON.stringify(expected)}`);
    }
  }
  if (debouncer.nextDeadline() !== undefined) problems.push(`${label}: still pending after the quiet tail`);
  if (JSON.stringify(options) !== optionsBefore) problems.push(`${label}: options object was modified`);
  return { problems, calls: calls.length };
}

/** Deep-freezes a table, so that any attempt to modify it throws (ES modules are strict). */
export function freezeTable<T extends DebounceTable>(table: T): T {
  for (const e of table.edges) Object.freeze(e);
  for (const s of DEBOUNCE_STRATEGIES) {
    for (const e of table.expect[s] ?? []) Object.freeze(e);
    Object.freeze(table.expect[s]);
  }
  Object.freeze(table.edges);
  Object.freeze(table.expect);
  return Object.freeze(table);
}

/** One call of `runExact`: its time (ms from the start), the raw level read (if a sample), what it returned. */
export interface ExactCall {
  rel: number;
  raw: Level | undefined;
  out: Level | undefined;
  level: Level;
}

/**
 * Drives a debouncer the way the device does, with a timer at every deadline (no lateness):
 * the reads of `edges` (coalesced per ms), then deadlines until nothing is pending.
 */
export function runExact(
  edges: readonly (readonly [number, Level])[],
  strategy: DebounceStrategy,
  windowMs: number,
  initial: Level,
  start: number,
): ExactCall[] {
  const debouncer = createDebouncer({ strategy, windowMs, initial });
  const samples = coalesce(edges);
  const calls: ExactCall[] = [];
  let rel = 0;
  let next = 0;
  for (let guard = 0; guard < 1_000_000; guard++) {
    const d = debouncer.nextDeadline();
    const timer = d === undefined ? Infinity : rel + Math.max(0, ticksDiff(d, ticksAdd(start, rel)));
    const sampleAt = next < samples.length ? samples[next][0] : Infinity;
    if (sampleAt === Infinity && timer === Infinity) break;
    if (sampleAt <= timer) {
      rel = sampleAt;
      const raw = samples[next++][1];
      const out = debouncer.update(raw, ticksAdd(start, rel));
      calls.push({ rel, raw, out, level: debouncer.level });
    } else {
      rel = timer;
      const out = debouncer.poll(ticksAdd(start, rel));
      calls.push({ rel, raw: undefined, out, level: debouncer.level });
    }
  }
  return calls;
}

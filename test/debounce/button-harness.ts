/**
 * A harness for `ButtonInput` tables: edges in (ms, fractions allowed), events out. Replays a
 * table with exact timers (events must come exactly at their expected ticks) and with late or
 * periodic timers (the same events in the same order, never early), from several start ticks
 * including one that puts the 2^32 wrap in the middle of the table, then checks that 60 s of
 * quiet after the table add nothing but what the table expects after it.
 */
import { ButtonInput, type ButtonEvent, type ButtonInputOptions } from "../../firmware/core/press.ts";
import type { Level } from "../../firmware/core/debounce/index.ts";
import { ticksAdd, ticksDiff, TICKS_MODULUS } from "../../firmware/core/ticks.ts";
import { coalesce } from "./harness.ts";

export interface ButtonTable {
  readonly name: string;
  readonly options: Omit<ButtonInputOptions, "now">;
  /** give the constructor `now` = the start tick (else the button learns time at the first call) */
  readonly bootNow?: boolean;
  readonly edges: readonly (readonly [number, Level])[];
  /** [ms from the start, event type] */
  readonly expect: readonly (readonly [number, ButtonEvent["type"]])[];
}

export type ButtonSchedule = { kind: "exact" } | { kind: "late"; lateMs: number } | { kind: "periodic"; periodMs: number };

export const BUTTON_SCHEDULES: readonly ButtonSchedule[] = [
  { kind: "exact" },
  { kind: "late", lateMs: 1 },
  { kind: "late", lateMs: 4 },
  { kind: "periodic", periodMs: 1 },
  { kind: "periodic", periodMs: 10 },
];

const QUIET_TAIL_MS = 60_000;

export function buttonStarts(table: ButtonTable): number[] {
  const span = Math.max(...table.edges.map(([t]) => Math.floor(t)), ...table.expect.map(([t]) => t), 1);
  return [0, 7777, TICKS_MODULUS - Math.floor(span / 2), TICKS_MODULUS - 1];
}

/** Replays one table; returns the events seen as [ms from start, type] and any contract breaches. */
export function replayButton(
  table: ButtonTable,
  schedule: ButtonSchedule,
  start: number,
): { events: [number, ButtonEvent["type"]][]; problems: string[] } {
  const label = `${table.name} [${schedule.kind} ${"lateMs" in schedule ? schedule.lateMs : "periodMs" in schedule ? schedule.periodMs : ""}, from ${start}]`;
  const options: ButtonInputOptions = { ...table.options, ...(table.bootNow ? { now: start } : {}) };
  const snapshot = JSON.stringify(options);
  const button = new ButtonInput(options);
  const samples = coalesce(table.edges);
  const span = Math.max(...table.edges.map(([t]) => Math.floor(t)), ...table.expect.map(([t]) => t), 0) + 1;
  const end = span + QUIET_TAIL_MS;
  const events: [number, ButtonEvent["type"]][] = [];
  const problems: string[] = [];
  let rel = 0;
  let next = 0;
  let nextPeriodic = schedule.kind === "periodic" ? 0 : Infinity;
  const tick = (r: number) => ticksAdd(start, r);
  const take = (r: number, out: ButtonEvent[]) => {
    for (const e of out) {
      if (e.at !== tick(r)) problems.push(`${label}: event ${e.type} at tick ${e.at} from a call at ${tick(r)}`);
      events.push([r, e.type]);
    }
    const d = button.nextDeadline();
    if (d !== undefined && ticksDiff(tick(r), d) >= 0) problems.push(`${label}: after the call at ${r}, a deadline (${d}) is already due`);
  };
  for (let guard = 0; guard < 2_000_000; guard++) {
    const d = button.nextDeadline();
    let timer = Infinity;
    if (d !== undefined && schedule.kind !== "periodic") {
      timer = rel + Math.max(0, ticksDiff(d, tick(rel))) + (schedule.kind === "late" ? schedule.lateMs : 0);
    }
    const sampleAt = next < samples.length ? samples[next][0] : Infinity;
    const at = Math.min(sampleAt, timer, nextPeriodic);
    if (at > end) break;
    rel = at;
    if (sampleAt === at) take(at, button.sample(samples[next++][1], tick(at)));
    else {
      if (nextPeriodic === at) nextPeriodic += (schedule as { periodMs: number }).periodMs;
      take(at, button.poll(tick(at)));
    }
  }
  if (JSON.stringify(options) !== snapshot) problems.push(`${label}: options object was modified`);
  if (button.nextDeadline() !== undefined) problems.push(`${label}: still pending after the quiet tail`);
  return { events, problems };
}

/** Runs every schedule and start; returns all problems (empty = pass). */
export function checkButtonTable(table: ButtonTable): { problems: string[]; runs: number } {
  const problems: string[] = [];
  let runs = 0;
  for (const schedule of BUTTON_SCHEDULES) {
    for (const start of buttonStarts(table)) {
      runs++;
      const run = replayButton(table, schedule, start);
      problems.push(...run.problems);
      const label = `${table.name} [${JSON.stringify(schedule)}, from ${start}]`;
      if (schedule.kind === "exact") {
        if (JSON.stringify(run.events) !== JSON.stringify(table.expect)) {
          problems.push(`${label}: got ${JSON.stringify(run.events)}, expected ${JSON.stringify(table.expect)}`);
        }
      } else {
        const types = run.events.map(([, type]) => type);
        if (JSON.stringify(types) !== JSON.stringify(table.expect.map(([, type]) => type))) {
          problems.push(`${label}: got ${JSON.stringify(run.events)}, expected the events of ${JSON.stringify(table.expect)}`);
        } else {
          run.events.forEach(([t], i) => {
            if (t < table.expect[i][0]) problems.push(`${label}: event ${i} at ${t}, earlier than ${table.expect[i][0]}`);
          });
        }
      }
    }
  }
  return { problems, runs };
}

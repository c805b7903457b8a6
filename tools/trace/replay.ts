/**
 * Replays a recorded signal through the debouncer (or the whole `ButtonInput`) exactly as the
 * device would see it.
 *
 * The device model is the simulator's, not a copy of it (docs/traces.md §Replay): the trace's
 * edges drive the simulator's own input pin (`tools/sim/pins.ts` `InputPin`: `onReadable`
 * queued `inputLatencyUs` after an edge when none is pending, edges before it coalesced, the
 * level read when it runs), on the simulator's event queue, with the device's tick counter
 * (`tools/sim/device-clock.ts`: `startTicks` at t = 0, whole ms) and the app's deadline timer
 * (`firmware/stack/deadline-timer.ts` on `tools/sim/scheduler.ts`). Edge times are rounded to
 * the µs as a scenario's trace input rounds them (`traceTimeUs`). So `bell trace debounce
 * --events` and `bell sim` give the same press times for the same input
 * (`test/trace/trace-replay-and-sim-give-the-same-press-times.test.ts`).
 *
 * After the capture ends the input stays at its last level; the replay runs to the end of the
 * capture and on, as long as the debounce window (and hold-to-trigger) needs to settle a change
 * made at the very end. A stuck timer is reported only if the capture is long enough.
 *
 * Times in the results are ms from the trace's start (the device's ticks − `startTicks`).
 */
import { checkDebouncerOptions, createDebouncer, type DebounceOptions } from "../../firmware/core/debounce/index.ts";
import { ButtonInput, BUTTON_DEFAULTS, type ButtonEvent } from "../../firmware/core/press.ts";
import { checkTicks, type Ticks } from "../../firmware/core/ticks.ts";
import { DeadlineTimer } from "../../firmware/stack/deadline-timer.ts";
import { EventQueue } from "../sim/clock.ts";
import { DeviceClock } from "../sim/device-clock.ts";
import { InputPin, PINS_DEFAULTS } from "../sim/pins.ts";
import { RunLoop } from "../sim/run-loop.ts";
import { SimScheduler } from "../sim/scheduler.ts";
import { levelAfter, traceTimeUs, type Level, type TraceSignal } from "./trace.ts";

export interface ReplayOptions {
  /** debounce strategy and window (partial: the rest from `DEBOUNCE_DEFAULTS`); default defer, 30 ms */
  debounce: Partial<DebounceOptions>;
  /** true (default): pressed = level 0 */
  activeLow: boolean;
  /** the device's tick at t = 0, 0 … 2^32 − 1; default 0 */
  startTicks: Ticks;
  /** hold-to-trigger, ms (events only); default 0 */
  holdMs: number;
  /** stuck-button time, ms (events only); default 30000 */
  stuckMs: number;
  /**
   * edge → `onReadable` latency, integer µs ≥ 0; default `PINS_DEFAULTS.inputLatencyUs` (100),
   * the simulator's default (a scenario device's `input_latency_us`)
   */
  inputLatencyUs: number;
}

export const REPLAY_DEFAULTS: ReplayOptions = Object.freeze({
  debounce: BUTTON_DEFAULTS.debounce,
  activeLow: BUTTON_DEFAULTS.activeLow,
  startTicks: 0,
  holdMs: BUTTON_DEFAULTS.holdMs,
  stuckMs: BUTTON_DEFAULTS.stuckMs,
  inputLatencyUs: PINS_DEFAULTS.inputLatencyUs,
});

/** A debounced transition: `t` ms after the trace's start, the tick the debouncer reported it. */
export interface Transition {
  t: number;
  pressed: boolean;
}

/** A `ButtonInput` event, `t` ms after the trace's start. */
export interface ReplayEvent {
  t: number;
  event: ButtonEvent["type"];
}

/** What a replay saw, besides its results. */
export interface ReplayStats {
  /** edges in the signal */
  edges: number;
  /** `onReadable` callbacks (each reads the level once) */
  reads: number;
}

/** The three calls of a passive core state machine, whatever it reports. */
interface Target {
  sample(level: Level, now: Ticks, rel: number): void;
  poll(now: Ticks, rel: number): void;
  nextDeadline(): Ticks | undefined;
}

/**
 * Drives `target` as the device's app drives its button: the signal's edges on the simulator's
 * input pin, one `sample` per `onReadable`, one `poll` per timer at `nextDeadline()`, up to
 * `untilMs` (ms after the trace's start; every tick up to it, inclusive, is played).
 * @throws RangeError naming `inputLatencyUs` when it is not an integer ≥ 0.
 */
function drive(signal: TraceSignal, startTicks: Ticks, inputLatencyUs: number, untilMs: number, target: Target): ReplayStats {
  if (!Number.isInteger(inputLatencyUs) || inputLatencyUs < 0) {
    throw new RangeError(`inputLatencyUs: must be an integer number of µs ≥ 0, got ${String(inputLatencyUs)}`);
  }
  const queue = new EventQueue();
  const loop = new RunLoop(queue, (callback) => callback());
  const clock = new DeviceClock({ queue, startTicks, poweredUpAtUs: 0 });
  const pin = new InputPin(signal.name, inputLatencyUs);
  pin.drive(signal.initial, undefined); // the level before t = 0: no edge anyone hears
  const rel = () => Math.floor(queue.nowUs / 1000);
  const timer = new DeadlineTimer({
    clock,
    scheduler: new SimScheduler(loop),
    nextDeadline: () => target.nextDeadline(),
    onDue: (now) => target.poll(now, rel()),
  });
  let reads = 0;
  const input = pin.open(() => {
    reads++;
    target.sample(input.read(), clock.now(), rel());
    timer.rearm();
  });
  const times = signal.times;
  for (let i = 0; i < times.length; i++) {
    const level = levelAfter(signal, i);
    queue.at(traceTimeUs(times[i]!), () => pin.drive(level, loop));
  }
  timer.rearm();
  queue.runUntil((Math.floor(untilMs) + 1) * 1000 - 1);
  return { edges: times.length, reads };
}

/** ms after the start until which a replay runs: the capture's end, or the settling of its last change. */
function replayEnd(signal: TraceSignal, endMs: number, settleMs: number): number {
  // + 1: the last read comes up to the input latency (≤ 1 ms by default) after the last edge
  const last = signal.times.length ? Math.floor(signal.times[signal.times.length - 1]!) + 1 : 0;
  return Math.max(endMs, last + settleMs);
}

/**
 * Replays `signal` through a debouncer and returns its transitions (pressed / released).
 * @param endMs the end of the capture (`Trace.endMs`).
 * @throws RangeError for bad options, naming the field (`debounce.windowMs`, `startTicks`, …).
 */
export function replayTransitions(
  signal: TraceSignal,
  endMs: number,
  options: Partial<ReplayOptions> = {},
): { transitions: Transition[]; stats: ReplayStats } {
  const o = { ...REPLAY_DEFAULTS, ...options };
  const debounce = checkDebouncerOptions({ ...o.debounce, initial: signal.initial }, "debounce.");
  checkTicks(o.startTicks, "startTicks");
  const debouncer = createDebouncer(debounce);
  const pressedLevel: Level = o.activeLow ? 0 : 1;
  const transitions: Transition[] = [];
  const stats = drive(signal, o.startTicks, o.inputLatencyUs, replayEnd(signal, endMs, debounce.windowMs), {
    sample(level, now, rel) {
      const c = debouncer.update(level, now);
      if (c !== undefined) transitions.push({ t: rel, pressed: c === pressedLevel });
    },
    poll(now, rel) {
      const c = debouncer.poll(now);
      if (c !== undefined) transitions.push({ t: rel, pressed: c === pressedLevel });
    },
    nextDeadline: () => debouncer.nextDeadline(),
  });
  return { transitions, stats };
}

/**
 * Replays `signal` through a `ButtonInput` (debounce, hold-to-trigger, stuck detection) built
 * at the trace's start with the signal's initial level, and returns its events.
 * @param endMs the end of the capture (`Trace.endMs`).
 * @throws RangeError / TypeError for bad options (from `ButtonInput`), naming the field.
 */
export function replayEvents(
  signal: TraceSignal,
  endMs: number,
  options: Partial<ReplayOptions> = {},
): { events: ReplayEvent[]; stats: ReplayStats } {
  const o = { ...REPLAY_DEFAULTS, ...options };
  const button = new ButtonInput({
    debounce: o.debounce,
    holdMs: o.holdMs,
    stuckMs: o.stuckMs,
    activeLow: o.activeLow,
    initial: signal.initial,
    now: o.startTicks,
  });
  const events: ReplayEvent[] = [];
  const take = (list: ButtonEvent[], rel: number) => {
    for (const e of list) events.push({ t: rel, event: e.type });
  };
  const stats = drive(signal, o.startTicks, o.inputLatencyUs, replayEnd(signal, endMs, button.options.debounce.windowMs + button.options.holdMs), {
    sample: (level, now, rel) => take(button.sample(level, now), rel),
    poll: (now, rel) => take(button.poll(now), rel),
    nextDeadline: () => button.nextDeadline(),
  });
  return { events, stats };
}

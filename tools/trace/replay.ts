/**
 * Replays a recorded signal through the debouncer (or the whole `ButtonInput`) exactly as the
 * device would see it.
 *
 * The device model (docs/traces.md §Replay):
 * - The device's tick counter reads `startTicks` at the trace's t = 0 and counts whole ms.
 * - Every edge raises `onReadable`; edges before the callback runs are coalesced (Moddable
 *   `embedded:io/digital`), and the callback reads the level then. Modelled as: one callback
 *   per integer ms that holds at least one edge, at tick `startTicks + floor(t)`, reading the
 *   level at the end of that ms (after its last edge). A pulse that starts and ends within one
 *   ms is invisible, as it is to a device whose callback runs after it.
 * - The app's timer fires exactly at `nextDeadline()`.
 * - After the capture ends the input stays at its last level; the replay runs to the end of the
 *   capture and on, as long as the debounce window (and hold-to-trigger) needs to settle a
 *   change made at the very end. A stuck timer is reported only if the capture is long enough.
 *
 * Times in the results are ms from the trace's start (ticks − `startTicks`, wrap-safe).
 * No allocation per read beyond the results: a capture of tens of thousands of edges replays in
 * milliseconds.
 */
import { checkDebouncerOptions, createDebouncer, type DebounceOptions } from "../../firmware/core/debounce/index.ts";
import { checkTicks } from "../../firmware/core/debounce/types.ts";
import { ButtonInput, BUTTON_DEFAULTS, type ButtonEvent } from "../../firmware/core/press.ts";
import { ticksAdd, ticksDiff, type Ticks } from "../../firmware/core/ticks.ts";
import { levelAfter, type Level, type TraceSignal } from "./trace.ts";

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
}

export const REPLAY_DEFAULTS: ReplayOptions = Object.freeze({
  debounce: BUTTON_DEFAULTS.debounce,
  activeLow: BUTTON_DEFAULTS.activeLow,
  startTicks: 0,
  holdMs: BUTTON_DEFAULTS.holdMs,
  stuckMs: BUTTON_DEFAULTS.stuckMs,
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
  /** `onReadable` callbacks (integer ms holding edges) */
  reads: number;
}

/** The three calls of a passive core state machine, whatever it reports. */
interface Target {
  sample(level: Level, now: Ticks, rel: number): void;
  poll(now: Ticks, rel: number): void;
  nextDeadline(): Ticks | undefined;
}

/**
 * Drives `target` with the reads of `signal` and its own deadlines, up to `untilMs` (ms after
 * the trace's start, inclusive).
 */
function drive(signal: TraceSignal, startTicks: Ticks, untilMs: number, target: Target): ReplayStats {
  const times = signal.times;
  const n = times.length;
  let rel = 0;
  let reads = 0;
  const timersBefore = (limit: number) => {
    for (;;) {
      const d = target.nextDeadline();
      if (d === undefined) return;
      const at = rel + Math.max(0, ticksDiff(d, ticksAdd(startTicks, rel)));
      if (at >= limit) return;
      rel = at;
      target.poll(ticksAdd(startTicks, rel), rel);
    }
  };
  let i = 0;
  while (i < n) {
    const ms = Math.floor(times[i]);
    let j = i;
    while (j + 1 < n && times[j + 1] < ms + 1) j++;
    timersBefore(ms);
    rel = ms;
    target.sample(levelAfter(signal, j), ticksAdd(startTicks, ms), ms);
    reads++;
    i = j + 1;
  }
  timersBefore(Math.floor(untilMs) + 1);
  return { edges: n, reads };
}

/** ms after the start until which a replay runs: the capture's end, or the settling of its last change. */
function replayEnd(signal: TraceSignal, endMs: number, settleMs: number): number {
  const last = signal.times.length ? Math.floor(signal.times[signal.times.length - 1]) : 0;
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
  const stats = drive(signal, o.startTicks, replayEnd(signal, endMs, debounce.windowMs), {
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
  const stats = drive(signal, o.startTicks, replayEnd(signal, endMs, button.options.debounce.windowMs + button.options.holdMs), {
    sample: (level, now, rel) => take(button.sample(level, now), rel),
    poll: (now, rel) => take(button.poll(now), rel),
    nextDeadline: () => button.nextDeadline(),
  });
  return { events, stats };
}

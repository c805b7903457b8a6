/**
 * Ground truth for recorded button input (trace fixtures, real captures), from the contracts
 * rather than from the code under test:
 *
 * - debounce (`firmware/core/debounce/README.md`, defer): the output takes a level once the
 *   input has held it for the window;
 * - hold-to-trigger (`firmware/core/press.ts`): a debounced press gives one `press` once it has
 *   lasted the hold.
 *
 * `idealPresses` runs both contracts in continuous time on the recorded edges (µs). The device
 * differs only by its quantisation — it reads the pin 100 µs after an edge and counts whole-ms
 * ticks — so the truth comes in two bounds: with the window 1.5 ms shorter and the hold 3 ms
 * shorter (`lenient`: every press the device may give) and with both longer (`strict`: every
 * press it must give). A recording judged against them has no room for argument: a press
 * outside the lenient set is false, a strict press the device did not give is missed.
 */

/** A debounced press: it starts (debounced) at `fromUs` and is released (debounced) at `toUs`. */
export interface DebouncedPress {
  fromUs: number;
  toUs: number;
}

/** Margins of the two bounds, µs. */
export const TRUTH_MARGINS_US = Object.freeze({ window: 1500, hold: 3000 });

/**
 * The debounced pressed intervals of `edges` under an ideal defer debouncer (continuous time).
 * @param edges `[µs, level]`, in time order, the first giving the initial level (as
 *   `readTraceEdges` returns them); active-low: 0 is pressed.
 * @param windowUs the debounce window, µs (> 0).
 * @param endUs where the recording ends (a level still held then is judged up to here).
 */
export function idealDebounce(edges: ReadonlyArray<readonly [number, 0 | 1]>, windowUs: number, endUs: number): DebouncedPress[] {
  if (!(windowUs > 0)) throw new RangeError(`windowUs must be > 0, got ${windowUs}`);
  const out: DebouncedPress[] = [];
  let raw: 0 | 1 = edges.length ? edges[0]![1] : 1;
  let since = edges.length ? edges[0]![0] : 0;
  const state = { debounced: 1 as 0 | 1, pressedAt: 0 };
  const settle = (untilUs: number) => {
    // The raw level held from `since` to `untilUs`: the output follows once it held the window.
    if (raw !== state.debounced && untilUs - since >= windowUs) {
      const at = since + windowUs;
      state.debounced = raw;
      if (raw === 0) state.pressedAt = at;
      else out.push({ fromUs: state.pressedAt, toUs: at });
    }
  };
  for (let i = 1; i < edges.length; i++) {
    const [t, level] = edges[i]!;
    if (level === raw) continue;
    settle(t);
    raw = level;
    since = t;
  }
  settle(Math.max(endUs, since));
  if (state.debounced === 0) out.push({ fromUs: state.pressedAt, toUs: Math.max(endUs, state.pressedAt) });
  return out;
}

/** Presses an ideal device gives: debounced presses lasting at least the hold. */
export function idealPresses(edges: ReadonlyArray<readonly [number, 0 | 1]>, windowUs: number, holdUs: number, endUs: number): DebouncedPress[] {
  return idealDebounce(edges, windowUs, endUs).filter((p) => p.toUs - p.fromUs >= holdUs);
}

/** A recording judged against the contracts. */
export interface RecordedVerdict {
  /** Presses the device must give (strict bound). */
  required: number;
  /** Presses the device may give (lenient bound). */
  allowed: number;
  /** Strict presses with no device press. */
  missed: number;
  /** Device presses outside every lenient press, or a second one inside one. */
  extra: number;
}

/**
 * Judges the device's press times against the contracts.
 * @param pressesMs the device's `press` events, ms from the recording's start.
 */
export function judgeRecording(
  edges: ReadonlyArray<readonly [number, 0 | 1]>,
  windowMs: number,
  holdMs: number,
  endUs: number,
  pressesMs: readonly number[],
): RecordedVerdict {
  const m = TRUTH_MARGINS_US;
  const lenient = idealPresses(edges, windowMs * 1000 - m.window, Math.max(0, holdMs * 1000 - m.hold), endUs);
  const strict = idealPresses(edges, windowMs * 1000 + m.window, holdMs * 1000 + m.hold, endUs);
  // A press is given `hold` after its debounced start, give or take the margins and a ms tick.
  const slackUs = m.window + m.hold + 1000;
  const hits = new Array<number>(lenient.length).fill(0);
  let extra = 0;
  for (const p of pressesMs) {
    const us = p * 1000;
    const i = lenient.findIndex((l) => Math.abs(us - (l.fromUs + holdMs * 1000)) <= slackUs);
    if (i < 0) extra++;
    else if (++hits[i]! > 1) extra++;
  }
  // A strict press is given if a lenient press overlapping it was (a shorter window may split it).
  let missed = 0;
  for (const s of strict) {
    const given = lenient.some((l, i) => hits[i]! > 0 && l.fromUs < s.toUs && l.toUs > s.fromUs);
    if (!given) missed++;
  }
  return { required: strict.length, allowed: lenient.length, missed, extra };
}

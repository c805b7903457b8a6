/**
 * The in-memory shape of a signal trace, shared by every reader and writer (docs/traces.md).
 *
 * A trace is one or more digital signals sampled from a common start (t = 0) to an end. Times
 * are milliseconds from the start, fractions allowed (a logic analyzer at 8 MHz resolves
 * 0.000125 ms). Each signal keeps its initial level and the times of its changes; changes
 * alternate, so the level after change `i` is the initial level flipped `i + 1` times.
 */
import type { Level } from "../../firmware/core/debounce/types.ts";

export type { Level };

export interface TraceSignal {
  /** the signal's name as the file gives it (VCD `$var` reference, sigrok `probeN`, JSONL `signal`) */
  readonly name: string;
  /** level from t = 0 until the first change */
  readonly initial: Level;
  /** times of the changes, ms from the start, strictly increasing */
  readonly times: Float64Array;
}

export interface Trace {
  /** where it came from (a file path), for messages */
  readonly source: string;
  readonly signals: readonly TraceSignal[];
  /** end of the capture, ms from the start (at or after every change) */
  readonly endMs: number;
}

/** The signal name given to JSONL lines without `"signal"` and used as the CSV column `level`. */
export const DEFAULT_SIGNAL = "level";

/**
 * A trace time as the simulator plays it: ms (fractions allowed) → integer µs, rounded to the
 * nearest. One definition for the simulator's trace inputs (`tools/sim/trace-input.ts`) and the
 * replay (`replay.ts`), so both put every edge on the same µs.
 */
export function traceTimeUs(ms: number): number {
  return Math.round(ms * 1000);
}

/** The level of `signal` after its change number `index` (0-based); `initial` for index −1. */
export function levelAfter(signal: TraceSignal, index: number): Level {
  return ((index & 1) === 0 ? 1 - signal.initial : signal.initial) as Level;
}

/**
 * Collects one signal's records in time order into changes. A record that repeats the current
 * level is not a change; two records at the same time: the later wins (a zero-width pulse
 * vanishes), as in VCD, where the last value at a time stamp is the value.
 */
export class SignalBuilder {
  private times: number[] = [];
  private level: Level | undefined;
  private initial: Level | undefined;

  constructor(readonly name: string) {}

  /** Whether any record has been added. */
  get started(): boolean {
    return this.initial !== undefined;
  }

  /** Time of the last change, or undefined. */
  get lastTime(): number | undefined {
    return this.times.length ? this.times[this.times.length - 1] : undefined;
  }

  /**
   * Adds the record "level is `level` from `t` on". The first record gives the initial level.
   * @param t ms, at or after the previous record's time (the caller checks and reports).
   */
  add(t: number, level: Level): void {
    if (this.initial === undefined) {
      this.initial = level;
      this.level = level;
      return;
    }
    if (level === this.level) return;
    const n = this.times.length;
    if (n > 0 && this.times[n - 1] === t) {
      this.times.pop();
    } else if (n === 0 && t === 0) {
      // a change at t = 0 replaces the initial level
      this.initial = level;
      this.level = level;
      return;
    } else {
      this.times.push(t);
    }
    this.level = level;
  }

  /** The finished signal; undefined if no record was ever added. */
  build(): TraceSignal | undefined {
    if (this.initial === undefined) return undefined;
    return { name: this.name, initial: this.initial, times: Float64Array.from(this.times) };
  }
}

/** Every change of every signal, in time order; at equal times, in signal order. */
export function* mergeChanges(trace: Trace): Generator<{ signal: TraceSignal; index: number }> {
  const next = trace.signals.map(() => 0);
  for (;;) {
    let best = -1;
    for (let k = 0; k < trace.signals.length; k++) {
      const s = trace.signals[k];
      if (next[k] < s.times.length && (best < 0 || s.times[next[k]] < trace.signals[best].times[next[best]])) best = k;
    }
    if (best < 0) return;
    yield { signal: trace.signals[best], index: next[best]++ };
  }
}

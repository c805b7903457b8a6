/**
 * `defer` debouncing: a change is reported only once the raw level has been stable for the
 * whole window. The QMK name of the same idea is `sym_defer_pk` (`quantum/debounce/readme.md`:
 * "report the change only after the key has been stable for DEBOUNCE ms"); this one keeps its
 * state in the instance and its time in `Ticks`.
 *
 * Guarantee: a level is reported only if the raw input read that level at some tick `s` and
 * read nothing else from `s` until `s + windowMs` (inclusive: a level held exactly `windowMs`
 * passes). So any pulse shorter than the window, however often it repeats, never passes, and a
 * real change is reported `windowMs` after its last bounce. Cost: that much added latency.
 */
import { ticksAdd, ticksDiff, type Ticks } from "../ticks.ts";
import { checkVariantOptions, type Debouncer, type DebouncerOptions, type Level } from "./types.ts";

export class DeferDebouncer implements Debouncer {
  /** This algorithm's coordinate on the debounce axis (README.md). */
  static readonly strategy = "defer";
  /** The window in ms (1…1000). */
  readonly windowMs: number;
  private current: Level;
  /** The last raw level read. */
  private raw: Level;
  /** The tick at which `raw` was first read; meaningful while `raw !== current`. */
  private since: Ticks = 0;

  /**
   * @param options `windowMs` (ms, integer 1…1000, default 30), `initial` (raw level at
   *   construction, default 1); `strategy`, if given, must be "defer".
   * @throws RangeError naming the field (`strategy`, `windowMs`, `initial`); TypeError for a
   *   non-numeric `windowMs`.
   */
  constructor(options?: Partial<DebouncerOptions>) {
    const checked = checkVariantOptions(options, DeferDebouncer.strategy, "DeferDebouncer");
    this.windowMs = checked.windowMs;
    this.current = checked.initial;
    this.raw = checked.initial;
  }

  get level(): Level {
    return this.current;
  }

  update(raw: Level, now: Ticks): Level | undefined {
    const change = this.poll(now);
    if (raw !== this.raw) {
      this.raw = raw;
      this.since = now;
    }
    return change;
  }

  poll(now: Ticks): Level | undefined {
    if (this.raw === this.current) return undefined;
    const elapsed = ticksDiff(now, this.since);
    // A negative elapsed time can only mean more than 2^31 ms passed without a call (the tick
    // counter lapped the sample): the level has then been stable far longer than the window.
    if (elapsed >= this.windowMs || elapsed < 0) {
      this.current = this.raw;
      return this.current;
    }
    return undefined;
  }

  nextDeadline(): Ticks | undefined {
    return this.raw === this.current ? undefined : ticksAdd(this.since, this.windowMs);
  }
}

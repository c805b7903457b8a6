/**
 * `eager` debouncing: the first edge is reported at once, then the input is ignored for the
 * window; at the window's end the level is reported if it differs from the last report (and a
 * new window starts). The QMK name of the same idea is `sym_eager_pk`
 * (`quantum/debounce/readme.md`: "report the change immediately, then ignore further changes
 * for DEBOUNCE ms").
 *
 * Guarantees: no added latency for the first edge of a quiet input; reported changes are at
 * least `windowMs` apart; the level reported at a window's end is the level read last before it.
 * No noise immunity: a single spike is reported (use `defer` for inputs that pick up
 * interference).
 *
 * The windows are placed on the input's own timeline (a window that ends at tick E starts the
 * next one at E, even if the call that notices it comes later), so what is reported does not
 * depend on how late the app's timer fires, only when. If one late call finds two changes due,
 * it returns the first and `nextDeadline()` returns a tick already reached, so the second is
 * returned by the next `poll()`: no change is ever lost.
 */
import { ticksAdd, ticksDiff, type Ticks } from "../ticks.ts";
import { checkVariantOptions, type Debouncer, type DebouncerOptions, type Level } from "./types.ts";

export class EagerDebouncer implements Debouncer {
  /** This algorithm's coordinate on the debounce axis (README.md). */
  static readonly strategy = "eager";
  /** The window in ms (1…1000). */
  readonly windowMs: number;
  /** The level last returned. */
  private current: Level;
  /** The level on the input's own timeline; differs from `current` while `owed` is odd. */
  private logical: Level;
  /** Changes of `logical` not yet returned (they alternate, so a count is enough). */
  private owed = 0;
  /** The last raw level read. */
  private raw: Level;
  private locked = false;
  /** Start of the current window (meaningful while `locked`). */
  private lockStart: Ticks = 0;
  /** The tick of the last call, the deadline while a change is owed. */
  private lastNow: Ticks = 0;

  /**
   * @param options `windowMs` (ms, integer 1…1000, default 30), `initial` (raw level at
   *   construction, default 1); `strategy`, if given, must be "eager".
   * @throws RangeError naming the field (`strategy`, `windowMs`, `initial`); TypeError for a
   *   non-numeric `windowMs`.
   */
  constructor(options?: Partial<DebouncerOptions>) {
    const checked = checkVariantOptions(options, EagerDebouncer.strategy, "EagerDebouncer");
    this.windowMs = checked.windowMs;
    this.current = checked.initial;
    this.logical = checked.initial;
    this.raw = checked.initial;
  }

  get level(): Level {
    return this.current;
  }

  update(raw: Level, now: Ticks): Level | undefined {
    this.advance(now);
    this.raw = raw;
    if (!this.locked && raw !== this.logical) {
      this.logical = raw;
      this.owed++;
      this.locked = true;
      this.lockStart = now;
    }
    return this.report(now);
  }

  poll(now: Ticks): Level | undefined {
    this.advance(now);
    return this.report(now);
  }

  nextDeadline(): Ticks | undefined {
    if (this.owed > 0) return this.lastNow;
    if (this.locked && this.raw !== this.logical) return ticksAdd(this.lockStart, this.windowMs);
    return undefined;
  }

  /** Ends the window if it is over at `now` (before a sample read at `now` is taken). */
  private advance(now: Ticks): void {
    if (!this.locked) return;
    const elapsed = ticksDiff(now, this.lockStart);
    if (elapsed >= 0 && elapsed < this.windowMs) return;
    if (this.raw === this.logical) {
      this.locked = false;
      return;
    }
    // The window ended with the input at another level: that level is reported as of the
    // window's end, which starts the next window.
    this.logical = this.raw;
    this.owed++;
    if (elapsed < 0) {
      // More than 2^31 ms without a call: the window ended long ago, and so did the next one.
      this.locked = false;
      return;
    }
    this.lockStart = ticksAdd(this.lockStart, this.windowMs);
    // The input has not changed since, so if the next window is over too, nothing more is due.
    if (ticksDiff(now, this.lockStart) >= this.windowMs) this.locked = false;
  }

  private report(now: Ticks): Level | undefined {
    this.lastNow = now;
    if (this.owed === 0) return undefined;
    this.owed--;
    this.current = this.current === 0 ? 1 : 0;
    return this.current;
  }
}

/**
 * `integrate` debouncing: a counter of evidence for the other level. While the raw level
 * differs from the reported level the counter rises by the time it differs; while it agrees the
 * counter falls by twice the time it agrees (never below 0). When the counter reaches the window, the
 * other level is reported and the counter restarts at 0. This is the integrating debouncer of
 * K. Kuhn's `debounce.c` (the counter, here with a faster fall) and of J. Ganssle's "A Guide to
 * Debouncing", in ms of `Ticks` rather than in scans, its state in the instance.
 *
 * Guarantees (README.md "integrate" states the boundary with numbers):
 * - a single pulse shorter than `windowMs` never passes, and nor does any train of pulses each
 *   shorter than the window whose gaps are each at least half the pulse before them (the
 *   counter is back at 0 after every gap);
 * - a level held `windowMs` at a stretch passes exactly as under `defer`, `windowMs` after it began;
 * - a level interrupted by brief contrary pulses still passes: opens of `o` ms every `P` ms
 *   (o < P / 3) delay it to at most ⌈windowMs / (P − 3o)⌉ periods, and once it is reported such
 *   opens never undo it (a worn or dirty contact held down, the case `defer` refuses).
 * Cost: a train whose pulses are more than twice its gaps (duty above 2/3) passes even though
 * no pulse lasts the window. Hold-to-trigger (`firmware/core/press.ts`) is what stands against that.
 */
import { ticksAdd, ticksDiff, type Ticks } from "../ticks.ts";
import { checkVariantOptions, type Debouncer, type DebouncerOptions, type Level } from "./types.ts";

export class IntegrateDebouncer implements Debouncer {
  /** This algorithm's coordinate on the debounce axis (README.md). */
  static readonly strategy = "integrate";
  /**
   * How fast the evidence falls while the input agrees with the reported level, ms of evidence
   * per ms. Above 1 so that a pulse train of duty 50 % (a supply sag chattering around the input
   * threshold) drifts back to 0 instead of wandering up to the window; at 2 a level passes while
   * the contrary pulses fill less than a third of the time (README.md "integrate").
   */
  static readonly fallPerMs = 2;
  /** The window in ms (1…1000): the evidence, in ms, that makes a change. */
  readonly windowMs: number;
  private current: Level;
  /** The last raw level read. */
  private raw: Level;
  /** Evidence for the other level, ms, 0 … windowMs − 1, as of tick `at`. */
  private count = 0;
  /** The tick `count` refers to (the last call). */
  private at: Ticks = 0;

  /**
   * @param options `windowMs` (ms, integer 1…1000, default 30), `initial` (raw level at
   *   construction, default 1); `strategy`, if given, must be "integrate".
   * @throws RangeError naming the field (`strategy`, `windowMs`, `initial`); TypeError for a
   *   non-numeric `windowMs`.
   */
  constructor(options?: Partial<DebouncerOptions>) {
    const checked = checkVariantOptions(options, IntegrateDebouncer.strategy, "IntegrateDebouncer");
    this.windowMs = checked.windowMs;
    this.current = checked.initial;
    this.raw = checked.initial;
  }

  get level(): Level {
    return this.current;
  }

  update(raw: Level, now: Ticks): Level | undefined {
    const change = this.poll(now);
    this.raw = raw;
    return change;
  }

  poll(now: Ticks): Level | undefined {
    let elapsed = ticksDiff(now, this.at);
    // Negative: more than 2^31 ms without a call (the counter lapped); far longer than any window.
    if (elapsed < 0) elapsed = this.windowMs;
    this.at = now;
    if (this.raw === this.current) {
      this.count = Math.max(0, this.count - IntegrateDebouncer.fallPerMs * elapsed);
      return undefined;
    }
    this.count += elapsed;
    if (this.count < this.windowMs) return undefined;
    // The evidence reached the window at `nextDeadline()`; from then on the input agreed with
    // the new level, so the counter, restarted at 0, stays there.
    this.count = 0;
    this.current = this.raw;
    return this.current;
  }

  nextDeadline(): Ticks | undefined {
    return this.raw === this.current ? undefined : ticksAdd(this.at, this.windowMs - this.count);
  }
}

/**
 * The one interface every debounce algorithm implements, and the options they share.
 *
 * A debouncer turns the raw level of a mechanical contact (which bounces for a few ms on each
 * press and release, and picks up interference on long wires) into a clean level. It is a
 * passive state machine (ARCHITECTURE §2): it reads no clock and arms no timer. The app feeds it
 * the level read in the pin's `onReadable` callback with the tick of that read, and arms one
 * timer for `nextDeadline()`, calling `poll()` when it fires.
 *
 * The algorithms are named on one axis, as QMK's `quantum/debounce/readme.md` names its own:
 * - `defer`: report a change only once the raw level has been stable for the window;
 * - `eager`: report the first edge at once, then ignore the input for the window;
 * - `integrate`: report a change once the time at the other level, less the time back at the
 *   reported level, reaches the window (a counter that rises and falls).
 * See `README.md` in this folder for what each guarantees.
 */
import type { Ticks } from "../ticks.ts";

/**
 * An electrical pin level: 0 = low, 1 = high. The same type as `Level` in
 * `firmware/hal/digital.ts`; declared here so that the core imports nothing from above it.
 */
export type Level = 0 | 1;

/** Every strategy's name, for validation and help texts: the one list of them. */
export const DEBOUNCE_STRATEGIES = ["defer", "eager", "integrate"] as const;

/** The debounce algorithms, by their axis (see README.md). */
export type DebounceStrategy = (typeof DEBOUNCE_STRATEGIES)[number];

/** Options every debouncer takes. */
export interface DebounceOptions {
  /**
   * The algorithm: `defer` (noise-immune, default), `eager` (no added latency) or `integrate`
   * (noise-immune against pulse trains of duty ≤ 50 %, and a held contact that opens briefly
   * still passes).
   */
  strategy: DebounceStrategy;
  /**
   * The debounce window in ms, an integer from 1 to 1000; default 30.
   * Contact bounce of a push button lasts a few ms (J. Ganssle, "A Guide to Debouncing", measured
   * it on 18 switches); 30 ms leaves a wide margin for worn contacts and stays far below what a
   * person notices. Under `defer` it is also the shortest interference pulse that can pass.
   */
  windowMs: number;
}

/** Inclusive limits of `windowMs`. */
export const DEBOUNCE_WINDOW_LIMITS = { minMs: 1, maxMs: 1000 } as const;

/** The defaults, merged under partial options: `{ strategy: "defer", windowMs: 30 }`. */
export const DEBOUNCE_DEFAULTS: DebounceOptions = Object.freeze({ strategy: "defer", windowMs: 30 });

/** Options of a debouncer's constructor: the shared options plus the level at construction. */
export interface DebouncerOptions extends DebounceOptions {
  /**
   * The raw level at construction (boot); the debounced level starts there. Default 1, the
   * idle level of the project's buttons (active-low, to GND with a pull-up; ARCHITECTURE §4).
   */
  initial: Level;
}

/**
 * A debouncer: one instance per input, no shared state.
 *
 * Calls must come in time order (each `now` at or after the previous one, wrap-safe through
 * `firmware/core/ticks.ts`). `update(raw, now)` behaves as `poll(now)` followed by taking the new
 * sample, so a timer and an edge that fall on the same tick may be handled in either order.
 */
export interface Debouncer {
  /** The debounced level now. Starts at the `initial` level given at construction. */
  readonly level: Level;
  /**
   * Feed the raw level read at `now` (the level at callback time, not an edge count). Returns
   * the new debounced level if it changes at this step, else undefined.
   */
  update(raw: Level, now: Ticks): Level | undefined;
  /** Advance time with no new sample; returns a debounced change that became due, else undefined. */
  poll(now: Ticks): Level | undefined;
  /** When poll() must next be called, or undefined if nothing is pending. */
  nextDeadline(): Ticks | undefined;
}

/**
 * Merges `options` over `DEBOUNCE_DEFAULTS` (and `initial` over 1) and checks every field.
 * @param options partial options; missing fields take their defaults.
 * @param prefix prepended to field names in error messages (e.g. "debounce.").
 * @returns complete, checked options (a new object; `options` is not modified).
 * @throws RangeError naming `strategy`, `windowMs` or `initial` when one is out of range.
 * @throws TypeError naming `windowMs` when it is not a number.
 */
export function checkDebouncerOptions(options: Partial<DebouncerOptions> | undefined, prefix = ""): DebouncerOptions {
  const strategy = options?.strategy ?? DEBOUNCE_DEFAULTS.strategy;
  const windowMs = options?.windowMs ?? DEBOUNCE_DEFAULTS.windowMs;
  const initial = options?.initial ?? 1;
  if (!DEBOUNCE_STRATEGIES.includes(strategy)) {
    throw new RangeError(`${prefix}strategy: must be one of ${DEBOUNCE_STRATEGIES.join(", ")}, got ${String(strategy)}`);
  }
  if (typeof windowMs !== "number") throw new TypeError(`${prefix}windowMs: must be a number of ms, got ${typeof windowMs}`);
  if (!Number.isInteger(windowMs) || windowMs < DEBOUNCE_WINDOW_LIMITS.minMs || windowMs > DEBOUNCE_WINDOW_LIMITS.maxMs) {
    throw new RangeError(
      `${prefix}windowMs: must be an integer from ${DEBOUNCE_WINDOW_LIMITS.minMs} to ${DEBOUNCE_WINDOW_LIMITS.maxMs} ms, got ${windowMs}`,
    );
  }
  if (initial !== 0 && initial !== 1) throw new RangeError(`${prefix}initial: must be 0 or 1, got ${String(initial)}`);
  return { strategy, windowMs, initial };
}

/**
 * Checks the options of one variant's constructor: `checkDebouncerOptions` with `strategy`
 * defaulting to the variant's own, which is then the only one accepted.
 * @param strategy the variant's strategy (e.g. "integrate").
 * @param className the variant's class, for the message (e.g. "IntegrateDebouncer").
 * @throws RangeError naming `strategy` when another is asked for, and as `checkDebouncerOptions`.
 */
export function checkVariantOptions(options: Partial<DebouncerOptions> | undefined, strategy: DebounceStrategy, className: string): DebouncerOptions {
  const checked = checkDebouncerOptions({ ...options, strategy: options?.strategy ?? strategy });
  if (checked.strategy !== strategy) throw new RangeError(`strategy: ${className} implements "${strategy}", got ${checked.strategy}`);
  return checked;
}


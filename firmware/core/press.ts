/**
 * The alarm button as the apps see it: a debouncer (`debounce/`), then a press detector with
 * hold-to-trigger and stuck-button detection. One physical press gives at most one `press`.
 *
 * Why hold-to-trigger: interference on long wires and accidental knocks give short pulses; a
 * minimum press duration is the usual remedy (alarm-field-facts §4: users of nuki_hub asked for
 * a "minimum trigger duration"; ESPHome's `on_click` has `min_length`; §1.6: a nurse-call pendant whose
 * main button must be held ~1 s (configurable); §1.1: Ajax DoubleButton's long press, > 2 s).
 * Why stuck detection: a shorted cable or a jammed
 * button must become a visible fault, not a silent dead caller and not a stream of alarms.
 *
 * Events and their order, per holding of the button (debounced):
 * - `press` once the debounced press has lasted `holdMs` (at once if 0). A release before that
 *   gives nothing at all (no press, no release).
 * - `release` when a holding that produced `press` ends. Every `press` is followed by exactly
 *   one `release`.
 * - `stuck` once, when the holding has lasted `stuckMs`. After `stuck` that holding never gives a
 *   `press`; its release gives `release` (if it had produced a `press`) then `stuck_cleared`.
 * - Held at boot (the `initial` level is the pressed level): never a `press`, since nobody can
 *   tell a person pressing from a button stuck since before power-up. The holding is timed from
 *   the `now` given to the constructor (or, without one, from the first `sample()`/`poll()`)
 *   and gives `stuck` at `stuckMs`, `stuck_cleared` on release; a release before that gives
 *   nothing. `bootHeld` is true until that release. The next press after it is a normal press.
 *
 * Every event's `at` is the `now` of the call that produced it. Holds are timed from the tick at
 * which the debounced press fell due, not from the (possibly late) call that noticed it, and
 * deadlines that fall due in one late call are handled in the order they fell due (a release
 * due before the end of `holdMs` cancels the press): what happens does not depend on timer
 * lateness, only when it is reported. All times are `Ticks`, compared wrap-safe: a press may
 * span the 2^32 wrap of the tick counter.
 */
import { checkDebouncerOptions, createDebouncer, DEBOUNCE_DEFAULTS } from "./debounce/index.ts";
import type { Debouncer, DebounceOptions, Level } from "./debounce/index.ts";
import { checkTicks, ticksAdd, ticksBefore, ticksReached, type Ticks } from "./ticks.ts";

export interface ButtonOptions {
  /** Debounce strategy and window; default `DEBOUNCE_DEFAULTS` (defer, 30 ms). */
  debounce: DebounceOptions;
  /** press must be held this long before it counts, ms, 0 = at once; default 0. Integer 0…60000. */
  holdMs: number;
  /**
   * held this long = stuck button fault, ms, default 30000; must exceed holdMs. Integer up to
   * 86 400 000 (one day).
   */
  stuckMs: number;
  /** true (default): pressed = electrical level 0 (button to GND with pull-up) */
  activeLow: boolean;
}

/** Inclusive limits of the numeric options. */
export const BUTTON_LIMITS = { holdMaxMs: 60_000, stuckMinMs: 1, stuckMaxMs: 86_400_000 } as const;

/** Defaults, merged under partial options. */
export const BUTTON_DEFAULTS: ButtonOptions = Object.freeze({
  debounce: DEBOUNCE_DEFAULTS,
  holdMs: 0,
  stuckMs: 30_000,
  activeLow: true,
});

export type ButtonEvent =
  | { type: "press"; at: Ticks }
  | { type: "release"; at: Ticks }
  | { type: "stuck"; at: Ticks }
  | { type: "stuck_cleared"; at: Ticks };

/** What the `ButtonInput` constructor takes: `ButtonOptions`, partial, plus the boot state. */
export type ButtonInputOptions = Partial<Omit<ButtonOptions, "debounce">> & {
  /** Debounce options, partial; missing fields come from `DEBOUNCE_DEFAULTS`. */
  debounce?: Partial<DebounceOptions>;
  /** The raw (electrical) level read at boot. */
  initial: Level;
  /**
   * The tick at construction (boot). Pass the clock's now: a button held or shorted at boot is
   * then timed towards `stuck` from boot, and `nextDeadline()` says when, with no edge needed.
   * Without it, that timing starts at the first `sample()` or `poll()`.
   */
  now?: Ticks;
};

/** Where the press detector is; see the class comment for the transitions. */
const Phase = {
  released: 0,
  /** debounced pressed, waiting for `holdMs` */
  holding: 1,
  /** `press` given, waiting for `stuckMs` */
  pressed: 2,
  /** `press` then `stuck` given */
  stuck: 3,
  /** pressed since boot, waiting for `stuckMs` */
  bootHeld: 4,
  /** pressed since boot, `stuck` given */
  bootStuck: 5,
} as const;
type Phase = (typeof Phase)[keyof typeof Phase];

/**
 * A debounced button with hold-to-trigger and stuck detection. Passive: feed it the level read
 * in `onReadable` with `sample()`, arm one timer for `nextDeadline()` and call `poll()` then.
 */
export class ButtonInput {
  /** The checked options in force (`debounce` complete). */
  readonly options: Readonly<ButtonOptions>;
  private readonly debouncer: Debouncer;
  private readonly pressedLevel: Level;
  private phase: Phase;
  /** Tick the current holding was reported by the debouncer (or boot). */
  private start: Ticks = 0;
  /** The press detector's own deadline (end of `holdMs` or of `stuckMs`), if any. */
  private deadline: Ticks | undefined;

  /**
   * @param options see `ButtonOptions` (all optional) plus `initial`, the raw level at boot,
   *   and optionally `now`, the tick at boot.
   * @throws RangeError naming the field: `initial` (missing or not 0/1), `debounce.strategy`,
   *   `debounce.windowMs`, `holdMs`, `stuckMs` (also when not above `holdMs`), `now`.
   * @throws TypeError naming `activeLow` when it is not a boolean, or `debounce.windowMs`,
   *   `holdMs`, `stuckMs` when not numbers.
   */
  constructor(options: ButtonInputOptions) {
    if (options.initial !== 0 && options.initial !== 1) {
      throw new RangeError(`initial: the raw level at boot, 0 or 1, is required; got ${String(options.initial)}`);
    }
    const debounce = checkDebouncerOptions({ ...options.debounce, initial: options.initial }, "debounce.");
    const holdMs = options.holdMs ?? BUTTON_DEFAULTS.holdMs;
    const stuckMs = options.stuckMs ?? BUTTON_DEFAULTS.stuckMs;
    const activeLow = options.activeLow ?? BUTTON_DEFAULTS.activeLow;
    checkMs(holdMs, "holdMs", 0, BUTTON_LIMITS.holdMaxMs);
    checkMs(stuckMs, "stuckMs", BUTTON_LIMITS.stuckMinMs, BUTTON_LIMITS.stuckMaxMs);
    if (stuckMs <= holdMs) throw new RangeError(`stuckMs: must exceed holdMs (${holdMs} ms), got ${stuckMs}`);
    if (typeof activeLow !== "boolean") throw new TypeError(`activeLow: must be a boolean, got ${typeof activeLow}`);
    if (options.now !== undefined) checkTicks(options.now, "now");
    this.options = Object.freeze({
      debounce: Object.freeze({ strategy: debounce.strategy, windowMs: debounce.windowMs }),
      holdMs,
      stuckMs,
      activeLow,
    });
    this.debouncer = createDebouncer(debounce);
    this.pressedLevel = activeLow ? 0 : 1;
    if (debounce.initial === this.pressedLevel) {
      this.phase = Phase.bootHeld;
      if (options.now !== undefined) this.startHolding(options.now, stuckMs);
    } else {
      this.phase = Phase.released;
    }
  }

  /** The debounced state: true while the debounced level is the pressed level. */
  get pressed(): boolean {
    return this.debouncer.level === this.pressedLevel;
  }

  /** True from boot until the release of a button that was held at boot. */
  get bootHeld(): boolean {
    return this.phase === Phase.bootHeld || this.phase === Phase.bootStuck;
  }

  /**
   * Feed the level read in `onReadable`.
   * @param raw the electrical level read now (0 or 1), not an edge count.
   * @param now the tick of the read.
   * @returns the events this step produced, in order (often none).
   */
  sample(raw: Level, now: Ticks): ButtonEvent[] {
    const events: ButtonEvent[] = [];
    this.advance(now, events);
    const change = this.debouncer.update(raw, now);
    if (change !== undefined) this.onDebounced(change, now, now, events);
    this.advance(now, events);
    return events;
  }

  /**
   * Advance time with no new sample (call it when the timer for `nextDeadline()` fires).
   * @returns the events that fell due, in order.
   */
  poll(now: Ticks): ButtonEvent[] {
    const events: ButtonEvent[] = [];
    this.advance(now, events);
    return events;
  }

  /** When `poll()` must next be called, or undefined if nothing is pending. */
  nextDeadline(): Ticks | undefined {
    const d = this.debouncer.nextDeadline();
    const h = this.deadline;
    if (d === undefined) return h;
    if (h === undefined) return d;
    return ticksBefore(h, d) ? h : d;
  }

  /** Handles every deadline due at `now`, the earliest first (ours first on a tie). */
  private advance(now: Ticks, events: ButtonEvent[]): void {
    if (this.phase === Phase.bootHeld && this.deadline === undefined) this.startHolding(now, this.options.stuckMs);
    for (;;) {
      const d = this.debouncer.nextDeadline();
      const h = this.deadline;
      const debounceDue = d !== undefined && ticksReached(now, d);
      if (h !== undefined && ticksReached(now, h) && !(d !== undefined && debounceDue && ticksBefore(d, h))) {
        this.onDeadline(now, events);
        continue;
      }
      if (d === undefined || !debounceDue) return;
      const change = this.debouncer.poll(now);
      if (change === undefined) return;
      this.onDebounced(change, d, now, events);
    }
  }

  private startHolding(at: Ticks, ms: number): void {
    this.start = at;
    this.deadline = ticksAdd(at, ms);
  }

  private onDeadline(now: Ticks, events: ButtonEvent[]): void {
    switch (this.phase) {
      case Phase.holding:
        events.push({ type: "press", at: now });
        this.phase = Phase.pressed;
        this.deadline = ticksAdd(this.start, this.options.stuckMs);
        return;
      case Phase.pressed:
        events.push({ type: "stuck", at: now });
        this.phase = Phase.stuck;
        this.deadline = undefined;
        return;
      case Phase.bootHeld:
        events.push({ type: "stuck", at: now });
        this.phase = Phase.bootStuck;
        this.deadline = undefined;
        return;
      default:
        this.deadline = undefined;
    }
  }

  /**
   * @param level the new debounced level.
   * @param due the tick at which the change fell due (the debouncer's deadline, or `now` for a
   *   change made by a read): holds are timed from it, so a late timer does not move them.
   * @param now the tick of this call, the `at` of any event.
   */
  private onDebounced(level: Level, due: Ticks, now: Ticks, events: ButtonEvent[]): void {
    if (level === this.pressedLevel) {
      // Only reachable from `released`: the debouncer's changes alternate.
      if (this.options.holdMs === 0) {
        events.push({ type: "press", at: now });
        this.phase = Phase.pressed;
        this.startHolding(due, this.options.stuckMs);
      } else {
        this.phase = Phase.holding;
        this.startHolding(due, this.options.holdMs);
      }
      return;
    }
    switch (this.phase) {
      case Phase.pressed:
        events.push({ type: "release", at: now });
        break;
      case Phase.stuck:
        events.push({ type: "release", at: now }, { type: "stuck_cleared", at: now });
        break;
      case Phase.bootStuck:
        events.push({ type: "stuck_cleared", at: now });
        break;
      default: // holding (too short), bootHeld (released before stuckMs): nothing to report
        break;
    }
    this.phase = Phase.released;
    this.deadline = undefined;
  }
}

function checkMs(value: number, field: string, min: number, max: number): void {
  if (typeof value !== "number") throw new TypeError(`${field}: must be a number of ms, got ${typeof value}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${field}: must be an integer from ${min} to ${max} ms, got ${value}`);
  }
}

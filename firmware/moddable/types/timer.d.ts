/**
 * Moddable `timer` (`modules/base/timer/timer.js`, `documentation/base/base.md` §Timer).
 * Intervals are in milliseconds. Callbacks receive the timer; `this` is `globalThis`.
 */
declare module "timer" {
  export type TimerCallback = (timer: Timer) => void;

  /** An armed timer (a host object). */
  class Timer {
    private constructor();
    /** Fires once after `delayMs` (0 = next turn of the run loop), then every `repeatMs` if given. */
    static set(callback: TimerCallback, delayMs?: number, repeatMs?: number): Timer;
    /** Fires every `intervalMs`. */
    static repeat(callback: TimerCallback, intervalMs: number): Timer;
    /** Re-arms a timer; without intervals, unschedules it. */
    static schedule(timer: Timer, delayMs?: number, repeatMs?: number): void;
    /** Cancels a timer; a timer that already fired, `undefined` and `null` are ignored. */
    static clear(timer: Timer | undefined | null): void;
    /** Blocks for `ms` milliseconds. */
    static delay(ms: number): void;
    private brand: boolean;
  }
  export default Timer;
}

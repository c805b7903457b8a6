import type { Ticks } from "../core/ticks.ts";

/**
 * The device's millisecond tick counter.
 * Moddable: `Time.ticks` folded to unsigned (`firmware/moddable/clock.ts`); simulator: the
 * device's virtual clock (which may start near 2^32 to test wraparound).
 */
export interface Clock {
  /** Current tick count in ms, 32-bit unsigned, wrapping. Resolution 1 ms. */
  now(): Ticks;
}

/** An armed timer, opaque to the apps. */
export type TimerHandle = object;

/**
 * One-shot timers. Moddable: `Timer.set`/`Timer.clear`; simulator: the event queue.
 * A callback never runs synchronously inside `schedule`.
 */
export interface Scheduler {
  /**
   * Runs `callback` once, `delayMs` ms from now (0 = on the next turn of the run loop).
   * @param delayMs integer ms, 0 ≤ delayMs < 2^31.
   * @throws RangeError if delayMs is negative or not finite.
   */
  schedule(callback: () => void, delayMs: number): TimerHandle;
  /** Cancels a timer; a handle that already fired or was cancelled is ignored. */
  cancel(handle: TimerHandle | undefined): void;
}

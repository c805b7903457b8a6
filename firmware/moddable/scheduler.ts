/**
 * The hal `Scheduler` over Moddable's `Timer` (`modules/base/timer`, `documentation/base/base.md`
 * §Timer): `schedule` is one `Timer.set(callback, delayMs)`, `cancel` one `Timer.clear`.
 * `Timer.set` with a 0 ms delay fires on the next turn of the run loop, never inside `set`;
 * `Timer.clear` ignores a timer that already fired (its host data is gone) and `undefined`.
 */
import type { Scheduler, TimerHandle } from "../hal/clock.ts";
import { TICKS_MAX_INTERVAL_MS } from "../core/ticks.ts";

/** What the scheduler adapter needs of Moddable's `timer` module (`import Timer from "timer"`). */
export interface TimerModule<T extends object = object> {
  /** One-shot timer: `callback` runs once, `delayMs` ms from now; returns the timer. */
  set(callback: () => void, delayMs: number): T;
  /** Cancels a timer; a timer that already fired, `undefined` and `null` are ignored. */
  clear(timer: T | undefined): void;
}

/** Options of `createScheduler`. */
export interface SchedulerOptions<T extends object> {
  /** Moddable's `Timer` (a fake in tests). */
  timer: TimerModule<T>;
}

/**
 * A hal `Scheduler` on Moddable timers.
 * `schedule` throws RangeError when `delayMs` is not an integer 0 ≤ delayMs < 2^31 (Moddable
 * would truncate it with `xsmcToInteger`; the hal refuses instead of clamping).
 */
export function createScheduler<T extends object>(options: SchedulerOptions<T>): Scheduler {
  const { timer } = options;
  return {
    schedule(callback: () => void, delayMs: number): TimerHandle {
      if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > TICKS_MAX_INTERVAL_MS) {
        throw new RangeError(`delayMs: must be an integer 0…${TICKS_MAX_INTERVAL_MS}, got ${delayMs}`);
      }
      return timer.set(() => callback(), delayMs);
    },
    cancel(handle: TimerHandle | undefined): void {
      // Handles come only from `schedule` above, so they are this module's timers.
      timer.clear(handle as T | undefined);
    },
  };
}

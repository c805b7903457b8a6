/**
 * The hal `Clock` over Moddable's `Time.ticks`, and wall-clock time over `Date.now()`.
 *
 * `Time.ticks` is the millisecond tick counter (`modules/base/time`; on ESP32
 * `pdTICKS_TO_MS(xTaskGetTickCount())` at `CONFIG_FREERTOS_HZ=1000`, so 1 ms resolution). On
 * microcontrollers it is a *signed* 32-bit integer that wraps; `now()` folds it to the unsigned
 * 32-bit `Ticks` the core compares wrap-safely (`firmware/core/ticks.ts`).
 */
import type { Clock } from "../hal/clock.ts";
import { toTicks } from "../core/ticks.ts";

/** What the clock adapter needs of Moddable's `time` module (`import Time from "time"`). */
export interface TimeModule {
  /** Milliseconds, signed 32-bit, wrapping. */
  readonly ticks: number;
}

/** Options of `createClock`. */
export interface ClockOptions {
  /** Moddable's `Time` (a fake in tests). */
  time: TimeModule;
}

/** A hal `Clock`: `now()` is `Time.ticks >>> 0`, one SDK read per call. */
export function createClock(options: ClockOptions): Clock {
  const { time } = options;
  return { now: () => toTicks(time.ticks) };
}

/**
 * The instant before which the wall clock is taken as "not set": 2023-01-03T04:21:11Z, the
 * threshold Moddable's own start-up uses (`build/devices/esp32/setup/network.js`).
 */
export const WALL_CLOCK_SET_AFTER_MS = 1_672_722_071_000;

/** Options of `createWallTime`. */
export interface WallTimeOptions {
  /** `Date.now` (ms since 1970). On ESP32 it counts from 0 at boot until SNTP or `Time.set`. */
  dateNow: () => number;
}

/** The hal's optional `wallTime()`: Unix seconds, or undefined while the clock is not set. */
export function createWallTime(options: WallTimeOptions): () => number | undefined {
  const { dateNow } = options;
  return () => {
    const ms = dateNow();
    return ms > WALL_CLOCK_SET_AFTER_MS ? Math.floor(ms / 1000) : undefined;
  };
}

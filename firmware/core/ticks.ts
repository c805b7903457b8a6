/**
 * 32-bit millisecond tick arithmetic, correct across wraparound.
 *
 * A device's tick counter (Moddable `Time.ticks`, FreeRTOS `xTaskGetTickCount()` at 1 kHz) is a
 * 32-bit integer that wraps after 2^32 ms ≈ 49.7 days; on Moddable it is even *signed*. Every
 * deadline in `firmware/core` is a `Ticks` value and is compared only through these functions,
 * never with `<` on raw values, never by subtracting without folding to 32 bits.
 *
 * The rule (the same as Moddable's `Time.delta` and the Linux kernel's `time_after`): the signed
 * 32-bit difference `a − b` is meaningful while the two instants are less than 2^31 ms
 * (≈ 24.8 days) apart. Every interval in this firmware is far shorter than that.
 *
 * Source: Moddable `documentation/base/base.md` §Time ("ticks … wraps"), `xs/platforms/esp/xsHost.h`.
 */

/** A 32-bit unsigned millisecond tick count, 0 ≤ t < 2^32. */
export type Ticks = number;

/** Number of distinct tick values: the counter wraps to 0 after `TICKS_MODULUS − 1`. */
export const TICKS_MODULUS = 0x1_0000_0000;

/** Largest interval (ms) whose sign `ticksDiff` still gets right: 2^31 − 1. */
export const TICKS_MAX_INTERVAL_MS = 0x7fff_ffff;

/** Largest u32, and largest tick: 2^32 − 1. */
export const U32_MAX = 0xffff_ffff;

/** Whether `value` is a u32: an integer in [0, 2^32). */
export function isU32(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= U32_MAX;
}

/**
 * Checks a u32 argument (a node id, a counter, a mark): the one message shape of every such check.
 * @param field the argument's name, e.g. `"peer"`.
 * @param what what it is, e.g. `"a node id"`.
 * @throws RangeError `<field>: must be <what> (an integer 0…2^32−1), got <value>`.
 */
export function checkU32(value: unknown, field: string, what = "a u32"): asserts value is number {
  if (!isU32(value)) throw new RangeError(`${field}: must be ${what} (an integer 0…2^32−1), got ${String(value)}`);
}

/**
 * Checks a tick argument (a start time, a `now`): an integer in [0, 2^32).
 * @throws RangeError `<field>: must be a tick (an integer 0…2^32−1), got <value>`.
 */
export function checkTicks(value: unknown, field: string): asserts value is Ticks {
  checkU32(value, field, "a tick");
}

/**
 * Folds any integer (a signed Moddable `Time.ticks`, or a sum that ran past 2^32) into `Ticks`.
 * @param value an integer; fractions are truncated toward zero first.
 * @returns value mod 2^32, in [0, 2^32).
 */
export function toTicks(value: number): Ticks {
  return Math.trunc(value) >>> 0;
}

/**
 * The tick `ms` milliseconds after `t`, wrapped to 32 bits.
 * @param t a tick count.
 * @param ms an integer interval in ms; negative goes back in time. |ms| ≤ 2^31 − 1.
 */
export function ticksAdd(t: Ticks, ms: number): Ticks {
  return (t + Math.trunc(ms)) >>> 0;
}

/**
 * Signed interval `a − b` in ms, in [−2^31, 2^31 − 1]: positive when `a` is later than `b`.
 * Correct whenever the two instants are less than 2^31 ms apart, whichever side of a wrap.
 */
export function ticksDiff(a: Ticks, b: Ticks): number {
  return (a - b) | 0;
}

/** True when `a` is strictly earlier than `b` (wrap-safe). */
export function ticksBefore(a: Ticks, b: Ticks): boolean {
  return ticksDiff(a, b) < 0;
}

/** True when `now` is at or past `deadline` (wrap-safe): the deadline has been reached. */
export function ticksReached(now: Ticks, deadline: Ticks): boolean {
  return ticksDiff(now, deadline) >= 0;
}

/**
 * Milliseconds from `now` until `deadline`, never negative: 0 when it has already passed.
 * Useful to arm a timer for a deadline.
 */
export function ticksUntil(now: Ticks, deadline: Ticks): number {
  const d = ticksDiff(deadline, now);
  return d > 0 ? d : 0;
}

/**
 * The earlier of two optional deadlines (wrap-safe); `undefined` stands for "no deadline".
 */
export function earliest(a: Ticks | undefined, b: Ticks | undefined): Ticks | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return ticksBefore(b, a) ? b : a;
}

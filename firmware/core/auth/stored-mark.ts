/**
 * A u32 high-water mark kept in a `Store`, whose numbers are signed 32-bit integers only
 * (Moddable `Preference` → `nvs_set_i32`; `firmware/hal/store.ts` `STORE_LIMITS`).
 *
 * The mark is stored as the signed 32-bit integer with the same 32 bits (two's complement:
 * `mark | 0`) and read back with `>>> 0`, so 0 … 2^32 − 1 round-trips exactly: marks above
 * 2^31 − 1 appear as negative numbers in the store. An absent key reads as 0 (nothing used yet).
 */
import { checkU32 } from "../ticks.ts";
import { STORE_LIMITS, type Store } from "../platform.ts";

/**
 * Checks a store key for a mark.
 * @throws RangeError naming `field` when the key is empty or over `STORE_LIMITS.keyChars` (15).
 */
export function checkMarkKey(field: string, key: string): void {
  if (typeof key !== "string" || key.length === 0 || key.length > STORE_LIMITS.keyChars) {
    throw new RangeError(`${field} must be a store key of 1…${STORE_LIMITS.keyChars} characters, got "${String(key)}"`);
  }
}

/**
 * Reads the mark under `key`: a u32, 0 when absent.
 * @throws TypeError naming the key when it holds anything but a signed 32-bit integer (a store
 *   written by something else: never guess a counter, that could reuse or refuse counters).
 */
export function readMark(store: Store, key: string): number {
  const value = store.get(key);
  if (value === undefined) return 0;
  if (typeof value !== "number" || !Number.isInteger(value) || value < STORE_LIMITS.intMin || value > STORE_LIMITS.intMax) {
    throw new TypeError(`store key "${key}" holds ${typeof value} ${String(value)}, expected a signed 32-bit integer mark`);
  }
  return value >>> 0;
}

/**
 * Writes `mark` (a u32) under `key` as its signed 32-bit reinterpretation: one flash write.
 * @throws RangeError when `mark` is not a u32; whatever the store throws if the medium fails.
 */
export function writeMark(store: Store, key: string, mark: number): void {
  checkU32(mark, `mark for "${key}"`, "a frame counter");
  store.set(key, mark | 0);
}

/**
 * What the platform-free core needs from the platform it runs on: persistent storage, HMAC and
 * randomness. Declared here, at the bottom of the import graph, so `firmware/core` imports
 * nothing from above it (STYLE rule 18); `firmware/hal` re-exports these for the apps and
 * adapters.
 */

/**
 * Persistent key-value storage that survives reboot and power loss.
 * Moddable: `Preference` in one domain (NVS on ESP32); simulator: a map kept across power
 * cycles. Limits are Preference's on ESP32 (Moddable `documentation/files/files.md`), and every
 * implementation enforces them so the simulator catches what the device would reject.
 */
export type StoreValue = number | string | boolean | Uint8Array;

export const STORE_LIMITS = {
  /** Longest key, in characters (NVS key length 15). */
  keyChars: 15,
  /** Largest string or binary value, in bytes. */
  valueBytes: 4000,
  /** Integers are signed 32-bit; floats are refused ("float unsupported"). */
  intMin: -0x8000_0000,
  intMax: 0x7fff_ffff,
} as const;

export interface Store {
  /** The stored value, or undefined when absent. Binary values come back as a new Uint8Array. */
  get(key: string): StoreValue | undefined;
  /**
   * Writes a value (a flash write: keep them rare).
   * @throws RangeError for a key over 15 characters, a value over 4000 bytes, or a number that
   *   is not a signed 32-bit integer; Error if the medium fails.
   */
  set(key: string, value: StoreValue): void;
  /** Removes a key; absent keys are ignored. */
  delete(key: string): void;
  /** All keys present. */
  keys(): string[];
}

/** Checks a key and value against `STORE_LIMITS`; throws RangeError naming what is wrong. */
export function checkStoreEntry(key: string, value: StoreValue): void {
  if (key.length === 0 || key.length > STORE_LIMITS.keyChars) {
    throw new RangeError(`store key "${key}" must be 1…${STORE_LIMITS.keyChars} characters`);
  }
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new RangeError(`store "${key}": float unsupported`);
    if (value < STORE_LIMITS.intMin || value > STORE_LIMITS.intMax) {
      throw new RangeError(`store "${key}": ${value} is not a signed 32-bit integer`);
    }
  } else if (typeof value === "string") {
    // Worst case UTF-8 is 3 bytes per UTF-16 unit; count exactly without TextEncoder (absent on some XS builds).
    let bytes = 0;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
    }
    if (bytes > STORE_LIMITS.valueBytes) throw new RangeError(`store "${key}": ${bytes} bytes > ${STORE_LIMITS.valueBytes}`);
  } else if (value instanceof Uint8Array) {
    if (value.length > STORE_LIMITS.valueBytes) {
      throw new RangeError(`store "${key}": ${value.length} bytes > ${STORE_LIMITS.valueBytes}`);
    }
  }
}

/**
 * Cryptographic primitives injected into the core.
 * Moddable: `hmac` + `crypt` Digest("SHA256") and `rng`; Node and simulator: `@noble/hashes`
 * or `node:crypto`. Known-answer tests (RFC 4231) check every implementation.
 */

/** Output length of HMAC-SHA256, bytes (FIPS 180-4: SHA-256 digests are 256 bits). */
export const HMAC_SHA256_BYTES = 32;

/**
 * HMAC-SHA256 (RFC 2104, FIPS 180-4), with two entries:
 * - `hmac(key, data)`: the 32-byte MAC of `data` under `key`, as a new array.
 * - `hmac.into(key, data, length, out)`: the MAC of the first `length` bytes of `data`, written
 *   to `out[0 … 31]`; the rest of `data` and of `out` is not touched. The secure channel seals and
 *   opens every frame with it (the tag covers a frame's first bytes), so that no view and no
 *   result array is made per frame (issue 15 §3). `out` must not overlap those first bytes.
 *   Throws RangeError (`checkHmacInto`) for a `length` that is not an integer 0 … `data.length`
 *   or an `out` shorter than `HMAC_SHA256_BYTES`, before writing anything.
 * Every implementation gives both entries the RFC 4231 known answers (`test/auth/`, `test/device/`).
 */
export interface HmacSha256 {
  (key: Uint8Array, data: Uint8Array): Uint8Array;
  into(key: Uint8Array, data: Uint8Array, length: number, out: Uint8Array): void;
}

/**
 * The argument checks every `HmacSha256.into` makes first (one definition for every implementation).
 * @throws RangeError naming `length` when it is not an integer 0 … `data.length`, or `out` when
 *   it holds fewer than `HMAC_SHA256_BYTES` bytes.
 */
export function checkHmacInto(data: Uint8Array, length: number, out: Uint8Array): void {
  if (!Number.isInteger(length) || length < 0 || length > data.length) {
    throw new RangeError(`hmac into: length must be an integer 0…${data.length} (the data's bytes), got ${length}`);
  }
  if (out.length < HMAC_SHA256_BYTES) throw new RangeError(`hmac into: out must hold ${HMAC_SHA256_BYTES} bytes, got ${out.length}`);
}

/**
 * A source of uniformly random unsigned 32-bit integers. The simulator's is seeded (and so
 * repeatable); the device's comes from the hardware RNG (`esp_random()` via Moddable `rng`).
 * Used for retransmission jitter and heartbeat phase, never for keys on the host.
 */
export type RandomU32 = () => number;

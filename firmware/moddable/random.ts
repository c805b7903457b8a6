/**
 * The hal `RandomU32` over Moddable's `rng` module: `RNG.get(4)` → an unsigned 32-bit integer.
 * On ESP32 `rng` is an RC4-style generator seeded from `esp_random()` (`modules/crypt/etc/rng.c`,
 * `xs/platforms/esp/xsHost.h`); the core uses it for jitter and heartbeat phase, never for keys.
 */
import type { RandomU32 } from "../hal/crypto.ts";

/** What the adapter needs of Moddable's `rng` (`import RNG from "rng"`). */
export interface RngModule {
  /** `count` random bytes. */
  get(count: number): ArrayBuffer;
}

/** Options of `createRandomU32`. */
export interface RandomOptions {
  /** Moddable's `RNG` (a fake in tests). */
  rng: RngModule;
}

/** Bytes drawn per value. */
const U32_BYTES = 4;

/** A hal `RandomU32`: 0 … 2^32 − 1, big-endian from 4 fresh bytes. */
export function createRandomU32(options: RandomOptions): RandomU32 {
  const { rng } = options;
  return () => {
    const bytes = rng.get(U32_BYTES);
    if (bytes.byteLength !== U32_BYTES) throw new RangeError(`rng: asked for ${U32_BYTES} bytes, got ${bytes.byteLength}`);
    return new DataView(bytes).getUint32(0);
  };
}

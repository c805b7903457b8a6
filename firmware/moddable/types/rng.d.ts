/**
 * Moddable `rng` (`modules/crypt/etc/rng.js`, `rng.c`; no SDK typings): an RC4-style generator
 * seeded from `c_rand()` (`esp_random()` on ESP32). Map it in the manifest:
 * `"rng": "$(MODDABLE)/modules/crypt/etc/rng"`.
 */
declare module "rng" {
  const RNG: {
    /** `count` random bytes. */
    get(count: number): ArrayBuffer;
    /** Re-seeds (default seed: 16 bytes from `c_rand()`). */
    init(seed?: ArrayBuffer): void;
  };
  export default RNG;
}

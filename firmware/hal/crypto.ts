/**
 * Cryptographic primitives injected into the core.
 * Moddable: `hmac` + `crypt` Digest("SHA256") and `rng`; Node and simulator: `@noble/hashes`
 * or `node:crypto`. Known-answer tests (RFC 4231) check every implementation.
 */

/** HMAC-SHA256 (RFC 2104, FIPS 180-4): a 32-byte tag of `data` under `key`. */
export type HmacSha256 = (key: Uint8Array, data: Uint8Array) => Uint8Array;

/**
 * A source of uniformly random unsigned 32-bit integers. The simulator's is seeded (and so
 * repeatable); the device's comes from the hardware RNG (`esp_random()` via Moddable `rng`).
 * Used for retransmission jitter and heartbeat phase, never for keys on the host.
 */
export type RandomU32 = () => number;

/**
 * HMAC-SHA256 for long simulated runs: the simulator's host HMAC (`tools/sim/host-hmac.ts`), the
 * same bytes as `tools/sim/hmac.ts` (@noble/hashes, RFC 2104) with the keyed inner and outer
 * states computed once per key, so a short frame costs two SHA-256 compressions instead of four.
 * Identical output is tested (`test/bench/keyed-hmac-matches-the-simulator-hmac.test.ts`,
 * `test/sim/host-hmac-gives-the-bytes-of-the-reference-hmac.test.ts`).
 *
 * Before 2026-12 this was @noble/hashes with its keyed state cloned per call (3.7 µs of CPU per
 * heartbeat tag on the bench host; the host HMAC takes about 0.8 µs).
 */
import { createHostHmacSha256 } from "../tools/sim/host-hmac.ts";

/**
 * A new HMAC-SHA256 function with its own key cache (no module-level state: each simulation
 * may take its own).
 */
export const keyedHmacSha256 = createHostHmacSha256;

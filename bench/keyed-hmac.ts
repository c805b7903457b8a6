/**
 * HMAC-SHA256 for long simulated runs: the same function as `tools/sim/hmac.ts` (@noble/hashes,
 * RFC 2104), but the keyed inner and outer hash states are computed once per key object and
 * cloned for each message, which halves the cost of a tag on short frames (two SHA-256
 * compressions instead of four). Output is identical byte for byte
 * (`test/bench/keyed-hmac-matches-the-simulator-hmac.test.ts`).
 *
 * Keys are remembered by object identity (a `WeakMap`): `SecureChannel` keeps its own copy of
 * each key and passes that same array on every call, and never changes it. A caller that
 * mutates a key array after use would get stale tags: do not use this outside such callers.
 */
import { hmac } from "@noble/hashes/hmac";
import { sha256 } from "@noble/hashes/sha2";
import type { HmacSha256 } from "../firmware/hal/crypto.ts";

/**
 * A new HMAC-SHA256 function with its own key cache (no module-level state: each simulation
 * may take its own).
 */
export function keyedHmacSha256(): HmacSha256 {
  const states = new WeakMap<Uint8Array, ReturnType<typeof hmac.create>>();
  return (key, data) => {
    let state = states.get(key);
    if (state === undefined) {
      state = hmac.create(sha256, key);
      states.set(key, state);
    }
    return state.clone().update(data).digest();
  };
}

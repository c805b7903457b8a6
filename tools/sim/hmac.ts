/**
 * HMAC-SHA256 for the host and the simulator, on `@noble/hashes` (audited, pure JavaScript, no
 * Node built-ins), so the same function also runs inside the XS engine bundle. The device uses
 * Moddable's `hmac` module instead (`firmware/moddable`). Checked against RFC 4231 in
 * `test/auth/hmac-sha256-matches-rfc4231.test.ts`.
 */
import { hmac } from "@noble/hashes/hmac";
import { sha256 } from "@noble/hashes/sha2";
import { checkHmacInto, type HmacSha256 } from "../../firmware/hal/crypto.ts";

/**
 * HMAC-SHA256 (RFC 2104, FIPS 180-4) of `data` under `key`: a new 32-byte array; `into` writes
 * the MAC of `data`'s first `length` bytes to `out` (the hal `HmacSha256` contract). This is
 * the reference: it favours plain code over speed (`into` makes a view and a result array).
 */
export const hmacSha256: HmacSha256 = Object.assign((key: Uint8Array, data: Uint8Array) => hmac(sha256, key, data), {
  into(key: Uint8Array, data: Uint8Array, length: number, out: Uint8Array): void {
    checkHmacInto(data, length, out);
    out.set(hmac(sha256, key, data.subarray(0, length)));
  },
});

/**
 * The frame tag: HMAC-SHA256 (RFC 2104, FIPS 180-4) of the frame's header and body under the
 * key the sender shares with its peer, truncated to its leftmost `FRAME.tagBytes` (16) bytes as
 * RFC 2104 §5 describes (≥ half the hash output, ≥ 80 bits; RFC 4868 HMAC-SHA-256-128 is the
 * same truncation). The HMAC itself is injected (`HmacSha256`): Moddable `hmac` on the device,
 * `@noble/hashes` on the host.
 */
import { FRAME } from "../frame/constants.ts";
import type { HmacSha256 } from "../platform.ts";

/** Output length of HMAC-SHA256, bytes (FIPS 180-4: SHA-256 digests are 256 bits). */
export const HMAC_SHA256_BYTES = 32;

/**
 * HMAC-SHA256 of `authenticated` under `key`, checked to be long enough for a tag and not copied:
 * its first `FRAME.tagBytes` bytes are the tag. For the channel, which writes them straight into
 * the frame (one copy fewer per frame than `computeTag`).
 * @returns what `hmac` returned (at least `FRAME.tagBytes` bytes; the caller must not keep it
 *   beyond reading the tag, an implementation may reuse it).
 * @throws RangeError when `hmac` returns fewer than `FRAME.tagBytes` bytes (a broken injection).
 */
export function macForTag(hmac: (key: Uint8Array, data: Uint8Array) => Uint8Array, key: Uint8Array, authenticated: Uint8Array): Uint8Array {
  const mac = hmac(key, authenticated);
  if (!(mac instanceof Uint8Array) || mac.length < FRAME.tagBytes) {
    throw new RangeError(`hmac returned ${mac instanceof Uint8Array ? mac.length : "no"} bytes; a tag needs ${FRAME.tagBytes}`);
  }
  return mac;
}

/**
 * The tag of `authenticated` (a frame's header + body) under `key`.
 * @param hmac HMAC-SHA256 implementation; must return `HMAC_SHA256_BYTES` bytes.
 * @param key the peer's key (16 bytes in this protocol).
 * @returns a new `FRAME.tagBytes`-byte array.
 * @throws RangeError when `hmac` returns fewer than `FRAME.tagBytes` bytes (a broken injection).
 */
export function computeTag(hmac: (key: Uint8Array, data: Uint8Array) => Uint8Array, key: Uint8Array, authenticated: Uint8Array): Uint8Array {
  return macForTag(hmac, key, authenticated).slice(0, FRAME.tagBytes);
}

/**
 * Compares two tags in time that depends only on their lengths, never on where they differ, so
 * a forger learns nothing from how fast a wrong tag is refused.
 * @returns true when both have the same length and the same bytes.
 */
export function tagsEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * Checks the tag at the end of an encoded frame, in time that does not depend on where a wrong
 * tag differs (as `tagsEqual`), comparing in place (no copy of either tag).
 * @param frame a whole frame: header + body + `FRAME.tagBytes` of tag. Its length was already
 *   checked by `decodeFrame`; a frame shorter than a tag is simply not authentic.
 * @returns true when the tag matches the HMAC of the rest under `key`.
 * @throws RangeError as `computeTag` for a broken `hmac`.
 */
export function verifyTag(hmac: HmacSha256, key: Uint8Array, frame: Uint8Array): boolean {
  if (frame.length < FRAME.tagBytes) return false;
  const tagAt = frame.length - FRAME.tagBytes;
  const mac = macForTag(hmac, key, frame.subarray(0, tagAt));
  let diff = 0;
  for (let i = 0; i < FRAME.tagBytes; i++) diff |= mac[i]! ^ frame[tagAt + i]!;
  return diff === 0;
}

/**
 * The frame tag: HMAC-SHA256 (RFC 2104, FIPS 180-4) of the frame's header and body under the
 * key the sender shares with its peer, truncated to its leftmost `FRAME.tagBytes` (16) bytes as
 * RFC 2104 §5 describes (≥ half the hash output, ≥ 80 bits; RFC 4868 HMAC-SHA-256-128 is the
 * same truncation). The HMAC itself is injected (`HmacSha256`): Moddable `hmac` on the device,
 * `@noble/hashes` on the host.
 */
import { FRAME } from "../frame/constants.ts";
import { HMAC_SHA256_BYTES, type HmacSha256 } from "../platform.ts";

export { HMAC_SHA256_BYTES };

/**
 * The tag of `authenticated` (a frame's header + body) under `key`, through the plain entry of
 * `hmac` (for forgers and tests; the channel uses `writeTag` and `verifyTag`).
 * @param hmac HMAC-SHA256 implementation (only its plain entry is used); must return
 *   `HMAC_SHA256_BYTES` bytes.
 * @param key the peer's key (16 bytes in this protocol).
 * @returns a new `FRAME.tagBytes`-byte array.
 * @throws RangeError when `hmac` returns fewer than `FRAME.tagBytes` bytes (a broken injection).
 */
export function computeTag(hmac: (key: Uint8Array, data: Uint8Array) => Uint8Array, key: Uint8Array, authenticated: Uint8Array): Uint8Array {
  const mac = hmac(key, authenticated);
  if (!(mac instanceof Uint8Array) || mac.length < FRAME.tagBytes) {
    throw new RangeError(`hmac returned ${mac instanceof Uint8Array ? mac.length : "no"} bytes; a tag needs ${FRAME.tagBytes}`);
  }
  return mac.slice(0, FRAME.tagBytes);
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
 * Writes the tag of a frame into its last `FRAME.tagBytes` bytes: the HMAC of the bytes before
 * them under `key`, computed with `hmac.into` on the frame itself (no view, no result array).
 * @param frame a whole frame whose header and body are written (`encodeUntagged`).
 * @param mac scratch space of at least `HMAC_SHA256_BYTES` bytes (the caller's, reused).
 * @throws RangeError from `hmac.into` for a frame shorter than a tag or a short `mac`.
 */
export function writeTag(hmac: HmacSha256, key: Uint8Array, frame: Uint8Array, mac: Uint8Array): void {
  const tagAt = frame.length - FRAME.tagBytes;
  hmac.into(key, frame, tagAt, mac);
  for (let i = 0; i < FRAME.tagBytes; i++) frame[tagAt + i] = mac[i]!;
}

/**
 * Checks the tag at the end of an encoded frame, in time that does not depend on where a wrong
 * tag differs (as `tagsEqual`), comparing in place: `hmac.into` on the frame itself, into `mac`.
 * Fails closed: `mac` is first filled with the complement of the frame's tag, so an `into` that
 * wrote nothing (a broken injection) refuses the frame instead of comparing a MAC left from an
 * earlier frame.
 * @param frame a whole frame: header + body + `FRAME.tagBytes` of tag. Its length was already
 *   checked by `decodeFrame`; a frame shorter than a tag is simply not authentic.
 * @param mac scratch space of at least `HMAC_SHA256_BYTES` bytes; default a new array per call
 *   (the channel passes its own, reused).
 * @returns true when the tag matches the HMAC of the rest under `key`.
 * @throws RangeError from `hmac.into` for a `mac` shorter than `HMAC_SHA256_BYTES`.
 */
export function verifyTag(hmac: HmacSha256, key: Uint8Array, frame: Uint8Array, mac: Uint8Array = new Uint8Array(HMAC_SHA256_BYTES)): boolean {
  if (frame.length < FRAME.tagBytes) return false;
  const tagAt = frame.length - FRAME.tagBytes;
  for (let i = 0; i < FRAME.tagBytes; i++) mac[i] = ~frame[tagAt + i]!;
  hmac.into(key, frame, tagAt, mac);
  let diff = 0;
  for (let i = 0; i < FRAME.tagBytes; i++) diff |= mac[i]! ^ frame[tagAt + i]!;
  return diff === 0;
}

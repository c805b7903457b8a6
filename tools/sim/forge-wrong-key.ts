/**
 * The attacker's `wrong_key` forger: a well-formed frame of the real protocol, signed with a
 * key the attacker made up. It takes a frame captured from the spoofed device, decodes it
 * (`decodeFrame` does not check tags), bumps its counter past the original (so it is not a
 * replay) and re-encodes it with an HMAC-SHA256 tag under 16 random bytes. The receiver must
 * reject it as `bad_tag`. It needs a captured frame (it learns the sender's node id from it).
 *
 * This is the only part of the simulator that knows the frame format; the engine gets it as a
 * plug-in (`DEFAULT_ENGINE.forgers`).
 */
import { KEY_BYTES } from "../../firmware/core/config.ts";
import { decodeFrame } from "../../firmware/core/frame/decode.ts";
import { encodeFrame } from "../../firmware/core/frame/encode.ts";
import type { Forger } from "./attacker.ts";
import { hmacSha256 } from "./hmac.ts";

/** Forges a frame under a random key; undefined without a decodable captured frame. */
export const forgeWrongKey: Forger = (captured, random) => {
  if (!captured) return undefined;
  const decoded = decodeFrame(captured);
  if (!decoded.ok) return undefined;
  const key = random.bytes(KEY_BYTES);
  const frame = { ...decoded.frame, counter: (decoded.frame.counter + 1) >>> 0 };
  return encodeFrame(frame, (authenticated) => hmacSha256(key, authenticated));
};

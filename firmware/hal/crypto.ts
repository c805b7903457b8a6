/** HMAC and randomness: declared in the core (which needs them), re-exported for the apps and adapters. */
export { HMAC_SHA256_BYTES, checkHmacInto, type HmacSha256, type RandomU32 } from "../core/platform.ts";

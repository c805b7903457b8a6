/** HMAC and randomness: declared in the core (which needs them), re-exported for the apps and adapters. */
export type { HmacSha256, RandomU32 } from "../core/platform.ts";

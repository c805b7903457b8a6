/**
 * Moddable `hmac` (`modules/crypt/etc/hmac.js`; the SDK ships no typings for it). Map it in the
 * manifest: `"hmac": "$(MODDABLE)/modules/crypt/etc/hmac"`, with the `crypt/digest` and
 * `crypt/bin` manifests. `sign()`/`verify()` exist but call an undefined `write`: use
 * `update`/`close` or `process`.
 */
declare module "hmac" {
  import type { Digest } from "crypt";

  export default class HMAC {
    /** `bitlen` truncates `sign()` output (0 = full length). */
    constructor(digest: Digest, key: ArrayBuffer, bitlen?: number);
    update(...data: (string | ArrayBuffer)[]): void;
    /** The tag; the instance can then be `reset()` for the same key. */
    close(): ArrayBuffer;
    reset(): void;
    /** `reset()`, `update(...data)`, `close()` in one call. */
    process(...data: (string | ArrayBuffer)[]): ArrayBuffer;
  }
}

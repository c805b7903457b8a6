/**
 * Moddable `crypt` digests (`modules/crypt/digest/crypt.js`, software "kcl" implementations).
 */
declare module "crypt" {
  export type DigestAlgorithm = "MD5" | "SHA1" | "SHA224" | "SHA256" | "SHA384" | "SHA512";

  export class Digest {
    constructor(algorithm: DigestAlgorithm);
    write(data: string | ArrayBuffer): void;
    /** The digest; call once, then `reset()` before reuse. */
    close(): ArrayBuffer;
    reset(): void;
    update(data: string | ArrayBuffer): void;
    /** Block size in bytes (64 for SHA-256). */
    readonly blockSize: number;
    /** Digest size in bytes (32 for SHA-256). */
    readonly outputSize: number;
  }
}

/**
 * Stand-in for the `Digest` class of Moddable's `crypt` module inside the XS engine. Only what
 * the firmware's HMAC adapter needs: `new Digest("SHA256")` with its block and output sizes
 * (FIPS 180-4: 64 and 32 bytes). Hashing itself happens in the `hmac` stand-in, on the host.
 */

/** A digest algorithm descriptor. */
export class Digest {
  /** Bytes per block. */
  readonly blockSize: number;
  /** Bytes of output. */
  readonly outputSize: number;
  readonly algorithm: string;

  /** @throws RangeError for any algorithm but SHA256 (the only one the firmware uses). */
  constructor(algorithm: string) {
    if (algorithm !== "SHA256") throw new RangeError(`Digest: only SHA256 is simulated, got ${String(algorithm)}`);
    this.algorithm = algorithm;
    this.blockSize = 64;
    this.outputSize = 32;
  }
}

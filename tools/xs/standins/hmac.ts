/**
 * Stand-in for Moddable's `hmac` module (`import HMAC from "hmac"`) inside the XS engine:
 * `new HMAC(new Digest("SHA256"), key)`, `update(…)`, `close()` → the 32-byte tag, computed by the
 * host's HMAC-SHA256 (RFC 2104) — the same function the Node engine gives the apps, as the device
 * computes it in native code. Keys and data are ArrayBuffers (strings are refused: the firmware
 * never hashes text).
 */
import { OPS } from "../protocol.ts";
import type { Digest } from "./crypt.ts";
import { fromHex, hostLink, toHex } from "./host-link.ts";

function bytesOf(data: ArrayBuffer, what: string): string {
  if (!(data instanceof ArrayBuffer)) throw new TypeError(`HMAC: ${what} must be an ArrayBuffer`);
  return toHex(new Uint8Array(data));
}

/** HMAC over a digest. */
export default class HMAC {
  readonly #key: string;
  #data = "";

  /** @throws RangeError for a digest other than SHA256; TypeError for a key that is not an ArrayBuffer. */
  constructor(digest: Digest, key: ArrayBuffer) {
    if (digest?.algorithm !== "SHA256") throw new RangeError("HMAC: only SHA256 is simulated");
    this.#key = bytesOf(key, "key");
  }

  /** Appends data. */
  update(...data: ArrayBuffer[]): void {
    for (const d of data) this.#data += bytesOf(d, "data");
  }

  /** The tag of everything given to `update`; resets the data. */
  close(): ArrayBuffer {
    const tag = fromHex(hostLink().call(OPS.hmac, this.#key, this.#data) as string);
    this.#data = "";
    return tag.buffer as ArrayBuffer;
  }
}

/**
 * The hal `HmacSha256` over Moddable's `hmac` and `crypt` modules: one
 * `new HMAC(new Digest("SHA256"), key)`, `update(data)`, `close()` per tag (RFC 2104, FIPS 180-4).
 *
 * `update`/`close` are used, not `sign`/`verify`: those call `this.write`, which Moddable's HMAC
 * does not define (`modules/crypt/etc/hmac.js`). Key and data go in as ArrayBuffers holding
 * exactly their bytes (`crypt` documents `write(string | ArrayBuffer)`). Known-answer tests
 * (RFC 4231) run against this adapter in `test/device`.
 */
import { checkHmacInto, type HmacSha256 } from "../hal/crypto.ts";
import { exactArrayBuffer } from "./array-buffer.ts";

/** What the adapter needs of a `crypt` Digest instance (`import {Digest} from "crypt"`). */
export interface DigestInstance {
  readonly blockSize: number;
  readonly outputSize: number;
}

/** What the adapter needs of Moddable's HMAC (`import HMAC from "hmac"`). */
export interface HmacInstance {
  update(...data: ArrayBuffer[]): void;
  close(): ArrayBuffer;
}

/** Options of `createHmacSha256`; `D` is the Digest class's instance type. */
export interface HmacOptions<D extends DigestInstance = DigestInstance> {
  /** `Digest` from `crypt` (a fake in tests). */
  Digest: new (algorithm: "SHA256") => D;
  /** `HMAC` from `hmac` (a fake in tests). */
  HMAC: new (digest: D, key: ArrayBuffer) => HmacInstance;
}

/**
 * A hal `HmacSha256`: the 32-byte tag of `data` under `key`, as a new Uint8Array; `into` writes
 * the tag of `data`'s first `length` bytes to `out` (one SDK HMAC per call either way: on the
 * device the prefix is copied into an ArrayBuffer of its own, as `exactArrayBuffer` copies any
 * view that is not its whole buffer).
 * @throws RangeError from `into` for a bad `length` or `out` (`checkHmacInto`), before any SDK call.
 */
export function createHmacSha256<D extends DigestInstance>(options: HmacOptions<D>): HmacSha256 {
  const { Digest, HMAC } = options;
  const mac = (key: Uint8Array, data: Uint8Array): ArrayBuffer => {
    const hmac = new HMAC(new Digest("SHA256"), exactArrayBuffer(key));
    hmac.update(exactArrayBuffer(data));
    return hmac.close();
  };
  return Object.assign((key: Uint8Array, data: Uint8Array): Uint8Array => new Uint8Array(mac(key, data)), {
    into(key: Uint8Array, data: Uint8Array, length: number, out: Uint8Array): void {
      checkHmacInto(data, length, out);
      out.set(new Uint8Array(mac(key, length === data.length ? data : data.subarray(0, length))));
    },
  });
}

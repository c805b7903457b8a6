/**
 * HMAC-SHA256 for the host side of the simulator, where it seals and opens every frame of a run:
 * the same function as `hmac.ts` (RFC 2104 over FIPS 180-4 SHA-256), byte for byte, about four
 * times cheaper on the simulator's short frames.
 *
 * Why not `hmac.ts` or `node:crypto`: measured on this project's 2-core host (Node 20, a 33-byte
 * heartbeat under a 16-byte key, CPU time per tag): `@noble/hashes` 5.5 µs (3.7 µs with the keyed
 * state cloned per call, `bench/keyed-hmac.ts` before), `node:crypto` `createHmac` 2.6 µs (most of
 * it the per-call object and the JS → C++ crossing), this module ≈ 0.8 µs. The cost is in the
 * fixed work around a short message, not in hashing: this module computes the inner and outer
 * keyed states once per key (RFC 2104 §4 suggests exactly this precomputation), so a frame of up
 * to 55 bytes costs two SHA-256 compressions instead of four, with no allocation but the result.
 *
 * `hmac.ts` stays the simulator's reference and the one bundled into the XS engine (it must not
 * import Node built-ins); this one is for Node only. Checked against RFC 4231 and against
 * `hmac.ts` for keys of 0–100 bytes and messages of 0–300 bytes
 * (`test/auth/hmac-sha256-matches-rfc4231.test.ts`, `test/sim/host-hmac-gives-the-bytes-of-the-reference-hmac.test.ts`).
 *
 * Entries: `h(key, data)` returns a new 32-byte array; `h.into(key, data, length, out)` MACs the
 * first `length` bytes of `data` into `out` and allocates nothing (the secure channel's entry:
 * a frame's tag covers its first bytes, issue 15 §3). Both share the code below.
 *
 * Keys: the keyed state is remembered per key array (a `WeakMap`, so a dropped key frees it) and
 * the key's bytes are compared on every call (16 bytes, a few ns), so an array whose contents
 * change gets a new state, never a stale tag.
 *
 * Recent results: in a simulation every frame's tag is computed twice, with the same key and the
 * same bytes, by its sender when it seals it and by its receiver when it opens it a few
 * milliseconds of virtual time later. HMAC is a pure function, so the second is looked up: the
 * last results for messages of up to `MEMO_MAX_BYTES` are kept in a small direct-mapped table
 * (`MEMO_SLOTS` slots, indexed by an FNV-1a hash of the message), each with its keyed state and a
 * copy of its message, and a hit is taken only when the key's bytes (each device holds its own
 * copy of a key) and the message's bytes are the same (compares of 16 and ≤ 64 bytes, a small
 * part of the two compressions they save). Issue 15 §3 (the simulator's CPU per frame).
 */
import { checkHmacInto, type HmacSha256 } from "../../firmware/hal/crypto.ts";

/** SHA-256 block size, bytes (FIPS 180-4 §1). */
const BLOCK_BYTES = 64;
/** SHA-256 digest size, bytes. */
const DIGEST_BYTES = 32;
/** Bytes the padding needs after a message: 0x80 and the 64-bit length (FIPS 180-4 §5.1.1). */
const PAD_MIN_BYTES = 9;

/** Slots of the table of recent results (a power of two): a frame is opened within a few ms of being sealed. */
const MEMO_SLOTS = 256;
/** Longest message whose result is kept, bytes (every frame of this protocol is shorter). */
const MEMO_MAX_BYTES = 64;

/** FIPS 180-4 §4.2.2: the 64 round constants. */
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** FIPS 180-4 §5.3.3: the initial hash value. */
const IV = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

/** The keyed states of one key: SHA-256 state after (key ⊕ ipad) and after (key ⊕ opad). */
interface KeyedState {
  key: Uint8Array;
  inner: Int32Array;
  outer: Int32Array;
}

/**
 * A new host HMAC-SHA256 (its own key cache and scratch space: no module-level state, so each
 * simulation may take its own).
 * @returns an `HmacSha256`: `(key, data)` → a new 32-byte array, and `into(key, data, length,
 *   out)` (RangeError for a bad `length` or `out`, `checkHmacInto`). Keys of any length (RFC 2104:
 *   longer than 64 bytes are hashed first).
 */
export function createHostHmacSha256(): HmacSha256 {
  const w = new Int32Array(64);
  const h = new Int32Array(8);
  const block = new Uint8Array(BLOCK_BYTES);
  /** The inner hash's digest, hashed again under the outer key. */
  const innerDigest = new Uint8Array(DIGEST_BYTES);
  const states = new WeakMap<Uint8Array, KeyedState>();

  /** One compression of `src[off … off+63]` into `state` (FIPS 180-4 §6.2.2). */
  const compress = (state: Int32Array, src: Uint8Array, off: number): void => {
    for (let i = 0; i < 16; i++, off += 4) w[i] = (src[off]! << 24) | (src[off + 1]! << 16) | (src[off + 2]! << 8) | src[off + 3]!;
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!;
      const y = w[i - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!, e = state[4]!, f = state[5]!, g = state[6]!, hh = state[7]!;
    for (let i = 0; i < 64; i++) {
      const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (hh + s1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
      const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    state[0] = (state[0]! + a) | 0;
    state[1] = (state[1]! + b) | 0;
    state[2] = (state[2]! + c) | 0;
    state[3] = (state[3]! + d) | 0;
    state[4] = (state[4]! + e) | 0;
    state[5] = (state[5]! + f) | 0;
    state[6] = (state[6]! + g) | 0;
    state[7] = (state[7]! + hh) | 0;
  };

  /**
   * Finishes a hash into `state` (already holding `prefixBytes` of compressed input, a multiple
   * of 64): compresses the first `n` bytes of `data` and the padding (FIPS 180-4 §5.1.1).
   */
  const finish = (state: Int32Array, prefixBytes: number, data: Uint8Array, n: number): void => {
    let off = 0;
    for (; off + BLOCK_BYTES <= n; off += BLOCK_BYTES) compress(state, data, off);
    const rest = n - off;
    for (let i = 0; i < rest; i++) block[i] = data[off + i]!;
    block[rest] = 0x80;
    for (let i = rest + 1; i < BLOCK_BYTES; i++) block[i] = 0;
    if (rest + PAD_MIN_BYTES > BLOCK_BYTES) {
      compress(state, block, 0);
      block.fill(0);
    }
    const bits = (prefixBytes + n) * 8;
    const hi = Math.floor(bits / 0x1_0000_0000);
    const lo = bits >>> 0;
    block[56] = hi >>> 24;
    block[57] = (hi >>> 16) & 0xff;
    block[58] = (hi >>> 8) & 0xff;
    block[59] = hi & 0xff;
    block[60] = lo >>> 24;
    block[61] = (lo >>> 16) & 0xff;
    block[62] = (lo >>> 8) & 0xff;
    block[63] = lo & 0xff;
    compress(state, block, 0);
  };

  /** Big-endian bytes of `state` (8 words) into `out`. */
  const bytesOf = (state: Int32Array, out: Uint8Array): Uint8Array => {
    for (let i = 0, o = 0; i < 8; i++, o += 4) {
      const v = state[i]!;
      out[o] = v >>> 24;
      out[o + 1] = (v >>> 16) & 0xff;
      out[o + 2] = (v >>> 8) & 0xff;
      out[o + 3] = v & 0xff;
    }
    return out;
  };

  const keyedState = (key: Uint8Array): KeyedState => {
    let k = key;
    if (k.length > BLOCK_BYTES) {
      h.set(IV);
      finish(h, 0, k, k.length);
      k = bytesOf(h, new Uint8Array(DIGEST_BYTES));
    }
    const pad = new Uint8Array(BLOCK_BYTES);
    const inner = Int32Array.from(IV);
    const outer = Int32Array.from(IV);
    pad.fill(0x36);
    for (let i = 0; i < k.length; i++) pad[i] ^= k[i]!;
    compress(inner, pad, 0);
    pad.fill(0x5c);
    for (let i = 0; i < k.length; i++) pad[i] ^= k[i]!;
    compress(outer, pad, 0);
    return { key: key.slice(), inner, outer };
  };

  // The table of recent results: per slot, the keyed state (identity), the message and the MAC.
  const memoState: Array<KeyedState | undefined> = new Array<KeyedState | undefined>(MEMO_SLOTS).fill(undefined);
  const memoLength = new Int32Array(MEMO_SLOTS);
  const memoData = new Uint8Array(MEMO_SLOTS * MEMO_MAX_BYTES);
  const memoMac = new Uint8Array(MEMO_SLOTS * DIGEST_BYTES);

  /** The slot of the first `n` bytes of `data` (FNV-1a, 32 bits, folded). */
  const slotOf = (data: Uint8Array, n: number): number => {
    let x = 0x811c9dc5;
    for (let i = 0; i < n; i++) x = Math.imul(x ^ data[i]!, 0x01000193);
    return (x ^ (x >>> 16)) & (MEMO_SLOTS - 1);
  };

  /**
   * True when slot `slot` holds the result of the first `n` bytes of `data` under the key of
   * state `s`. Keys are compared by their bytes: the sender and the receiver of a frame each hold
   * their own copy of the key.
   */
  const memoHolds = (slot: number, s: KeyedState, data: Uint8Array, n: number): boolean => {
    const held = memoState[slot];
    if (held === undefined || memoLength[slot] !== n || (held !== s && !sameBytes(held.key, s.key))) return false;
    const at = slot * MEMO_MAX_BYTES;
    for (let i = 0; i < n; i++) if (memoData[at + i] !== data[i]) return false;
    return true;
  };

  const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  };

  /** The MAC of the first `n` bytes of `data` under `key`, into `out[0 … 31]` (arguments checked by the caller). */
  const macInto = (key: Uint8Array, data: Uint8Array, n: number, out: Uint8Array): void => {
    let s = states.get(key);
    if (s === undefined || !sameBytes(s.key, key)) {
      s = keyedState(key);
      states.set(key, s);
    }
    const memo = n <= MEMO_MAX_BYTES;
    const slot = memo ? slotOf(data, n) : 0;
    if (memo && memoHolds(slot, s, data, n)) {
      const at = slot * DIGEST_BYTES;
      for (let i = 0; i < DIGEST_BYTES; i++) out[i] = memoMac[at + i]!;
      return;
    }
    h.set(s.inner);
    finish(h, BLOCK_BYTES, data, n);
    bytesOf(h, innerDigest);
    h.set(s.outer);
    finish(h, BLOCK_BYTES, innerDigest, DIGEST_BYTES);
    bytesOf(h, out);
    if (memo) {
      memoState[slot] = s;
      memoLength[slot] = n;
      const at = slot * MEMO_MAX_BYTES;
      for (let i = 0; i < n; i++) memoData[at + i] = data[i]!;
      const macAt = slot * DIGEST_BYTES;
      for (let i = 0; i < DIGEST_BYTES; i++) memoMac[macAt + i] = out[i]!;
    }
  };

  return Object.assign(
    (key: Uint8Array, data: Uint8Array): Uint8Array => {
      const out = new Uint8Array(DIGEST_BYTES);
      macInto(key, data, data.length, out);
      return out;
    },
    {
      into(key: Uint8Array, data: Uint8Array, length: number, out: Uint8Array): void {
        checkHmacInto(data, length, out);
        macInto(key, data, length, out);
      },
    },
  );
}

/**
 * Seeded pseudo-random streams for the simulator: xoshiro128** (Blackman & Vigna, "Scrambled
 * linear pseudorandom number generators", ACM TOMS 2021; reference C at prng.di.unimi.it),
 * written from the published algorithm. Period 2^128 − 1; 32-bit output; passes BigCrush.
 *
 * **Streams.** Every consumer of randomness gets its own stream, named by a label and derived
 * from the scenario seed: `device:<id>` (the app's `RandomU32`), `link:<from>><to>` (the radio
 * model of one directed link), `key:<id>` (provisioning), `attacker`. A stream depends only on
 * (seed, label), so adding a device or a link never changes another's numbers, and the same
 * seed gives the same run byte for byte.
 *
 * No `Math.random`, no wall clock: determinism is the point.
 */

/** MurmurHash3's 32-bit finalizer (Appleby, public domain): a bijective avalanche mix. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85eb_ca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2_ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a 32-bit over the UTF-16 code units of `text` (Fowler–Noll–Vo, IETF draft-eastlake-fnv). */
function fnv1a32(text: string, basis = 0x811c_9dc5): number {
  let h = basis;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x0100_0193);
  }
  return h >>> 0;
}

/** Largest seed a scenario may give: seeds are unsigned 32-bit integers. */
export const SEED_MAX = 0xffff_ffff;

/** A seeded stream with the draws the simulator needs. */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /**
   * A stream for (`seed`, `label`). The 128-bit state is filled from two independent 32-bit
   * hashes of the label mixed with the seed, then warmed up, and is never all zero.
   * @param seed unsigned 32-bit integer (0 … 2^32 − 1).
   * @param label the stream's name, e.g. "device:clinic".
   * @throws RangeError if seed is not an integer in range.
   */
  constructor(seed: number, label: string) {
    if (!Number.isInteger(seed) || seed < 0 || seed > SEED_MAX) {
      throw new RangeError(`seed must be an integer 0…${SEED_MAX}, got ${seed}`);
    }
    const a = fnv1a32(label);
    const b = fnv1a32(label, 0x9e37_79b9);
    const s = fmix32(seed ^ 0x5bd1_e995);
    this.s0 = fmix32(a ^ s);
    this.s1 = fmix32(b + s);
    this.s2 = fmix32(Math.imul(a ^ b, 0x2545_f491) ^ s ^ 0x6a09_e667);
    this.s3 = fmix32(s + 0x3c6e_f372 + a);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    for (let i = 0; i < 8; i++) this.u32();
  }

  /**
   * A stream with an explicit 128-bit state, for known-answer tests against the reference C.
   * @throws RangeError if the state is all zero (a fixed point of the generator).
   */
  static fromState(s0: number, s1: number, s2: number, s3: number): Random {
    if (((s0 | s1 | s2 | s3) >>> 0) === 0) throw new RangeError("xoshiro128** state must not be all zero");
    const r = new Random(0, "");
    r.s0 = s0 >>> 0;
    r.s1 = s1 >>> 0;
    r.s2 = s2 >>> 0;
    r.s3 = s3 >>> 0;
    return r;
  }

  /** The next unsigned 32-bit integer (xoshiro128**). */
  u32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform float in [0, 1) with 32 bits of resolution. */
  float(): number {
    return this.u32() / 0x1_0000_0000;
  }

  /** True with probability `p` (one draw, always taken, so streams stay aligned). */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /**
   * A uniform integer in [lo, hi] (inclusive); the bias of scaling a 32-bit draw is below
   * (hi − lo + 1) / 2^32, negligible for simulation.
   */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** `n` random bytes (a new array). */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      let w = this.u32();
      for (let j = i; j < i + 4 && j < n; j++, w >>>= 8) out[j] = w & 0xff;
    }
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

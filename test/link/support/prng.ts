/**
 * A seeded, repeatable `RandomU32` for tests and simulations: a Weyl sequence (step 0x9E3779B9,
 * the 32-bit golden-ratio constant) passed through the MurmurHash3 32-bit finaliser (`fmix32`:
 * xor-shift 16, multiply 0x85EBCA6B, xor-shift 13, multiply 0xC2B2AE35, xor-shift 16). Every seed
 * gives a full-period, well-mixed stream; different seeds give unrelated streams.
 */
import type { RandomU32 } from "../../../firmware/hal/crypto.ts";

const GOLDEN = 0x9e37_79b9;

/** A repeatable uniform u32 source for `seed` (any integer). */
export function seededRandom(seed: number): RandomU32 {
  let state = fmix32(seed >>> 0) ^ 0x5bd1_e995;
  return () => {
    state = (state + GOLDEN) >>> 0;
    return fmix32(state);
  };
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85eb_ca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2_ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in [0, 1) from `random`. */
export function unit(random: RandomU32): number {
  return (random() >>> 0) / 0x1_0000_0000;
}

/** A uniform integer in [lo, hi] from `random`. */
export function intBetween(random: RandomU32, lo: number, hi: number): number {
  return lo + Math.floor(unit(random) * (hi - lo + 1));
}

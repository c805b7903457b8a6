/**
 * A seeded, repeatable `RandomU32` for tests: the simulator's own generator (`tools/sim/random.ts`,
 * xoshiro128**), one stream per seed, rather than a second generator kept here.
 */
import type { RandomU32 } from "../../firmware/hal/crypto.ts";
import { Random } from "../../tools/sim/random.ts";

/** The stream label of every test stream (`tools/sim/random.ts`: streams are named by label). */
const TEST_STREAM = "test";

/** A repeatable uniform u32 source for `seed` (any integer; taken mod 2^32). */
export function seededRandom(seed: number): RandomU32 {
  const stream = new Random(Math.trunc(seed) >>> 0, TEST_STREAM);
  return () => stream.u32();
}

/** A uniform number in [0, 1) from `random`. */
export function unit(random: RandomU32): number {
  return (random() >>> 0) / 0x1_0000_0000;
}

/** A uniform integer in [lo, hi] from `random`. */
export function intBetween(random: RandomU32, lo: number, hi: number): number {
  return lo + Math.floor(unit(random) * (hi - lo + 1));
}

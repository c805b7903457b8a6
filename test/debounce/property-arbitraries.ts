/** fast-check arbitraries shared by the debounce property tests. */
import fc from "fast-check";
import type { Level } from "../../firmware/core/debounce/index.ts";
import { TICKS_MODULUS } from "../../firmware/core/ticks.ts";

/** A random input: window, initial level, start tick, and alternating edges at random gaps. */
export interface RandomInput {
  windowMs: number;
  initial: Level;
  start: number;
  edges: [number, Level][];
}

export const randomInput: fc.Arbitrary<RandomInput> = fc
  .record({
    windowMs: fc.integer({ min: 1, max: 60 }),
    initial: fc.constantFrom<Level>(0, 1),
    start: fc.oneof(fc.integer({ min: 0, max: TICKS_MODULUS - 1 }), fc.integer({ min: TICKS_MODULUS - 200, max: TICKS_MODULUS - 1 })),
    // gaps in tenths of a ms: many sub-ms (coalesced), many around typical windows
    gaps: fc.array(fc.oneof(fc.integer({ min: 1, max: 15 }), fc.integer({ min: 1, max: 900 })), { maxLength: 60 }),
  })
  .map(({ windowMs, initial, start, gaps }) => {
    const edges: [number, Level][] = [];
    let t = 0;
    let level: Level = initial;
    for (const g of gaps) {
      t += g / 10;
      level = level === 0 ? 1 : 0;
      edges.push([Math.round(t * 10) / 10, level]);
    }
    return { windowMs, initial, start, edges };
  });

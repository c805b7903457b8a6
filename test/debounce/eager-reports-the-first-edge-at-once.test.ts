/**
 * Property (fast-check): for random edge sequences driven as the device drives them, `eager`
 * - reports the first edge at once: a read that differs from the debounced level, a window or
 *   more after the last report, is reported by that very call;
 * - reports changes at least a window apart, each one the level the input read last (at a
 *   window's end, the last read before the end);
 * - ends at the input's final level; reports alternate.
 */
import test from "ava";
import fc from "fast-check";
import { coalesce, runExact } from "./harness.ts";
import { randomInput } from "./property-arbitraries.ts";

test("eager reports the first edge at once, then at most one change per window", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(randomInput, ({ windowMs, initial, start, edges }) => {
        const samples = coalesce(edges);
        const calls = runExact(edges, "eager", windowMs, initial, start);
        let level = initial;
        let lastReport = -Infinity;
        let raw = initial;
        for (const c of calls) {
          const rawBefore = raw;
          if (c.raw !== undefined) raw = c.raw;
          const windowOver = c.rel - lastReport >= windowMs;
          // A window that ends exactly at a read sees the level read before it (update() is
          // poll() then the read), so "quiet" means: nothing pending from before this read.
          if (c.raw !== undefined && windowOver && rawBefore === level && c.raw !== level && c.out !== c.raw) {
            throw new Error(`read of ${c.raw} at ${c.rel}, ${c.rel - lastReport} ms after the last report, not reported at once`);
          }
          if (c.out !== undefined) {
            if (c.out === level) throw new Error(`report at ${c.rel} repeats level ${level}`);
            if (c.rel - lastReport < windowMs) throw new Error(`reports at ${lastReport} and ${c.rel} are closer than ${windowMs} ms`);
            const expected = rawBefore !== level ? rawBefore : raw;
            if (c.out !== expected) throw new Error(`report of ${c.out} at ${c.rel}; the input read ${rawBefore} then ${raw}`);
            level = c.out;
            lastReport = c.rel;
          }
          if (c.level !== level) throw new Error(`level ${c.level} at ${c.rel} without a report`);
        }
        const finalRaw = samples.length ? samples[samples.length - 1][1] : initial;
        if (level !== finalRaw) throw new Error(`after the input settled the level is ${level}, not ${finalRaw}`);
      }),
      { numRuns: 400, verbose: 1 },
    ),
  );
});

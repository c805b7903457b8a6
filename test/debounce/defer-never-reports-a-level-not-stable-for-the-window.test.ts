/**
 * Property (fast-check): for random edge sequences (sub-ms bursts and long gaps, any window,
 * any start tick including just before the 2^32 wrap), driven as the device drives it, `defer`
 * - reports a level only if the input read that level, and nothing else, for the whole window
 *   before the report;
 * - never lags: whenever the input has read one level for the whole window, that is the
 *   debounced level;
 * - reports alternate (each report differs from the level before it).
 */
import test from "ava";
import fc from "fast-check";
import { coalesce, runExact } from "./harness.ts";
import { randomInput } from "./property-arbitraries.ts";

test("defer reports only levels that were stable for the window, and never lags", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(randomInput, ({ windowMs, initial, start, edges }) => {
        const samples = coalesce(edges);
        const calls = runExact(edges, "defer", windowMs, initial, start);
        let level = initial;
        for (const c of calls) {
          if (c.out !== undefined) {
            if (c.out === level) throw new Error(`report at ${c.rel} repeats level ${level}`);
            // the input over [rel - window, rel): reads before rel only (a read at rel comes after)
            const before = samples.filter(([s]) => s < c.rel);
            const atWindowStart = [...before].reverse().find(([s]) => s <= c.rel - windowMs);
            if (!atWindowStart || atWindowStart[1] !== c.out) {
              throw new Error(`report of ${c.out} at ${c.rel}: the input did not read ${c.out} at ${c.rel - windowMs}`);
            }
            const inside = before.filter(([s]) => s > c.rel - windowMs && s < c.rel);
            if (inside.some(([, l]) => l !== c.out)) throw new Error(`report of ${c.out} at ${c.rel}: the input changed within the window`);
            level = c.out;
          }
          if (c.level !== level) throw new Error(`level ${c.level} at ${c.rel} without a report`);
          // never lags: find when the current input level began
          const upTo = samples.filter(([s]) => s <= c.rel);
          if (upTo.length) {
            const raw = upTo[upTo.length - 1][1];
            let k = upTo.length - 1;
            while (k > 0 && upTo[k - 1][1] === raw) k--;
            const since = raw === initial && upTo.every(([, l]) => l === initial) ? -Infinity : upTo[k][0];
            if (c.rel - since >= windowMs && c.level !== raw) {
              throw new Error(`at ${c.rel} the input has read ${raw} since ${since} but the level is ${c.level}`);
            }
          }
        }
        const finalRaw = samples.length ? samples[samples.length - 1][1] : initial;
        if (level !== finalRaw) throw new Error(`after the input settled the level is ${level}, not ${finalRaw}`);
      }),
      { numRuns: 400, verbose: 1 },
    ),
  );
});

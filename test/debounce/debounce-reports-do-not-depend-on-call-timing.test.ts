/**
 * Property (fast-check): what a debouncer reports depends only on the input, not on when the
 * app calls it. For random inputs, the changes reported with exact timers become the expected
 * vector, and the harness replays it under a random schedule (late timers, periodic polls, no
 * timers at all, re-reads) from a random start tick: every change must still be reported, in
 * order, by the first call at or after its time, then 60 s of quiet must stay silent.
 */
import test from "ava";
import fc from "fast-check";
import { DEBOUNCE_STRATEGIES } from "../../firmware/core/debounce/index.ts";
import { checkTable, replayTable, runExact, SCHEDULES, type DebounceTable } from "./harness.ts";
import { randomInput } from "./property-arbitraries.ts";

for (const strategy of DEBOUNCE_STRATEGIES) {
  test(`${strategy}: the same changes are reported whatever the call schedule`, (t) => {
    t.notThrows(() =>
      fc.assert(
        fc.property(randomInput, fc.constantFrom(...SCHEDULES), ({ windowMs, initial, start, edges }, schedule) => {
          const exact = runExact(edges, strategy, windowMs, initial, start)
            .filter((c) => c.out !== undefined)
            .map((c) => [c.rel, c.out!] as const);
          const table: DebounceTable = {
            name: "random input",
            windowMs,
            initial,
            edges,
            expect: { [strategy]: exact },
          };
          checkTable(table);
          const { problems } = replayTable(table, strategy, schedule, start);
          if (problems.length) throw new Error(problems.slice(0, 3).join("\n"));
        }),
        { numRuns: 80, verbose: 1 },
      ),
    );
  });
}

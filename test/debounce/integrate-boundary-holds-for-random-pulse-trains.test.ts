/**
 * Property (fast-check) of `integrate`'s boundary (firmware/core/debounce/README.md
 * "integrate"), on whole-ms edges so that the ticks see exactly the durations drawn, from
 * random start ticks (across the 2^32 wrap too):
 * - never passes: a train of pulses each shorter than the window, each gap at least half the
 *   pulse before it, gives no report at all;
 * - passes: a level held while contrary pulses of o ms come every P ms, o < P / 3 and o < W, is reported
 *   once, within ⌈W / (P − 3o)⌉ + 1 periods of its start, and never undone until the real end.
 */
import test from "ava";
import fc from "fast-check";
import type { Level } from "../../firmware/core/debounce/index.ts";
import { TICKS_MODULUS } from "../../firmware/core/ticks.ts";
import { runExact } from "./harness.ts";

const start = fc.oneof(fc.integer({ min: 0, max: TICKS_MODULUS - 1 }), fc.integer({ min: TICKS_MODULUS - 2000, max: TICKS_MODULUS - 1 }));

test("integrate never passes pulses shorter than the window whose gaps are at least half of them", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 60 }).chain((windowMs) =>
          fc.record({
            windowMs: fc.constant(windowMs),
            initial: fc.constantFrom<Level>(0, 1),
            start,
            pulses: fc.array(fc.record({ p: fc.integer({ min: 1, max: windowMs - 1 }), extra: fc.integer({ min: 0, max: 40 }) }), { minLength: 1, maxLength: 80 }),
          }),
        ),
        ({ windowMs, initial, start, pulses }) => {
          const other: Level = initial === 0 ? 1 : 0;
          const edges: [number, Level][] = [];
          let t = 5;
          for (const { p, extra } of pulses) {
            edges.push([t, other], [t + p, initial]);
            t += p + Math.ceil(p / 2) + extra;
          }
          const reports = runExact(edges, "integrate", windowMs, initial, start).filter((c) => c.out !== undefined);
          if (reports.length) throw new Error(`reported ${JSON.stringify(reports[0])}`);
        },
      ),
      { numRuns: 300, seed: 103, verbose: 1 },
    ),
  );
});

test("integrate passes a level held through contrary pulses of o ms every P ms when o < P / 3, once, and keeps it", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(
        fc.record({
          windowMs: fc.integer({ min: 1, max: 60 }),
          initial: fc.constantFrom<Level>(0, 1),
          start,
          periodMs: fc.integer({ min: 4, max: 60 }),
          openFraction: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        ({ windowMs, initial, start, periodMs, openFraction }) => {
          const maxOpen = Math.ceil(periodMs / 3) - 1; // o < P / 3
          const o = Math.max(1, Math.round(openFraction * maxOpen));
          if (3 * o >= periodMs || o >= windowMs) return; // no such o for this P (or an open the window itself passes)
          const pressed: Level = initial === 0 ? 1 : 0;
          const periods = Math.ceil(windowMs / (periodMs - 3 * o)) + 1;
          const holdPeriods = periods + 20;
          const edges: [number, Level][] = [[10, pressed]];
          for (let k = 1; k <= holdPeriods; k++) {
            const at = 10 + k * periodMs - o;
            edges.push([at, initial], [at + o, pressed]);
          }
          const end = 10 + (holdPeriods + 1) * periodMs;
          edges.push([end, initial]);
          const reports = runExact(edges, "integrate", windowMs, initial, start).filter((c) => c.out !== undefined);
          const want = JSON.stringify([pressed, initial]);
          if (JSON.stringify(reports.map((c) => c.out)) !== want) throw new Error(`o ${o} P ${periodMs}: reports ${JSON.stringify(reports.map((c) => [c.rel, c.out]))}`);
          if (reports[0]!.rel > 10 + periods * periodMs) throw new Error(`o ${o} P ${periodMs}: pressed only at ${reports[0]!.rel}`);
          if (reports[1]!.rel < end) throw new Error(`o ${o} P ${periodMs}: released at ${reports[1]!.rel}, before the end ${end}`);
        },
      ),
      { numRuns: 300, seed: 104, verbose: 1 },
    ),
  );
});

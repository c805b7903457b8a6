/**
 * Claim (issue 10 point 8): `bell trace debounce --events` and `bell sim` give the same press
 * times for the same input. Property (fast-check): random button inputs — sub-ms edge pairs
 * (bounce, a pulse inside one ms), ms-long pulses, long holds — under random debounce strategy,
 * window, hold and input latency, are played onto the real caller app in the simulator and
 * replayed by `replayEvents` (what `bell trace debounce --events` prints); the caller's `press`
 * events, as ms after the input's start on its tick counter, must be the replay's presses.
 *
 * The caller emits no event for a release, so releases are compared where they are visible: a
 * release that comes before the hold ends cancels the press in both, and the next press needs
 * the release, so every press after the first checks the release before it.
 */
import test from "ava";
import fc from "fast-check";
import { DEBOUNCE_STRATEGIES, type Level } from "../../firmware/core/debounce/index.ts";
import { replayEvents } from "../../tools/trace/replay.ts";
import { simulate } from "../scenarios/support/simulate.ts";

const AT_MS = 1000;

/** Random input: alternating edges from idle (1) at integer µs, ending idle. */
const input = fc
  .record({
    strategy: fc.constantFrom(...DEBOUNCE_STRATEGIES),
    windowMs: fc.integer({ min: 1, max: 40 }),
    holdMs: fc.constantFrom(0, 1, 10, 100),
    latencyUs: fc.constantFrom(0, 1, 100, 250, 999, 1000, 1500),
    // gaps in µs: sub-ms (two edges inside one ms), around a ms, around the windows, long holds
    gapsUs: fc.array(fc.oneof(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 900, max: 2100 }), fc.integer({ min: 1000, max: 60_000 }), fc.integer({ min: 60_000, max: 400_000 })), {
      minLength: 1,
      maxLength: 40,
    }),
  })
  .map(({ gapsUs, ...rest }) => {
    const timesUs: number[] = [];
    let t = 0;
    for (const g of gapsUs) timesUs.push((t += g));
    if (timesUs.length % 2 === 1) timesUs.push(t + 50_000); // end released
    return { ...rest, timesUs };
  });

test("bell trace debounce --events and bell sim give the same press times", (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(input, ({ strategy, windowMs, holdMs, latencyUs, timesUs }) => {
        const edges = timesUs.map((us, i): [number, Level] => [us / 1000, i % 2 === 0 ? 0 : 1]);
        const endMs = Math.ceil(timesUs[timesUs.length - 1]! / 1000) + windowMs + holdMs + 10;
        const run = simulate({
          duration_ms: AT_MS + endMs + 100,
          seed: 8,
          devices: [
            { id: "post", role: "receiver" },
            { id: "c1", role: "caller", input_latency_us: latencyUs, config: { debounce_strategy: strategy, debounce_ms: windowMs, hold_ms: holdMs } },
          ],
          inputs: [{ at_ms: AT_MS, device: "c1", edges }],
        });
        const simPresses = run.of("press", "c1").map((e) => Math.floor(e.t) - AT_MS);
        const replay = replayEvents({ name: "button", initial: 1, times: Float64Array.from(timesUs, (us) => us / 1000) }, endMs, {
          debounce: { strategy, windowMs },
          holdMs,
          inputLatencyUs: latencyUs,
        });
        const replayPresses = replay.events.filter((e) => e.event === "press").map((e) => e.t);
        if (JSON.stringify(simPresses) !== JSON.stringify(replayPresses)) {
          throw new Error(`sim presses ${JSON.stringify(simPresses)} ≠ replay presses ${JSON.stringify(replayPresses)}`);
        }
      }),
      { numRuns: 150, seed: 20261205, verbose: 1 },
    ),
  );
});

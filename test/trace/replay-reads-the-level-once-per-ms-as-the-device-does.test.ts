/**
 * The replay model (docs/traces.md §Replay): one `onReadable` per integer ms holding edges, at
 * tick start + floor(t), reading the level at the end of that ms; timers exactly at deadlines;
 * after the capture the level holds until the debouncer has settled. Results are in ms from
 * the trace's start whatever the device's tick counter read at it, across the 2^32 wrap too.
 */
import test from "ava";
import { replayEvents, replayTransitions } from "../../tools/trace/replay.ts";
import type { Level, TraceSignal } from "../../tools/trace/trace.ts";

const signal = (initial: Level, times: number[]): TraceSignal => ({ name: "s", initial, times: Float64Array.from(times) });

const CASES: readonly {
  what: string;
  initial: Level;
  times: number[];
  endMs: number;
  strategy: "defer" | "eager";
  reads: number;
  expect: [number, boolean][];
}[] = [
  // 10.2→0, 10.7→1: both in ms 10, which ends at 1: one read of the idle level.
  { what: "a pulse inside one ms is invisible, even to eager", initial: 1, times: [10.2, 10.7], endMs: 100, strategy: "eager", reads: 1, expect: [] },
  // 10.7→0, 11.2→1: reads 10→0, 11→1. eager: pressed at 10, window to 40 ends at 1 → released at 40.
  { what: "a 0.5 ms pulse across a ms boundary is one read of each level", initial: 1, times: [10.7, 11.2], endMs: 100, strategy: "eager", reads: 2, expect: [[10, true], [40, false]] },
  // a burst of 6 edges in ms 20 ending low, then low: one read (0) at 20 → defer pressed at 50.
  { what: "a sub-ms burst is coalesced into one read", initial: 1, times: [20.1, 20.2, 20.3, 20.4, 20.5, 20.6, 20.7], endMs: 100, strategy: "defer", reads: 1, expect: [[50, true]] },
  // press read at 90, capture ends at 100: the level holds, so the press is reported at 120.
  { what: "a change near the end settles after the end", initial: 1, times: [90], endMs: 100, strategy: "defer", reads: 1, expect: [[120, true]] },
  { what: "no edges, no reads, no transitions", initial: 1, times: [], endMs: 5000, strategy: "defer", reads: 0, expect: [] },
];

for (const c of CASES) {
  for (const startTicks of [0, 7777, 0xffff_fff0]) {
    test(`${c.what} (start tick ${startTicks})`, (t) => {
      const { transitions, stats } = replayTransitions(signal(c.initial, c.times), c.endMs, { debounce: { strategy: c.strategy }, startTicks });
      t.deepEqual(transitions.map((x) => [x.t, x.pressed]), c.expect);
      t.is(stats.reads, c.reads);
      t.is(stats.edges, c.times.length);
    });
  }
}

test("active-high: pressed is level 1", (t) => {
  const { transitions } = replayTransitions(signal(0, [100, 300]), 400, { activeLow: false });
  t.deepEqual(transitions, [{ t: 130, pressed: true }, { t: 330, pressed: false }]);
});

test("events: stuck is reported inside a long enough capture only", (t) => {
  // press read at 1000 → press at 1030; stuck 1030 + 30000 = 31030
  t.deepEqual(replayEvents(signal(1, [1000]), 40_000).events, [
    { t: 1030, event: "press" },
    { t: 31_030, event: "stuck" },
  ]);
  t.deepEqual(replayEvents(signal(1, [1000]), 10_000).events, [{ t: 1030, event: "press" }]);
});

test("events: a trace that starts pressed never presses (held at boot), then presses normally", (t) => {
  // released at 500 → 530 (nothing: held at boot); pressed at 1000 → 1030, released 1200 → 1230
  t.deepEqual(replayEvents(signal(0, [500, 1000, 1200]), 2000, { startTicks: 0xffff_fc00 }).events, [
    { t: 1030, event: "press" },
    { t: 1230, event: "release" },
  ]);
});

test("events: hold-to-trigger across the wrap", (t) => {
  // pressed read at 100 → debounced 130, held until 1130 → press; released 2000 → 2030
  const events = replayEvents(signal(1, [100, 2000]), 3000, { holdMs: 1000, startTicks: 0xffff_ffff - 500 }).events;
  t.deepEqual(events, [
    { t: 1130, event: "press" },
    { t: 2030, event: "release" },
  ]);
});

test("bad replay options name the field", (t) => {
  t.throws(() => replayTransitions(signal(1, []), 0, { debounce: { windowMs: 0 } }), { instanceOf: RangeError, message: /^debounce\.windowMs: / });
  t.throws(() => replayTransitions(signal(1, []), 0, { startTicks: 2 ** 32 }), { instanceOf: RangeError, message: /^startTicks: / });
  t.throws(() => replayEvents(signal(1, []), 0, { holdMs: 5000, stuckMs: 4000 }), { instanceOf: RangeError, message: /^stuckMs: / });
});

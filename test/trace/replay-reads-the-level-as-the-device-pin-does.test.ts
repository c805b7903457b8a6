/**
 * The replay model (docs/traces.md §Replay) is the simulator's pin: an edge with no read pending
 * queues `onReadable` `inputLatencyUs` later (default 100 µs); edges before it are coalesced;
 * the read takes the level then, at tick start + floor(µs / 1000); an edge at the very µs of a
 * read comes first. Timers fire exactly at deadlines; after the capture the level holds until
 * the debouncer has settled. Results are in ms from the trace's start whatever the device's
 * tick counter read at it, across the 2^32 wrap too. (Until issue 10 the replay read once per
 * integer ms at its end, so a sub-ms pulse inside one ms vanished and the latency was ignored:
 * the device and the tool disagreed by a ms.)
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
  inputLatencyUs?: number;
}[] = [
  // 10.2→0 read at 10.3 as 0, 10.7→1 read at 10.8 as 1: eager presses at 10, its window to 40
  // ends at 1 → released at 40. (The old once-a-ms model lost this pulse; the device does not.)
  { what: "a 0.5 ms pulse inside one ms is seen, as the device sees it", initial: 1, times: [10.2, 10.7], endMs: 100, strategy: "eager", reads: 2, expect: [[10, true], [40, false]] },
  // 10.2→0, 10.25→1: the read at 10.3 finds 1 again.
  { what: "a pulse shorter than the input latency is invisible, even to eager", initial: 1, times: [10.2, 10.25], endMs: 100, strategy: "eager", reads: 1, expect: [] },
  // 10.7→0 read at 10.8, 11.2→1 read at 11.3. eager: pressed at 10, window to 40 ends at 1 → released at 40.
  { what: "a 0.5 ms pulse across a ms boundary is one read of each level", initial: 1, times: [10.7, 11.2], endMs: 100, strategy: "eager", reads: 2, expect: [[10, true], [40, false]] },
  // 20.1→0: read due at 20.2, where the edge →1 comes first: reads 1; likewise 20.3/20.4 and
  // 20.5/20.6; 20.7→0 read at 20.8 as 0. 4 reads, 0 from tick 20 → defer pressed at 50.
  { what: "a sub-ms burst is read as the device reads it", initial: 1, times: [20.1, 20.2, 20.3, 20.4, 20.5, 20.6, 20.7], endMs: 100, strategy: "defer", reads: 4, expect: [[50, true]] },
  // press read at 90.1, capture ends at 100: the level holds, so the press is reported at 120.
  { what: "a change near the end settles after the end", initial: 1, times: [90], endMs: 100, strategy: "defer", reads: 1, expect: [[120, true]] },
  // 10.85→0 with a 1 ms latency: read at 11.85, tick 11 → defer pressed at 41; with the default
  // 100 µs, read at 10.95, tick 10 → 40; 10.95→0 with the default: read at 11.05 → 41.
  { what: "a 1 ms input latency moves a read into the next ms", initial: 1, times: [10.85], endMs: 100, strategy: "defer", reads: 1, expect: [[41, true]], inputLatencyUs: 1000 },
  { what: "the default input latency keeps an edge 0.15 ms before the tick in its ms", initial: 1, times: [10.85], endMs: 100, strategy: "defer", reads: 1, expect: [[40, true]] },
  { what: "the default input latency moves an edge 0.05 ms before the tick into the next ms", initial: 1, times: [10.95], endMs: 100, strategy: "defer", reads: 1, expect: [[41, true]] },
  { what: "no edges, no reads, no transitions", initial: 1, times: [], endMs: 5000, strategy: "defer", reads: 0, expect: [] },
];

for (const c of CASES) {
  for (const startTicks of [0, 7777, 0xffff_fff0]) {
    test(`${c.what} (start tick ${startTicks})`, (t) => {
      const latency = c.inputLatencyUs === undefined ? {} : { inputLatencyUs: c.inputLatencyUs };
      const { transitions, stats } = replayTransitions(signal(c.initial, c.times), c.endMs, { debounce: { strategy: c.strategy }, startTicks, ...latency });
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
  t.throws(() => replayTransitions(signal(1, []), 0, { inputLatencyUs: -1 }), { instanceOf: RangeError, message: /^inputLatencyUs: / });
  t.throws(() => replayEvents(signal(1, []), 0, { holdMs: 5000, stuckMs: 4000 }), { instanceOf: RangeError, message: /^stuckMs: / });
});

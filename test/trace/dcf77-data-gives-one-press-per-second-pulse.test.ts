/**
 * A DCF77 receiver's DATA output (real captures, sigrok-dumps) is a long, noisy digital input: a
 * 100 or 200 ms high pulse at the start of every second except the 59th (the minute mark), plus
 * reception noise. Replayed active-high (the pulse = the press) under the default debounce
 * (defer, 30 ms), every second pulse gives exactly one press and no spike or glitch shorter than
 * the window gives any.
 *
 * The expected counts come from an analysis of the edges (a separate script, not this code):
 *
 * dcf77_120s.vcd (100.8 s): second pulses start 121–195 ms into each second 0…100, 69–220 ms
 * long, missing in seconds 28 and 88 (minute marks): 99 pulses. Noise: 3 spikes of about
 * 0.2 ms (each a fraction of a ms before a pulse or a glitch, so merged into it), 9 glitches
 * of 16–28 ms (none passes), and 3
 * interference pulses longer than the window, which a debounce window cannot reject and which
 * therefore do give presses: 44.7 ms from 77 973.648 ms, 35.2 ms from 84 771.293 ms (then 22 ms
 * low and 18.5 ms high, merged), 37.1 ms from 100 090.935 ms. Their reads come 100 µs after
 * the edge (the device's input latency), at ticks 77 973, 84 771 and 100 091, so the presses
 * are reported 30 ms later: 78 003, 84 801, 100 121.
 * No pulse or gap lies between 29 and 31 ms, so the 1 ms quantisation of the device cannot
 * change a count. Total: 99 + 3 = 102 presses.
 *
 * dcf77_480s_interrupted (480 s; power removed: no second pulse from 19.1 s to 88.7 s, DATA
 * low from 24.6 s to 88.7 s): second pulses in
 * seconds 0–18 and 90–479, less the minute marks 118, 178, 238, 298, 358, 418, 478: 402
 * seconds, each with a press. Besides: 2 long highs as the power went (1478 ms at 19.1 s,
 * 530 ms at 24.1 s), a 31.8 ms glitch in minute-mark second 478, and 46 interference pulses of
 * 30–75 ms in seconds that also hold a second pulse: 451 presses; none in the power gap. Both
 * the session (.sr) and its VCD export must give them. Every press and release is checked
 * against the guarantee itself: the level it reports was read, and nothing else, for the 30 ms
 * before it.
 */
import test from "ava";
import { pickSignal, readTraceFile } from "../../tools/trace/formats.ts";
import { replayTransitions, type Transition } from "../../tools/trace/replay.ts";
import { levelAfter, type TraceSignal } from "../../tools/trace/trace.ts";
import { ABSENT, capture } from "./captures.ts";

const WINDOW_MS = 30;

/**
 * The device's reads, written here independently of `tools/sim/pins.ts` (docs/traces.md
 * §Replay): an edge with no read pending queues one 100 µs later; edges before it are
 * coalesced; the read takes the level then, at tick floor(µs / 1000). An edge and a read at
 * the same µs: the edge first.
 */
function reads(s: TraceSignal, latencyUs = 100): [number, number][] {
  const out: [number, number][] = [];
  let due: number | undefined;
  let level: number = s.initial;
  for (let i = 0; i < s.times.length; i++) {
    const us = Math.round(s.times[i]! * 1000);
    if (due !== undefined && due < us) {
      out.push([Math.floor(due / 1000), level]);
      due = undefined;
    }
    level = levelAfter(s, i);
    if (due === undefined) due = us + latencyUs;
  }
  if (due !== undefined) out.push([Math.floor(due / 1000), level]);
  return out;
}

/** Transitions whose level was not the only level read in the window before them. */
function unstable(s: TraceSignal, transitions: Transition[]): Transition[] {
  const r = reads(s);
  return transitions.filter(({ t, pressed }) => {
    const level = pressed ? 1 : 0; // active-high
    let before = s.initial as number;
    for (const [ms, l] of r) {
      if (ms <= t - WINDOW_MS) before = l;
      else if (ms < t && l !== level) return true;
    }
    return before !== level;
  });
}

function replayData(file: string) {
  const trace = readTraceFile(file);
  const data = pickSignal(trace, "DATA");
  const { transitions } = replayTransitions(data, trace.endMs, { activeLow: false });
  return { data, transitions, presses: transitions.filter((x) => x.pressed).map((x) => x.t) };
}

const short = capture("dcf77_120s.vcd");
if (!short) test.skip(`dcf77_120s.vcd: ${ABSENT}`, () => {});
else
  test("dcf77_120s: 99 second pulses give one press each, 3 interference pulses over 30 ms one each, spikes none", (t) => {
    const { data, transitions, presses } = replayData(short);
    t.is(presses.length, 102);
    t.is(transitions.length, 204, "every press is released");
    const onGrid = presses.filter((p) => (p - WINDOW_MS) % 1000 >= 100 && (p - WINDOW_MS) % 1000 < 250);
    const seconds = onGrid.map((p) => Math.floor((p - WINDOW_MS) / 1000));
    const expectedSeconds = Array.from({ length: 101 }, (_, s) => s).filter((s) => s !== 28 && s !== 88);
    t.deepEqual(seconds, expectedSeconds, "one press in each second with a pulse, in order");
    t.deepEqual(presses.filter((p) => !onGrid.includes(p)), [78_003, 84_801, 100_121]);
    t.deepEqual(unstable(data, transitions), []);
  });

for (const name of ["dcf77_480s_interrupted.vcd", "dcf77_480s_interrupted.sr"]) {
  const file = capture(name);
  if (!file) {
    test.skip(`${name}: ${ABSENT}`, () => {});
    continue;
  }
  test(`${name}: 451 presses, one in each of the 402 seconds with a pulse, none in the power gap`, (t) => {
    const { data, transitions, presses } = replayData(file);
    t.is(presses.length, 451);
    t.is(transitions.length, 902, "every press is released");
    const withPress = new Set(presses.map((p) => Math.floor((p - WINDOW_MS) / 1000)));
    const pulseSeconds = [...Array.from({ length: 19 }, (_, s) => s), ...Array.from({ length: 390 }, (_, k) => 90 + k)].filter(
      (s) => ![118, 178, 238, 298, 358, 418, 478].includes(s),
    );
    t.is(pulseSeconds.length, 402);
    t.deepEqual(pulseSeconds.filter((s) => !withPress.has(s)), [], "every second pulse gave a press");
    t.deepEqual(presses.filter((p) => p > 25_000 && p < 88_000), [], "nothing while the receiver had no power");
    t.deepEqual(unstable(data, transitions), []);
  });
}

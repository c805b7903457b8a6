/**
 * An IR receiver's output while a remote's button is held (NEC repeat codes) or pressed: tens of
 * thousands of active-low pulses, the longest bursts about 9 ms. Replayed as the device sees
 * them, under the default debounce (defer, 30 ms, active-low) neither signal ever becomes a
 * press, with or without the press detector. The input is not trivial: it holds low bursts
 * longer than 7 ms, and the same input under `eager` does produce presses.
 */
import test from "ava";
import { pickSignal, readTraceFile } from "../../tools/trace/formats.ts";
import { replayEvents, replayTransitions } from "../../tools/trace/replay.ts";
import { levelAfter, type TraceSignal } from "../../tools/trace/trace.ts";
import { ABSENT, capture } from "./captures.ts";

/** Longest time the signal stays at 0, ms. */
function longestLow(s: TraceSignal, endMs: number): number {
  let longest = 0;
  for (let i = 0; i < s.times.length; i++) {
    if (levelAfter(s, i) !== 0) continue;
    const until = i + 1 < s.times.length ? s.times[i + 1] : endMs;
    longest = Math.max(longest, until - s.times[i]);
  }
  return longest;
}

for (const name of ["ir_nec_button1_hold.vcd", "ir_nec_button1_press.vcd", "ir_nec_button1_press.sr"]) {
  const file = capture(name);
  if (!file) {
    test.skip(`${name}: ${ABSENT}`, () => {});
    continue;
  }
  test(`${name}: no press on either signal under the default debounce`, (t) => {
    const trace = readTraceFile(file);
    for (const signalName of ["IR Toy IRDETECT", "IR Toy IRRX"]) {
      const signal = pickSignal(trace, signalName);
      t.deepEqual(replayTransitions(signal, trace.endMs).transitions, [], `${signalName}: transitions`);
      t.deepEqual(replayEvents(signal, trace.endMs).events, [], `${signalName}: events`);
      t.true(replayTransitions(signal, trace.endMs, { debounce: { strategy: "eager" } }).transitions.length > 0, `${signalName}: eager does react`);
    }
    const burst = longestLow(pickSignal(trace, "IR Toy IRRX"), trace.endMs);
    t.true(burst > 7 && burst < 30, `longest IRRX burst ${burst} ms`);
  });
}

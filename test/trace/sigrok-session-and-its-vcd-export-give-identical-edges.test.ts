/**
 * Real captures (sigrok-dumps, public domain): a sigrok session read directly and its VCD export
 * (`sigrok-cli -O vcd`, libsigrok 0.5.2) give identical signals: names (with spaces), initial
 * levels, every edge time to the bit, and the end of the capture.
 */
import test from "ava";
import { readTraceFile } from "../../tools/trace/formats.ts";
import { ABSENT, capture } from "./captures.ts";

const PAIRS: readonly [string, string, readonly string[]][] = [
  ["dcf77_480s_interrupted.sr", "dcf77_480s_interrupted.vcd", ["PON", "DATA"]],
  ["ir_nec_button1_press.sr", "ir_nec_button1_press.vcd", ["IR Toy IRDETECT", "IR Toy IRRX"]],
];

for (const [sr, vcd, names] of PAIRS) {
  const srFile = capture(sr);
  const vcdFile = capture(vcd);
  if (!srFile || !vcdFile) {
    test.skip(`${sr} and ${vcd}: ${ABSENT}`, () => {});
    continue;
  }
  test(`${sr} and ${vcd} give identical edges`, (t) => {
    const a = readTraceFile(srFile);
    const b = readTraceFile(vcdFile);
    t.deepEqual(a.signals.map((s) => s.name), names);
    t.deepEqual(b.signals.map((s) => s.name), names);
    t.is(a.endMs, b.endMs);
    for (let k = 0; k < names.length; k++) {
      t.is(a.signals[k].initial, b.signals[k].initial, names[k]);
      t.deepEqual(a.signals[k].times, b.signals[k].times, names[k]);
    }
    t.true(a.signals.some((s) => s.times.length > 30), "the captures have edges to compare");
  });
}

const hold = capture("ir_nec_button1_hold.vcd");
if (!hold) test.skip(`ir_nec_button1_hold.vcd: ${ABSENT}`, () => {});
else
  test("ir_nec_button1_hold.vcd: 1 ns timescale, ≈36 000 edges, final #time is the end", (t) => {
    const trace = readTraceFile(hold);
    t.deepEqual(trace.signals.map((s) => [s.name, s.times.length]), [["IR Toy IRDETECT", 36_000], ["IR Toy IRRX", 990]]);
    t.is(trace.endMs, 2000); // "#2000000000" at 1 ns
    t.is(trace.signals[0].times[0], 441.519375); // "#441519375 0!"
  });

/**
 * `bell trace debounce` prints the debounced transitions of the shipped fixtures exactly as
 * worked out by hand from the device's pin model (test/fixtures/traces/README.md has the
 * derivations; the eager rows and the read counts changed when the replay became the
 * simulator's pin model, issue 10 point 8), readable or as JSON
 * lines `{"t": ms, "pressed": bool}`; with `--events`, the press detector's events.
 */
import test from "ava";
import { bell } from "./bell.ts";

const F = "test/fixtures/traces/";
const json = (rows: [number, boolean][]) => rows.map(([t, pressed]) => JSON.stringify({ t, pressed }) + "\n").join("");

const CASES: readonly [string[], string][] = [
  // Without --strategy / --window-ms the tool uses the device's default, integrate 30 ms
  // (firmware/core/config.ts), as --hold-ms uses the device's hold: derivations in the fixtures'
  // README ("integrate").
  [[F + "bouncy-press.jsonl", "--json"], json([[130, true], [382, false]])],
  [[F + "noise-burst.jsonl", "--json"], ""],
  [[F + "slow-edge.csv", "--json"], json([[1037, true], [1635, false]])],
  [[F + "glitch.vcd", "--json", "--signal", "button"], json([[630, true], [930, false]])],
  [
    [F + "bouncy-press.jsonl", "--events"],
    'bouncy-press.jsonl, signal "level" (active-low), integrate 30 ms, hold 100 ms, stuck 30000 ms: 20 edges, 18 reads\n' +
      "      230 ms  press\n" +
      "      382 ms  release\n" +
      "2 event(s)\n",
  ],
  [[F + "bouncy-press.jsonl", "--json", "--strategy", "defer"], json([[132, true], [383, false]])],
  [[F + "bouncy-press.jsonl", "--json", "--strategy", "eager"], json([[100, true], [350, false]])],
  [[F + "bouncy-press.jsonl", "--json", "--strategy", "defer", "--start-ticks", "4294967290"], json([[132, true], [383, false]])],
  [[F + "noise-burst.jsonl", "--json", "--strategy", "defer"], ""],
  [[F + "noise-burst.jsonl", "--json", "--strategy", "eager"], json([[300, true], [330, false], [400, true], [430, false], [501, true], [531, false]])],
  [[F + "slow-edge.csv", "--json", "--strategy", "defer"], json([[1037, true], [1635, false]])],
  [[F + "slow-edge.csv", "--json", "--strategy", "eager"], json([[1000, true], [1600, false]])],
  [[F + "glitch.vcd", "--json", "--strategy", "defer", "--signal", "button"], json([[630, true], [930, false]])],
  [[F + "glitch.vcd", "--json", "--signal", "button", "--strategy", "eager"], json([[250, true], [280, false], [400, true], [430, false], [600, true], [900, false]])],
  // a 20 ms window passes the noise burst's 25 ms glitch (reads at ticks 501→0, 525→1), not its
  // 5 and 12 ms ones: pressed at 521, released at 525 + 20.
  [[F + "noise-burst.jsonl", "--json", "--strategy", "defer", "--window-ms", "20"], json([[521, true], [545, false]])],
  // "status led" idles low: active-high makes its high pulses presses (reads 400→1, 450→0,
  // 600→1, 900→0).
  [[F + "glitch.vcd", "--json", "--strategy", "defer", "--signal", "status led", "--active-high"], json([[430, true], [480, false], [630, true], [930, false]])],
  [
    [F + "bouncy-press.jsonl", "--json", "--strategy", "defer", "--events", "--hold-ms", "200"],
    '{"t":332,"event":"press"}\n{"t":383,"event":"release"}\n',
  ],
  [
    [F + "bouncy-press.jsonl", "--strategy", "defer"],
    'bouncy-press.jsonl, signal "level" (active-low), defer 30 ms: 20 edges, 18 reads\n' +
      "      132 ms  pressed\n" +
      "      383 ms  released\n" +
      "2 transition(s)\n",
  ],
  [
    // The device's default hold (100 ms) counts from the debounced press at 132 ms.
    [F + "bouncy-press.jsonl", "--strategy", "defer", "--events"],
    'bouncy-press.jsonl, signal "level" (active-low), defer 30 ms, hold 100 ms, stuck 30000 ms: 20 edges, 18 reads\n' +
      "      232 ms  press\n" +
      "      383 ms  release\n" +
      "2 event(s)\n",
  ],
];

for (const [args, expected] of CASES) {
  test(`bell trace debounce ${args.join(" ")}`, async (t) => {
    const r = await bell(["trace", "debounce", ...args]);
    t.is(r.stderr, "");
    t.is(r.code, 0);
    t.is(r.stdout, expected);
  });
}
